import { useEffect, type ComponentType } from 'react'
import { getApi } from './api'
import { NavRail } from './components/NavRail'
import { StatusBar } from './components/StatusBar'
import { ApprovalsView } from './features/approvals'
import { CostsView } from './features/costs'
import { InboxView } from './features/inbox/InboxView'
import { ChooseConnectionView, InviteView, SignInView } from './features/session'
import { SettingsView } from './features/settings'
import { FirstRun } from './features/shop'
import { TicketPane } from './features/ticket/TicketPane'
import { useFrontlineStore } from './store'
import type { View } from './store/app-slice'
import { followCoreEvents } from './store/live-updates'
import { usePresenceReport } from './hooks/usePresenceReport'

/** The full-page views besides the inbox; a view not built yet shows in the navigation as unavailable. */
const pages: Partial<Record<Exclude<View, 'inbox'>, ComponentType>> = {
  approvals: ApprovalsView,
  costs: CostsView,
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

/** The console itself, for the person signed in (or the desktop's owner). */
function Console() {
  const view = useFrontlineStore((s) => s.view)
  const team = useFrontlineStore((s) => s.me?.team === true)
  const firstRun = useFrontlineStore((s) => s.firstRun)
  usePresenceReport()

  useEffect(() => {
    const state = useFrontlineStore.getState()
    void state.loadAppInfo()
    void state.loadInbox()
    void state.loadStatus()
    void state.loadSettings()
    void state.loadShop()
    return followCoreEvents(getApi())
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
