import { useEffect, useState, type ComponentType } from 'react'
import { getApi } from './api'
import { NavRail } from './components/NavRail'
import { ConnectionBanner } from './components/ConnectionBanner'
import { ShortcutsDialog } from './components/ShortcutsDialog'
import { StatusBar } from './components/StatusBar'
import { ApprovalsView } from './features/approvals'
import { CostsView } from './features/costs'
import { InboxView } from './features/inbox/InboxView'
import { LabView } from './features/lab'
import { ChooseConnectionView, InviteView, SignInView } from './features/session'
import { SettingsView } from './features/settings'
import { FirstRun } from './features/shop'
import { TicketPane } from './features/ticket/TicketPane'
import { useFrontlineStore } from './store'
import type { View } from './store/app-slice'
import { followConnection } from './store/connection-slice'
import { followCoreEvents } from './store/live-updates'
import { usePresenceReport } from './hooks/usePresenceReport'
import { showNoticesInBrowser } from './store/notifications-slice'
import { shortcutFor } from './shortcuts'

/** The full-page views besides the inbox; a view not built yet shows in the navigation as unavailable. */
const pages: Partial<Record<Exclude<View, 'inbox'>, ComponentType>> = {
  approvals: ApprovalsView,
  costs: CostsView,
  lab: LabView,
  settings: SettingsView
}
const available = new Set<View>(['inbox', ...(Object.keys(pages) as View[])])

/** Follows the chosen theme; "system" leaves it to the operating system's light or dark setting. */
function useTheme(): void {
  const theme = useFrontlineStore((s) => s.theme)
  useEffect(() => {
    const root = document.documentElement
    if (theme === 'system') delete root.dataset.theme
    else root.dataset.theme = theme
  }, [theme])
}

/** The console's keyboard shortcuts (see shortcuts.ts); returns whether the list of them is open. */
function useShortcuts(): [boolean, (open: boolean) => void] {
  const [helpOpen, setHelpOpen] = useState(false)
  useEffect(() => {
    if (helpOpen) return
    const onKey = (event: KeyboardEvent): void => {
      const shortcut = shortcutFor(event)
      if (!shortcut?.run) return
      event.preventDefault()
      shortcut.run(useFrontlineStore.getState(), { openHelp: () => setHelpOpen(true) })
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [helpOpen])
  return [helpOpen, setHelpOpen]
}

/** The console itself, for the person signed in (or the desktop's owner). */
function Console() {
  const view = useFrontlineStore((s) => s.view)
  const team = useFrontlineStore((s) => s.me?.team === true)
  const firstRun = useFrontlineStore((s) => s.firstRun)
  usePresenceReport()
  const [helpOpen, setHelpOpen] = useShortcuts()

  useEffect(() => {
    const state = useFrontlineStore.getState
    void state().loadAppInfo()
    void state().loadInbox()
    void state().loadStatus()
    void state().loadSettings()
    void state().loadShop()
    const api = getApi()
    const offs = [followCoreEvents(api), followConnection(api, state), showNoticesInBrowser(api, state)]
    return () => {
      for (const off of offs) off()
    }
  }, [])

  useEffect(() => {
    if (!team) return
    const state = useFrontlineStore.getState()
    void state.loadPeople()
    void state.loadPresence()
    void state.loadTeamSettings()
  }, [team])

  // An empty shop opens on the choice between the demo shop and an import, until the person moves on.
  if (firstRun) return <FirstRun />

  const Page = view === 'inbox' ? null : pages[view]
  return (
    <div className="app">
      <ConnectionBanner />
      <NavRail available={available} />
      {/* The inbox stays mounted behind the other views, so its scroll position and open ticket survive. */}
      <main className="workspace" hidden={view !== 'inbox'}>
        <InboxView />
        <TicketPane />
      </main>
      {Page ? (
        <main className="page">
          <Page />
        </main>
      ) : null}
      <StatusBar />
      {helpOpen ? <ShortcutsDialog onClose={() => setHelpOpen(false)} /> : null}
    </div>
  )
}

export function App() {
  const phase = useFrontlineStore((s) => s.phase)
  const generation = useFrontlineStore((s) => s.sessionGeneration)
  useTheme()

  useEffect(() => {
    void useFrontlineStore.getState().bootSession()
  }, [])

  if (phase === 'checking') {
    return (
      <main className="session-screen" aria-busy="true">
        <p className="muted">Connecting to Frontline…</p>
      </main>
    )
  }
  if (phase === 'sign-in') return <SignInView />
  if (phase === 'invite') return <InviteView />
  if (phase === 'choose-connection') return <ChooseConnectionView />
  // A new sign-in starts the console afresh: nothing of the last person's view stays.
  return <Console key={generation} />
}
