import type { SettingsView } from '../../../../shared/domain/settings'

const SETTING_NAMES: Readonly<Record<string, string>> = {
  llm: 'AI settings',
  channel: 'Chat channel',
  autopilot: 'Autopilot',
  'mcp.servers': 'External MCP servers'
}

/**
 * Saved values Frontline could not read back (written by another version, or edited by hand). They
 * are kept as stored, and defaults stand in until the person saves them again: said here, never silent.
 */
export function SettingProblems({ problems }: { problems: SettingsView['problems'] }) {
  if (problems.length === 0) return null
  return (
    <section className="card settings-card settings-problems" role="alert" aria-labelledby="setting-problems">
      <header className="card__header">
        <h2 id="setting-problems" className="card__title">
          Some saved settings could not be read
        </h2>
      </header>
      <div className="card__body">
        <p className="muted">
          Frontline uses the default for each of these until you save it again; the saved text is kept as it
          is.
        </p>
        <ul>
          {problems.map((p) => (
            <li key={`${p.setting}:${p.field}`}>
              <strong>{SETTING_NAMES[p.setting] ?? p.setting}</strong>
              {p.field ? <span className="mono"> {p.field}</span> : null}: {p.message}
            </li>
          ))}
        </ul>
      </div>
    </section>
  )
}
