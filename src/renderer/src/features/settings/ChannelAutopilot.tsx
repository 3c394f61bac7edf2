import { useId } from 'react'
import type { AutopilotIntent, AutopilotSettings } from '../../../../shared/domain/channel'
import { useFrontlineStore } from '../../store'
import { SaveFeedback } from './SaveFeedback'

type TicketChannel = 'chat' | 'email' | 'web'

const CHANNELS: readonly { id: TicketChannel; label: string }[] = [
  { id: 'chat', label: 'Live chat' },
  { id: 'email', label: 'Email' },
  { id: 'web', label: 'Web form' }
]

const INTENTS: readonly { id: AutopilotIntent; label: string; hint: string }[] = [
  { id: 'order_status', label: 'Where is my order', hint: 'Answered from the order’s status and tracking.' },
  { id: 'product_question', label: 'Product questions', hint: 'Answered from the catalogue: stock, prices.' },
  {
    id: 'account_history',
    label: 'Account and order history',
    hint: 'Answered from the customer’s own orders.'
  },
  { id: 'general', label: 'Other answers', hint: 'No look-up, or another read-only tool.' }
]

const FIXED_LABEL = 'Returns, refunds and other changes'

/**
 * Which answers go to the customer without a person reading them first, per channel and intent.
 * The row for returns and refunds is fixed: the core never sends those on its own, whatever is saved.
 */
export function ChannelAutopilot({ autopilot }: { autopilot: AutopilotSettings }) {
  const save = useFrontlineStore((s) => s.channelSaves.autopilot)
  const saveChannelSettings = useFrontlineStore((s) => s.saveChannelSettings)
  const busy = save?.state === 'saving'
  const fixedId = useId()

  const toggle = (channel: TicketChannel, intent: AutopilotIntent, on: boolean): void =>
    void saveChannelSettings('autopilot', { autopilot: { [channel]: { [intent]: on } } })

  return (
    <div className="settings-stack">
      <div className="channel-policy">
        <table className="data-table channel-policy__table">
          <caption className="channel-policy__caption">
            Answers that may be sent at once, without a person reading them first
          </caption>
          <thead>
            <tr>
              <th scope="col">The AI&apos;s answer is about…</th>
              {CHANNELS.map((c) => (
                <th key={c.id} scope="col" className="channel-policy__channel">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {INTENTS.map((intent) => (
              <tr key={intent.id}>
                <th scope="row">
                  <span className="channel-policy__intent">{intent.label}</span>
                  <span className="channel-policy__hint">{intent.hint}</span>
                </th>
                {CHANNELS.map((c) => (
                  <td key={c.id} className="channel-policy__cell">
                    <input
                      type="checkbox"
                      checked={autopilot[c.id][intent.id]}
                      disabled={busy}
                      aria-label={`Send ${intent.label} answers at once in ${c.label}`}
                      onChange={(event) => toggle(c.id, intent.id, event.target.checked)}
                    />
                  </td>
                ))}
              </tr>
            ))}
            <tr className="channel-policy__fixed">
              <th scope="row">
                <span className="channel-policy__intent">{FIXED_LABEL}</span>
                <span id={fixedId} className="channel-policy__hint">
                  Always waits for a person.
                </span>
              </th>
              {CHANNELS.map((c) => (
                <td key={c.id} className="channel-policy__cell">
                  <input
                    type="checkbox"
                    checked={false}
                    disabled
                    aria-label={`Send ${FIXED_LABEL} answers at once in ${c.label}`}
                    aria-describedby={fixedId}
                  />
                  <span className="channel-policy__never">Never</span>
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      <p className="channel-policy__why" role="note">
        <strong>Why returns and refunds are never sent on their own:</strong> they move money, so a person
        always decides. When the AI proposes a return, a refund or a change in another system, the customer is
        told a teammate will confirm; the proposal waits in Approvals, and the decision reaches the
        customer&apos;s chat as soon as someone approves or rejects it.
      </p>
      <div className="demo-row">
        <div>
          <p className="demo-row__title">Send answers written without the AI</p>
          <p className="field__hint">
            When the AI provider is down, Frontline writes answers from templates with the shop&apos;s real
            data (the order&apos;s actual status). Turn this off to hold them for a person instead.
          </p>
        </div>
        <button
          type="button"
          role="switch"
          aria-checked={autopilot.sendFallbacks}
          aria-label="Send answers written without the AI"
          className="switch"
          disabled={busy}
          onClick={() =>
            void saveChannelSettings('autopilot', { autopilot: { sendFallbacks: !autopilot.sendFallbacks } })
          }
        >
          <span className="switch__thumb" aria-hidden="true" />
        </button>
      </div>
      {/* The switches cannot hold a wrong value: a refusal here is the core's, said whole. */}
      <SaveFeedback
        save={save}
        generalError={save?.state === 'failed' ? save.error.message : null}
        savedWords="Autopilot saved."
      />
    </div>
  )
}
