import { AutopilotSettings, ChannelSettingsPatch, type AutopilotIntent } from '../../shared/domain/channel'
import type { Action } from '../../shared/domain/action'
import type { ToolCallTrace } from '../../shared/domain/draft'
import type { DraftStatus } from '../../shared/domain/draft'
import type { TicketSummary } from '../../shared/domain/ticket'
import type { Clock } from '../core/clock'
import type { Db } from '../db/connection'
import { actionKindOf } from '../actions/action-kinds'
import { getAction } from '../db/repositories/actions'
import { writeAudit } from '../db/repositories/audit-log'
import {
  countActionsAwaitingDecision,
  getChatSession,
  listDecidedWatchedActions,
  markWatchedActionNotified,
  setChatSessionState
} from '../db/repositories/chat-sessions'
import { getCustomer } from '../db/repositories/customers'
import { readSettingFields, writeSettingFields, type StoredSetting } from '../db/repositories/settings'
import { appendMessage } from '../db/repositories/tickets'
import { createFollowUpTool } from '../tools/create-follow-up'
import { promisesFollowUp } from './promises'

/**
 * The autopilot: which drafted answers may reach a customer without a person reading them first.
 * Only answers built from read-only look-ups qualify, per channel and intent as set in Settings. An
 * answer that proposed a return or refund never goes out on its own: the customer is told a
 * teammate will confirm, and the outcome reaches them when a person decides.
 */

export const AUTOPILOT_SETTINGS_KEY = 'autopilot'
export const AUTOPILOT_AUTHOR = 'Frontline autopilot'

export const storedAutopilotSettings = (db: Db): StoredSetting<AutopilotSettings> =>
  readSettingFields(db, AUTOPILOT_SETTINGS_KEY, AutopilotSettings)

export function readAutopilotSettings(db: Db): AutopilotSettings {
  return storedAutopilotSettings(db).value
}

export function updateAutopilotSettings(
  db: Db,
  patch: NonNullable<ChannelSettingsPatch['autopilot']>
): AutopilotSettings {
  const stored = storedAutopilotSettings(db)
  const current = stored.value
  const next = AutopilotSettings.parse({
    chat: { ...current.chat, ...patch.chat },
    email: { ...current.email, ...patch.email },
    web: { ...current.web, ...patch.web },
    sendFallbacks: patch.sendFallbacks ?? current.sendFallbacks
  })
  const changed = (['chat', 'email', 'web', 'sendFallbacks'] as const).filter((k) => patch[k] !== undefined)
  writeSettingFields(db, AUTOPILOT_SETTINGS_KEY, next, stored, changed)
  return next
}

/**
 * The intent each read-only tool stands for. A read-only tool not listed here still counts as a
 * look-up ("general"); a mutating tool is never looked up here, its proposal holds the answer.
 */
const INTENT_OF_TOOL: Readonly<Record<string, AutopilotIntent>> = {
  get_order_status: 'order_status',
  search_products: 'product_question',
  get_customer_history: 'account_history'
}

export type HoldReason =
  | 'action_proposed'
  | 'intent_off'
  | 'draft_failed'
  | 'fallback_off'
  | 'other_customer_data'
  | 'unbacked_promise'

export type Delivery =
  | { send: true; intents: AutopilotIntent[] }
  | { send: false; intents: AutopilotIntent[]; reason: HoldReason; detail: string }

export interface DeliveryInput {
  channel: TicketSummary['channel']
  draftStatus: DraftStatus
  /** The answer's text (so far, while it streams). */
  body: string
  trace: readonly ToolCallTrace[]
  /**
   * The orders and customers a call's result names that the conversation may not see (the data
   * scope's `outsideScope`): an answer whose trace carries any, in a result or an error, is held.
   */
  outsideScope: (call: ToolCallTrace) => readonly string[]
}

/** What the answer is about, from the tools that answered without error. */
export function intentsOf(trace: readonly ToolCallTrace[]): AutopilotIntent[] {
  const found = new Set<AutopilotIntent>()
  for (const call of trace) if (call.status === 'ok') found.add(INTENT_OF_TOOL[call.tool] ?? 'general')
  return found.size > 0 ? [...found] : ['general']
}

/** A promise is a thing when the trace made one: a follow-up created, or an action proposed for a person. */
const promiseBacked = (trace: readonly ToolCallTrace[]): boolean =>
  trace.some(
    (call) => (call.tool === createFollowUpTool.name && call.status === 'ok') || call.status === 'proposed'
  )

/**
 * May this draft go to the customer now? The order of the checks is the order of their weight:
 * a proposed mutation holds the answer whatever else is true.
 */
export function decideDelivery(settings: AutopilotSettings, input: DeliveryInput): Delivery {
  const intents = intentsOf(input.trace)
  const hold = (reason: HoldReason, detail: string): Delivery => ({ send: false, intents, reason, detail })

  if (input.trace.some((call) => call.status === 'proposed')) {
    return hold('action_proposed', 'The answer proposes a return or refund: a person must approve it.')
  }
  if (input.draftStatus === 'fallback' && !settings.sendFallbacks) {
    return hold('fallback_off', 'The AI was unavailable and fallback answers are not sent automatically.')
  }
  if (input.draftStatus !== 'ready' && input.draftStatus !== 'fallback') {
    return hold('draft_failed', `The draft ended ${input.draftStatus}.`)
  }
  for (const call of input.trace) {
    const foreign = input.outsideScope(call)
    if (foreign.length > 0) {
      return hold(
        'other_customer_data',
        `The answer used ${call.tool} data outside this conversation (${foreign.join(', ')}): a person must check it.`
      )
    }
  }
  if (promisesFollowUp(input.body) && !promiseBacked(input.trace)) {
    return hold(
      'unbacked_promise',
      'The answer promises that the team will do something, and no follow-up was created for it: a person must check it.'
    )
  }
  const switches = settings[input.channel]
  const off = intents.filter((intent) => !switches[intent])
  if (off.length > 0) {
    return hold('intent_off', `Autopilot is off for ${off.join(', ')} in the ${input.channel} channel.`)
  }
  return { send: true, intents }
}

const firstName = (name: string | undefined): string => name?.trim().split(/\s+/)[0] || 'there'

/** What the customer reads when their answer waits for a person. */
export function holdingMessage(reason: HoldReason, customerName: string | undefined): string {
  const hi = `Hi ${firstName(customerName)},`
  if (reason === 'action_proposed') {
    return (
      `${hi} thanks for the details. I've prepared your request and a teammate will confirm it shortly; ` +
      "you'll see their decision right here in this chat.\n\nThe Frontline support team"
    )
  }
  return `${hi} thanks for your message. A teammate will reply here shortly.\n\nThe Frontline support team`
}

const SIGN_OFF = '\n\nThe Frontline support team'

/** The outcome of a decided action, in the customer's words (each kind words its own); internal notes stay internal. */
export function outcomeMessage(action: Action, customerName: string | undefined): string {
  // Only decided actions are told; a pending one reads as not (yet) approved.
  const status = action.status === 'pending_approval' ? 'rejected' : action.status
  return `Hi ${firstName(customerName)}, ${actionKindOf(action).outcome(action, status)}${SIGN_OFF}`
}

export interface ActionOutcomeNotice {
  actionId: string
  sessionId: string
  ticketId: string
  status: Action['status']
  messageId: number
}

/**
 * Tells chat customers the outcome of every action a person decided since they were last told.
 * Each notice is claimed in the same transaction that writes the message, so two processes over one
 * database, or a repeated event, still tell it once. Safe to call at any time.
 */
export function deliverActionOutcomes(db: Db, clock: Clock): ActionOutcomeNotice[] {
  const notices: ActionOutcomeNotice[] = []
  for (const watched of listDecidedWatchedActions(db)) {
    const notice = db
      .transaction((): ActionOutcomeNotice | null => {
        const now = clock.now().toISOString()
        if (!markWatchedActionNotified(db, watched.actionId, now)) return null
        const action = getAction(db, watched.actionId)
        if (!action) return null
        const customer = watched.customerId ? getCustomer(db, watched.customerId) : undefined
        const messageId = appendMessage(db, {
          ticketId: watched.ticketId,
          author: 'agent',
          authorName: AUTOPILOT_AUTHOR,
          body: outcomeMessage(action, customer?.name),
          now
        })
        const session = getChatSession(db, watched.sessionId)
        if (session?.state === 'awaiting_approval' && countActionsAwaitingDecision(db, session.id) === 0) {
          setChatSessionState(db, session.id, 'open', now)
        }
        writeAudit(db, {
          at: now,
          actor: AUTOPILOT_AUTHOR,
          action: 'chat.outcome_sent',
          subjectType: 'action',
          subjectId: action.id,
          detail: { ticketId: watched.ticketId, sessionId: watched.sessionId, status: action.status }
        })
        return {
          actionId: action.id,
          sessionId: watched.sessionId,
          ticketId: watched.ticketId,
          status: action.status,
          messageId
        }
      })
      .immediate()
    if (notice) notices.push(notice)
  }
  return notices
}
