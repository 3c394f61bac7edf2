import { useEffect, useId, useState, type FormEvent } from 'react'
import { splitCommandLine, type McpServerView } from '../../../../shared/domain/mcp-server'
import { getApi } from '../../api'
import { Badge } from '../../components/Badge'
import { ErrorNotice } from '../../components/ErrorNotice'
import { formatDateTime } from '../../format'
import { useFrontlineStore } from '../../store'
import { followMcpServers, type McpServerAdd } from '../../store/settings-slice'
import { CharCount } from '../../components/CharCount'
import { fieldErrors, plainMessage } from './field-errors'

/** The contract's limit on a server's name (McpServerAddInput). */
const SERVER_NAME_MAX = 80
import { SaveFeedback } from './SaveFeedback'
import { ConfirmButton } from '../../components/ConfirmButton'

const stateTone = { connected: 'success', connecting: 'info', failed: 'danger', disabled: 'muted' } as const
const stateWords = {
  connected: 'Connected',
  connecting: 'Connecting…',
  failed: 'Not connected',
  disabled: 'Off'
}

/** A command line's words, honouring quotes (the CLI's `mcp-server allow --command` reads it the same). */
export const splitArgs = splitCommandLine

/** `NAME=value` (environment) or `Name: value` (headers), one a line; blank lines are skipped. */
export function parsePairs(text: string, separator: '=' | ':'): Record<string, string> {
  const pairs: Record<string, string> = {}
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    const cut = line.indexOf(separator)
    const name = (cut < 0 ? line : line.slice(0, cut)).trim()
    pairs[name] = cut < 0 ? '' : line.slice(cut + 1).trim()
  }
  return pairs
}

function ServerRow({ server }: { server: McpServerView }) {
  const save = useFrontlineStore((s) => s.settingsSaves[`mcpServer:${server.id}`])
  const setEnabled = useFrontlineStore((s) => s.setMcpServerEnabled)
  const reconnect = useFrontlineStore((s) => s.reconnectMcpServer)
  const remove = useFrontlineStore((s) => s.removeMcpServer)
  const busy = save?.state === 'saving'
  const headingId = useId()
  const needsApproval = server.tools.filter((t) => !t.readOnly).length

  return (
    <li className="mcp-server" aria-labelledby={headingId}>
      <div className="mcp-server__main">
        <p className="mcp-server__title">
          <span id={headingId} className="mcp-server__name">
            {server.name}
          </span>
          <Badge tone={stateTone[server.state]}>{stateWords[server.state]}</Badge>
        </p>
        <p className="mcp-server__target mono">
          {server.transport === 'stdio' ? [server.command, ...server.args].join(' ') : server.url}
        </p>
        <p className="mcp-server__meta muted">
          {server.transport === 'stdio' ? 'Command (stdio)' : 'URL (Streamable HTTP)'} · id {server.id}
          {server.envNames.length > 0 ? ` · env: ${server.envNames.join(', ')}` : ''}
          {server.headerNames.length > 0 ? ` · headers: ${server.headerNames.join(', ')}` : ''}
          {server.connectedAt && server.state === 'connected'
            ? ` · since ${formatDateTime(server.connectedAt)}`
            : ''}
        </p>
        {server.lastError && server.state !== 'connected' ? (
          <p className="mcp-server__error" title={server.lastError}>
            {plainMessage(server.lastError)}
          </p>
        ) : null}
        {server.tools.length > 0 ? (
          <details className="mcp-server__tools">
            <summary>
              {server.tools.length} {server.tools.length === 1 ? 'tool' : 'tools'}
              {needsApproval > 0
                ? ` · ${needsApproval} ${needsApproval === 1 ? 'needs' : 'need'} approval`
                : ''}
            </summary>
            <ul>
              {server.tools.map((tool) => (
                <li key={tool.name}>
                  <span className="mono">{tool.name}</span>
                  {tool.title ? <span className="muted"> — {tool.title}</span> : null}{' '}
                  {tool.readOnly ? (
                    <Badge tone="neutral">Runs at once</Badge>
                  ) : (
                    <Badge tone="warning">Needs approval</Badge>
                  )}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
        {save?.state === 'failed' ? (
          <p className="field__error" role="alert">
            {plainMessage(save.error.message)}
          </p>
        ) : null}
      </div>
      <div className="mcp-server__actions">
        <button
          type="button"
          role="switch"
          aria-checked={server.enabled}
          aria-label={`Use ${server.name}`}
          className="switch"
          disabled={busy}
          onClick={() => void setEnabled(server.id, !server.enabled)}
        >
          <span className="switch__thumb" aria-hidden="true" />
        </button>
        <button
          type="button"
          className="button button--quiet button--compact"
          disabled={busy || !server.enabled}
          onClick={() => void reconnect(server.id)}
        >
          Reconnect
        </button>
        <ConfirmButton
          label="Remove"
          confirmLabel={`Remove ${server.name}`}
          busy={busy}
          onConfirm={() => remove(server.id)}
        />
      </div>
    </li>
  )
}

type Transport = 'stdio' | 'http'

function AddServerForm() {
  const addMcpServer = useFrontlineStore((s) => s.addMcpServer)
  const save = useFrontlineStore((s) => s.settingsSaves['mcpServer:add'])
  const [transport, setTransport] = useState<Transport>('stdio')
  const [name, setName] = useState('')
  const [command, setCommand] = useState('')
  const [url, setUrl] = useState('')
  const [pairs, setPairs] = useState('')
  const ids = { name: useId(), command: useId(), url: useId(), pairs: useId(), targetError: useId() }
  const errors = fieldErrors(save, '')
  const errorFor = (...fields: string[]): string | undefined =>
    fields.map((f) => errors.byField[f]).find((m) => m !== undefined) ??
    Object.entries(errors.byField).find(([field]) => fields.some((f) => field.startsWith(`${f}.`)))?.[1]

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const words = splitArgs(command)
    const server: McpServerAdd =
      transport === 'stdio'
        ? {
            transport,
            name,
            command: words[0] ?? '',
            args: words.slice(1),
            ...(pairs.trim() ? { env: parsePairs(pairs, '=') } : {})
          }
        : { transport, name, url: url.trim(), ...(pairs.trim() ? { headers: parsePairs(pairs, ':') } : {}) }
    if (await addMcpServer(server)) {
      setName('')
      setCommand('')
      setUrl('')
      setPairs('')
    }
  }

  const nameError = errorFor('name', 'id')
  const targetError = transport === 'stdio' ? errorFor('command', 'args') : errorFor('url')
  const pairsError = errorFor(transport === 'stdio' ? 'env' : 'headers')

  return (
    <form className="settings-form add-server" onSubmit={(event) => void submit(event)} noValidate>
      <h3 className="add-server__title">Add a server</h3>
      <div className="segmented" role="radiogroup" aria-label="How Frontline reaches the server">
        {(['stdio', 'http'] as const).map((t) => (
          <label key={t} className="segmented__option">
            <input
              type="radio"
              name="mcp-transport"
              value={t}
              checked={transport === t}
              onChange={() => setTransport(t)}
            />
            <span>{t === 'stdio' ? 'Command (stdio)' : 'URL (HTTP)'}</span>
          </label>
        ))}
      </div>
      <div className="settings-grid-2">
        <div className="field">
          <label htmlFor={ids.name} className="field__label">
            Name
          </label>
          <input
            id={ids.name}
            className="field__input"
            value={name}
            placeholder="e.g. Warehouse"
            maxLength={SERVER_NAME_MAX}
            aria-invalid={nameError !== undefined}
            onChange={(event) => setName(event.target.value)}
          />
          <CharCount length={name.length} max={SERVER_NAME_MAX} />
          {nameError ? <p className="field__error">{nameError}</p> : null}
        </div>
        {transport === 'stdio' ? (
          <div className="field">
            <label htmlFor={ids.command} className="field__label">
              Command
            </label>
            <input
              id={ids.command}
              className="field__input field__input--mono"
              value={command}
              placeholder="npx -y @acme/warehouse-mcp"
              spellCheck={false}
              aria-invalid={targetError !== undefined}
              aria-describedby={targetError ? ids.targetError : undefined}
              onChange={(event) => setCommand(event.target.value)}
            />
            {targetError ? (
              <p id={ids.targetError} className="field__error">
                {targetError}
              </p>
            ) : null}
            <p className="field__hint">
              Only programs allowed on this computer run (the desktop app asks you; elsewhere, run{' '}
              <code>frontline mcp-server allow</code>).
            </p>
          </div>
        ) : (
          <div className="field">
            <label htmlFor={ids.url} className="field__label">
              URL
            </label>
            <input
              id={ids.url}
              className="field__input field__input--mono"
              type="url"
              value={url}
              placeholder="https://mcp.example.com/mcp"
              spellCheck={false}
              aria-invalid={targetError !== undefined}
              aria-describedby={targetError ? ids.targetError : undefined}
              onChange={(event) => setUrl(event.target.value)}
            />
            {targetError ? (
              <p id={ids.targetError} className="field__error">
                {targetError}
              </p>
            ) : null}
          </div>
        )}
      </div>
      <div className="field">
        <label htmlFor={ids.pairs} className="field__label">
          {transport === 'stdio' ? 'Environment variables (optional)' : 'Headers (optional)'}
        </label>
        <textarea
          id={ids.pairs}
          className="field__input field__input--mono"
          rows={2}
          value={pairs}
          spellCheck={false}
          placeholder={transport === 'stdio' ? 'API_TOKEN=…' : 'Authorization: Bearer …'}
          aria-invalid={pairsError !== undefined}
          onChange={(event) => setPairs(event.target.value)}
        />
        {pairsError ? <p className="field__error">{pairsError}</p> : null}
        <p className="field__hint">
          One a line. Values are kept like API keys, never in the database; this page only shows their names.
        </p>
      </div>
      <div className="settings-form__actions">
        <button type="submit" className="button" disabled={save?.state === 'saving'}>
          {save?.state === 'saving' ? 'Adding…' : 'Add server'}
        </button>
        <SaveFeedback save={save} generalError={errors.general} savedWords="Server added: connecting…" />
      </div>
    </form>
  )
}

/** MCP servers whose tools Frontline's agent may call; tools that change things wait in Approvals. */
export function McpServers() {
  const servers = useFrontlineStore((s) => s.mcpServers)
  const loadMcpServers = useFrontlineStore((s) => s.loadMcpServers)

  useEffect(() => {
    void loadMcpServers()
    return followMcpServers(getApi(), useFrontlineStore)
  }, [loadMcpServers])

  return (
    <section className="card settings-card" aria-labelledby="mcp-servers-heading">
      <header className="card__header">
        <div>
          <h2 id="mcp-servers-heading" className="card__title">
            External MCP servers
          </h2>
          <p className="card__subtitle">
            Give the AI more tools (a warehouse, a CRM…). Tools a server marks read-only run at once; every
            other call waits in Approvals.
          </p>
        </div>
      </header>
      <div className="card__body settings-stack">
        {servers.status === 'error' && servers.error ? (
          <ErrorNotice what="the MCP servers" error={servers.error} onRetry={() => void loadMcpServers()} />
        ) : null}
        {servers.data && servers.data.length > 0 ? (
          <ul className="mcp-server-list" aria-label="MCP servers">
            {servers.data.map((server) => (
              <ServerRow key={server.id} server={server} />
            ))}
          </ul>
        ) : servers.data ? (
          <p className="muted">No external servers yet.</p>
        ) : null}
        <AddServerForm />
      </div>
    </section>
  )
}
