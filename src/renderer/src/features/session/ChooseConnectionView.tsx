import { ConnectionForm } from './ConnectionForm'
import '../console-views.css'
import '../settings/settings.css'
import './session.css'

/** The desktop app's first run: its own database, or a team's server. */
export function ChooseConnectionView() {
  return (
    <main className="session-screen">
      <section className="card session-card" aria-labelledby="choose-heading">
        <div className="session-card__brand" aria-hidden="true">
          F
        </div>
        <h1 id="choose-heading" className="session-card__title">
          Welcome to Frontline
        </h1>
        <p className="session-card__subtitle">
          Work on this computer alone, or join your team&apos;s shared inbox. Settings can change this later.
        </p>
        <ConnectionForm submitLabel="Continue" />
      </section>
    </main>
  )
}
