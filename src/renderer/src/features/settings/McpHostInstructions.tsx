import type { SettingsView } from '../../../../shared/domain/settings'
import { CopyBlock } from './CopyBlock'

/** How to let an MCP host (Claude Desktop, an IDE…) use Frontline's tools over this shop. */
export function McpHostInstructions({ mcp }: { mcp: SettingsView['mcp'] }) {
  return (
    <section className="card settings-card" aria-labelledby="mcp-host-heading">
      <header className="card__header">
        <div>
          <h2 id="mcp-host-heading" className="card__title">
            Use Frontline&apos;s tools from an MCP host
          </h2>
          <p className="card__subtitle">
            Claude Desktop and other MCP hosts can look up orders and customers and propose returns. Every
            return they propose waits in Approvals, like the AI&apos;s.
          </p>
        </div>
      </header>
      <div className="card__body settings-stack">
        <p className="mcp-step">
          In Claude Desktop, open <strong>Settings → Developer → Edit Config</strong>, merge this into{' '}
          <code>claude_desktop_config.json</code> and restart Claude Desktop:
        </p>
        <CopyBlock label="Claude Desktop configuration" text={mcp.claudeDesktop} />
        <p className="mcp-step">Hosts that ask for the command of a stdio server take this line:</p>
        <CopyBlock label="Stdio command" text={mcp.genericStdio} />
      </div>
    </section>
  )
}
