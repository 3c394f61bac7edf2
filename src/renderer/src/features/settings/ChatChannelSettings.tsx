import { useEffect, useId, type ReactNode } from 'react'
import { getApi } from '../../api'
import { ErrorNotice } from '../../components/ErrorNotice'
import { LoadingRows } from '../../components/LoadingRows'
import { useFrontlineStore } from '../../store'
import { followChannel } from '../../store/channel-slice'
import { ChannelCorsOrigins, ChannelRateLimits } from './ChannelAccess'
import { ChannelAutopilot } from './ChannelAutopilot'
import { ChannelKeys } from './ChannelKeys'
import { ChannelModels } from './ChannelModels'
import { ChannelServer } from './ChannelServer'
import { CopyBlock } from './CopyBlock'
import './chat-channel.css'

/** What a shop's developer runs to see the API answer, with the address it really has. */
const tryItCommand = (url: string): string =>
  [
    `curl -s ${url}/mcp/chat \\`,
    `  -H "Authorization: Bearer $FRONTLINE_CHANNEL_KEY" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '{"customer_id": "CUS-000001", "messages": [{"role": "user", "content": "Where is my order?"}]}'`
  ].join('\n')

function Part({ title, hint, children }: { title: string; hint: string; children: ReactNode }) {
  const id = useId()
  return (
    <section className="channel-part" aria-labelledby={id}>
      <h3 id={id} className="channel-part__title">
        {title}
      </h3>
      <p className="channel-part__hint">{hint}</p>
      {children}
    </section>
  )
}

/**
 * The customer chat channel: the API a shop's website sends chats to, served while its switch is on;
 * which answers the AI may send by itself; who may call it and how often; and its keys.
 */
export function ChatChannelSettings() {
  const status = useFrontlineStore((s) => s.channelStatus)
  const settings = useFrontlineStore((s) => s.channelSettings)
  const loadChannel = useFrontlineStore((s) => s.loadChannel)
  const loadStatus = useFrontlineStore((s) => s.loadStatus)

  useEffect(() => {
    void loadChannel()
    // The breaker comes from the status bar's data, which may not be loaded yet (Settings opened alone).
    if (useFrontlineStore.getState().status.status === 'idle') void loadStatus()
    return followChannel(getApi(), useFrontlineStore)
  }, [loadChannel, loadStatus])

  const failed = status.error ?? settings.error
  return (
    <section className="card settings-card chat-channel" aria-labelledby="chat-channel-heading">
      <header className="card__header">
        <div>
          <h2 id="chat-channel-heading" className="card__title">
            Chat channel
          </h2>
          <p className="card__subtitle">
            Live chats from your website arrive as tickets (channel “chat”). Simple questions are answered at
            once; anything that moves money waits for a person.
          </p>
        </div>
      </header>
      <div className="card__body settings-stack">
        {failed && (!status.data || !settings.data) ? (
          <ErrorNotice what="the chat channel" error={failed} onRetry={() => void loadChannel()} />
        ) : null}
        {!status.data || !settings.data ? (
          failed ? null : (
            <LoadingRows rows={3} label="Loading the chat channel…" />
          )
        ) : (
          <>
            <Part
              title="Server"
              hint="The chat API: POST /mcp/chat, /mcp/chat/stream (SSE), a WebSocket, /health."
            >
              <ChannelServer status={status.data} settings={settings.data} />
              {status.data.running && status.data.url ? (
                <CopyBlock label="Try it from a terminal" text={tryItCommand(status.data.url)} />
              ) : null}
            </Part>
            <Part
              title="Channel keys"
              hint="Every request carries one of these keys as a bearer token; anything else is refused."
            >
              <ChannelKeys environmentKey={status.data.environmentKey} />
            </Part>
            <Part
              title="Autopilot"
              hint="An answer built only from look-ups may go to the customer at once. Anything else waits in the Inbox for a person."
            >
              <ChannelAutopilot autopilot={settings.data.autopilot} />
            </Part>
            <Part
              title="Models"
              hint="Which model names a website may send, and which of your models answers each."
            >
              <ChannelModels models={settings.data.models} />
            </Part>
            <Part
              title="Access"
              hint="Which websites may call the API from a browser, and how often anyone may."
            >
              <ChannelCorsOrigins corsOrigins={settings.data.corsOrigins} />
              <ChannelRateLimits rateLimits={settings.data.rateLimits} />
            </Part>
          </>
        )}
      </div>
    </section>
  )
}
