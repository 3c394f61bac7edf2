import { csvLine } from '../../shared/csv-cell'
import type { ReplayItem, ReplayRun, ReplayToolCall } from '../../shared/domain/replay'
import { actionKey } from './agreement'

/** One row per ticket: the sent reply and the new draft side by side, what each did, whether they agree, the cost. */
export const REPLAY_CSV_HEADER = [
  'replay_id',
  'position',
  'ticket_id',
  'subject',
  'item_status',
  'sent_at',
  'sent_composed_by',
  'sent_model',
  'sent_tools',
  'sent_orders',
  'sent_actions',
  'new_status',
  'new_model',
  'new_tools',
  'new_orders',
  'new_actions',
  'tools_agree',
  'orders_agree',
  'actions_agree',
  'agrees',
  'calls',
  'tokens_in',
  'tokens_out',
  'cost_usd',
  'sent_reply',
  'new_draft',
  'error'
] as const

/**
 * Text that came from customers or a model: a spreadsheet would run a cell starting with =, +, -
 * or @ as a formula, so such a cell is kept as text with a leading apostrophe.
 */
const text = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)

const list = (values: readonly string[] | null | undefined): string => (values ? values.join(' ') : '')
const tools = (calls: readonly ReplayToolCall[] | null | undefined): string =>
  calls ? calls.map((call) => call.tool).join(' ') : ''
const yesNo = (value: boolean | null | undefined): string =>
  value === null || value === undefined ? '' : value ? 'yes' : 'no'
const model = (providerId: string | null | undefined, name: string | null | undefined): string =>
  providerId && name ? `${providerId}/${name}` : ''

export function replayCsv(run: ReplayRun, items: readonly ReplayItem[]): { filename: string; csv: string } {
  const lines = [
    REPLAY_CSV_HEADER.join(','),
    ...items.map((item) => {
      const { original, shadow, agreement } = item
      return csvLine([
        run.id,
        item.position + 1,
        item.ticketId,
        text(item.subject ?? ''),
        item.status,
        original.sentAt,
        original.composedBy ?? 'unknown',
        model(original.providerId, original.model),
        tools(original.tools),
        list(original.orders),
        list(original.actions.map(actionKey)),
        shadow?.status ?? '',
        model(shadow?.providerId, shadow?.model),
        tools(shadow?.tools),
        list(shadow?.orders),
        list(shadow?.actions.map(actionKey)),
        yesNo(agreement?.tools),
        yesNo(agreement?.orders),
        yesNo(agreement?.actions),
        yesNo(agreement?.agrees),
        item.usage.calls,
        item.usage.tokensIn,
        item.usage.tokensOut,
        (item.usage.costMicroUsd / 1_000_000).toFixed(6),
        text(original.body),
        text(shadow?.body ?? ''),
        text(item.error ?? '')
      ])
    })
  ]
  return {
    filename: `frontline-replay-${run.createdAt.slice(0, 10)}-${run.id.slice(4, 12)}.csv`,
    csv: `${lines.join('\n')}\n`
  }
}
