import { useFrontlineStore } from '../../store'
import { ConnectionForm } from '../session'

/** The desktop app only: this computer's database, or a team server. */
export function ConnectionSettingsCard() {
  const connection = useFrontlineStore((s) => s.connectionChoice)
  if (!connection?.switchable) return null
  return (
    <section className="card settings-card" aria-labelledby="connection-heading">
      <header className="card__header">
        <div>
          <h2 id="connection-heading" className="card__title">
            Where this console works
          </h2>
          <p className="card__subtitle">
            {connection.mode === 'team'
              ? `Connected to the team server at ${connection.url}.`
              : 'On this computer, with its own database.'}{' '}
            Switching restarts Frontline.
          </p>
        </div>
      </header>
      <ConnectionForm submitLabel="Switch" />
    </section>
  )
}
