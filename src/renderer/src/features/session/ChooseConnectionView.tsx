import { ConnectionForm } from './ConnectionForm'
import { SessionCard } from './SessionCard'
import '../settings/settings.css'

/** The desktop app's first run: its own database, or a team's server. */
export function ChooseConnectionView() {
  return (
    <SessionCard title="Welcome to Frontline" titleId="choose-heading">
      <p className="session-card__subtitle">
        Work on this computer alone, or join your team&apos;s shared inbox. Settings can change this later.
      </p>
      <ConnectionForm submitLabel="Continue" />
    </SessionCard>
  )
}
