import type { ReactNode } from 'react'
import { useFrontlineStore } from '../store'
import type { Theme, View } from '../store/app-slice'
import { ApprovalsIcon, CostsIcon, InboxIcon, LabIcon, SettingsIcon } from './Icons'

const entries: { view: View; label: string; icon: ReactNode }[] = [
  { view: 'inbox', label: 'Inbox', icon: <InboxIcon /> },
  { view: 'approvals', label: 'Approvals', icon: <ApprovalsIcon /> },
  { view: 'costs', label: 'Costs', icon: <CostsIcon /> },
  { view: 'lab', label: 'Lab', icon: <LabIcon /> },
  { view: 'settings', label: 'Settings', icon: <SettingsIcon /> }
]

const themes: { value: Theme; label: string }[] = [
  { value: 'system', label: 'Match system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' }
]

/** How many proposed actions wait for a person: the queue's own count, else the status bar's. */
export const usePendingApprovals = (): number | null =>
  useFrontlineStore((s) => s.pendingApprovals ?? s.status.data?.pendingActions ?? null)

/** Team mode: who is signed in here, and the way out (this browser, or every session). */
function Account() {
  const me = useFrontlineStore((s) => s.me)
  const signOut = useFrontlineStore((s) => s.signOut)
  if (!me?.team) return null
  return (
    <section className="nav__account" aria-label="Signed in">
      <p className="nav__who">
        <span className="nav__who-name">{me.name}</span>
        <span className="nav__who-role">{me.role}</span>
      </p>
      <button type="button" className="nav__account-button" onClick={() => void signOut()}>
        Sign out
      </button>
      <button type="button" className="nav__account-button" onClick={() => void signOut(true)}>
        Sign out everywhere
      </button>
    </section>
  )
}

/** The views of the console, the approvals count visible from all of them, and the theme. */
export function NavRail({ available }: { available: ReadonlySet<View> }) {
  const view = useFrontlineStore((s) => s.view)
  const setView = useFrontlineStore((s) => s.setView)
  const theme = useFrontlineStore((s) => s.theme)
  const setTheme = useFrontlineStore((s) => s.setTheme)
  const pending = usePendingApprovals()

  return (
    <nav className="nav" aria-label="Views">
      <div className="nav__brand">
        <span className="nav__logo" aria-hidden="true">
          F
        </span>
        <span>
          <span className="nav__name">Frontline</span>
          <span className="nav__product">Support console</span>
        </span>
      </div>
      <ul className="nav__list">
        {entries.map((entry) => {
          const ready = available.has(entry.view)
          return (
            <li key={entry.view}>
              <button
                type="button"
                className="nav__item"
                aria-current={view === entry.view ? 'page' : undefined}
                disabled={!ready}
                title={ready ? undefined : 'Coming soon'}
                onClick={() => setView(entry.view)}
              >
                {entry.icon}
                <span className="nav__label">{entry.label}</span>
                {entry.view === 'approvals' && pending !== null && pending > 0 ? (
                  <span className="nav__count">
                    <span aria-hidden="true">{pending}</span>
                    <span className="visually-hidden">{pending} waiting</span>
                  </span>
                ) : null}
              </button>
            </li>
          )
        })}
      </ul>
      <Account />
      <label className="nav__theme">
        <span className="nav__theme-label">Theme</span>
        <select value={theme} onChange={(event) => setTheme(event.target.value as Theme)}>
          {themes.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
    </nav>
  )
}
