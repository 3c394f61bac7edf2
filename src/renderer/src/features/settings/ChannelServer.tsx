import { useId, useState, type FormEvent } from 'react'
import type { ChannelSettings, ChannelStatus } from '../../../../shared/domain/channel'
import type { StatusView } from '../../../../shared/domain/settings'
import { Badge, type Tone } from '../../components/Badge'
import { formatTime, plural } from '../../format'
import { useFrontlineStore } from '../../store'
import { ChannelTls } from './ChannelTls'
import { fieldErrors } from './field-errors'
import { SaveFeedback } from './SaveFeedback'

type Breaker = StatusView['providers'][number]['state']

const breakerWords: Record<Breaker, { tone: Tone; label: string; hint: string }> = {
  closed: { tone: 'success', label: 'Closed', hint: 'the AI provider is answering' },
  half_open: { tone: 'warning', label: 'Half open', hint: 'trying the AI provider again' },
  open: {
    tone: 'danger',
    label: 'Open',
    hint: 'the AI provider is failing: answers are written from templates with the real order data'
  }
}

/** The port the API listens on (from its address), or the one it will use at the next start. */
const portOf = (status: ChannelStatus, settings: ChannelSettings): string => {
  if (!status.url) return String(settings.port === 0 ? 'any free port' : settings.port)
  const url = new URL(status.url)
  return url.port || (url.protocol === 'https:' ? '443' : '80')
}

/** Node's words for an address it cannot take, in a person's (the core already words a port in use). */
function friendlyStartError(message: string, port: number): string {
  if (/EACCES/.test(message))
    return `This computer does not let Frontline use port ${port}. Choose one above 1024.`
  if (/EADDRNOTAVAIL|ENOTFOUND|getaddrinfo/.test(message))
    return 'This computer has no such address to listen on. Use 127.0.0.1 (this computer only) or 0.0.0.0 (every network).'
  return message
}

function BreakerState({ providerName, breaker }: { providerName: string; breaker: Breaker | null }) {
  if (!breaker) return <span className="muted">Not known yet</span>
  const words = breakerWords[breaker]
  return (
    <>
      <Badge tone={words.tone}>{words.label}</Badge>{' '}
      <span className="muted">
        {providerName}: {words.hint}
      </span>
    </>
  )
}

interface ChannelServerProps {
  status: ChannelStatus
  settings: ChannelSettings
}

/** The switch that serves the chat API, what it is doing now, and where it listens. */
export function ChannelServer({ status, settings }: ChannelServerProps) {
  const startChannel = useFrontlineStore((s) => s.startChannel)
  const stopChannel = useFrontlineStore((s) => s.stopChannel)
  const switchSave = useFrontlineStore((s) => s.channelSaves.switch)
  const defaultProvider = useFrontlineStore((s) => s.settings.data?.defaultModel.providerId)
  const providerHealth = useFrontlineStore((s) =>
    s.status.data?.providers.find((p) => p.providerId === defaultProvider)
  )
  const busy = switchSave?.state === 'saving'
  const startErrors = fieldErrors(switchSave, '', ['port', 'host'])
  const refusedPort = startErrors.byField.port ?? startErrors.byField.host

  return (
    <div className="channel-server">
      <div className="demo-row">
        <div>
          <p className="demo-row__title">
            Chat API{' '}
            {status.running ? <Badge tone="success">Running</Badge> : <Badge tone="muted">Stopped</Badge>}
          </p>
          <p className="field__hint">
            {status.running
              ? `Serving since ${formatTime(status.startedAt ?? '')}. Your website's chat sends customer messages here; each conversation is a ticket in the Inbox.`
              : 'Turn it on to let your website send customer chats to Frontline. Nothing listens while it is off.'}
          </p>
        </div>
        <button
          type="button"
          role="switch"
          aria-checked={status.running}
          aria-label="Serve the chat API"
          className="switch"
          disabled={busy}
          onClick={() => void (status.running ? stopChannel() : startChannel())}
        >
          <span className="switch__thumb" aria-hidden="true" />
        </button>
      </div>
      {switchSave?.state === 'failed' ? (
        <p className="save-feedback save-feedback--error" role="alert">
          Could not {status.running ? 'stop' : 'start'} the chat API.{' '}
          {refusedPort
            ? friendlyStartError(refusedPort, settings.port)
            : (startErrors.general ?? switchSave.error.message)}
        </p>
      ) : null}
      {status.running && status.activeKeys === 0 ? (
        <p className="field__warning" role="status">
          No key opens the API yet: every request is refused until you create a channel key below.
        </p>
      ) : null}

      <dl className="facts channel-facts">
        <div>
          <dt>Address</dt>
          <dd className="mono">{status.url ?? <span className="muted">Not listening</span>}</dd>
        </div>
        <div>
          <dt>Port</dt>
          <dd>{portOf(status, settings)}</dd>
        </div>
        <div>
          <dt>Queue</dt>
          <dd>
            {plural(status.chatsInFlight, 'chat')} being answered ·{' '}
            {plural(status.connectedSessions, 'live chat')} connected
          </dd>
        </div>
        <div>
          <dt>AI breaker</dt>
          <dd>
            <BreakerState
              providerName={providerHealth?.name ?? defaultProvider ?? 'AI provider'}
              breaker={providerHealth?.state ?? null}
            />
          </dd>
        </div>
        <div>
          <dt>Keys</dt>
          <dd>
            {plural(status.activeKeys, 'active key')}
            {status.environmentKey ? ' (one from FRONTLINE_CHANNEL_KEY in the environment)' : ''}
          </dd>
        </div>
        {!status.running && status.lastError ? (
          <div>
            <dt>Last error</dt>
            <dd className="field__error">{friendlyStartError(status.lastError, settings.port)}</dd>
          </div>
        ) : null}
      </dl>

      <AddressForm
        settings={settings}
        running={status.running}
        startError={refusedPort ? friendlyStartError(refusedPort, settings.port) : null}
      />
      <ChannelTls settings={settings} />
    </div>
  )
}

/** Empty stays empty (the core names the field); anything else is sent as the number it reads as. */
const toPort = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text))

function AddressForm({
  settings,
  running,
  startError
}: {
  settings: ChannelSettings
  running: boolean
  startError: string | null
}) {
  const save = useFrontlineStore((s) => s.channelSaves.address)
  const saveChannelSettings = useFrontlineStore((s) => s.saveChannelSettings)
  const [host, setHost] = useState<string | null>(null)
  const [port, setPort] = useState<string | null>(null)
  const [notANumber, setNotANumber] = useState(false)
  const ids = { host: useId(), port: useId(), hostError: useId(), portError: useId(), hint: useId() }
  const errors = fieldErrors(save, '', ['host', 'port'])
  const hostValue = host ?? settings.host
  const portValue = port ?? String(settings.port)
  const portError = notANumber
    ? 'Enter a port number from 0 to 65535.'
    : (errors.byField.port ?? (port === null ? startError : null))
  const changed = hostValue !== settings.host || portValue !== String(settings.port)

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const portNumber = toPort(portValue)
    // NaN would cross the bridge as null: say it here, in words.
    setNotANumber(Number.isNaN(portNumber))
    if (Number.isNaN(portNumber)) return
    if (await saveChannelSettings('address', { host: hostValue, port: portNumber })) {
      setHost(null)
      setPort(null)
    }
  }

  return (
    <form className="settings-form" onSubmit={(event) => void submit(event)} noValidate>
      <div className="settings-grid-2 channel-address">
        <div className="field">
          <label htmlFor={ids.host} className="field__label">
            Listen on (host)
          </label>
          <input
            id={ids.host}
            className="field__input field__input--mono"
            value={hostValue}
            spellCheck={false}
            aria-invalid={errors.byField.host !== undefined}
            aria-describedby={errors.byField.host ? `${ids.hostError} ${ids.hint}` : ids.hint}
            onChange={(event) => setHost(event.target.value)}
          />
          {errors.byField.host ? (
            <p id={ids.hostError} className="field__error">
              {errors.byField.host}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={ids.port} className="field__label">
            Port
          </label>
          <div className="field__row">
            <input
              id={ids.port}
              className="field__input number-input__input channel-address__port"
              type="text"
              inputMode="numeric"
              value={portValue}
              aria-invalid={portError !== null}
              aria-describedby={portError ? ids.portError : undefined}
              onChange={(event) => {
                setPort(event.target.value)
                setNotANumber(false)
              }}
            />
            <button type="submit" className="button" disabled={save?.state === 'saving' || !changed}>
              {save?.state === 'saving' ? 'Saving…' : 'Save address'}
            </button>
          </div>
          {portError ? (
            <p id={ids.portError} className="field__error">
              {portError}
            </p>
          ) : null}
        </div>
      </div>
      <p id={ids.hint} className="field__hint">
        127.0.0.1 keeps the API on this computer (put your web server or a proxy in front of it). Any other
        address (0.0.0.0 opens it to every network) needs the API’s own TLS certificate or a TLS proxy
        declared in front of it, or it is refused. Port 0 picks any free port.{' '}
        {running ? 'A new address takes effect the next time the API starts.' : ''}
      </p>
      <SaveFeedback
        save={save}
        generalError={errors.general}
        savedWords={
          running
            ? 'Address saved: turn the API off and on to move it.'
            : `Address saved: the API will listen on ${settings.host}:${settings.port === 0 ? 'any free port' : settings.port}.`
        }
      />
    </form>
  )
}
