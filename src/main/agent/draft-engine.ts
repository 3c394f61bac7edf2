import { helpDeskContext } from './help-desk-context'
import { randomUUID } from 'node:crypto'
import type {
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall
} from 'openai/resources/chat/completions'
import type { Draft } from '../../shared/domain/draft'
import { AppFailure } from '../../shared/result'
import type { Clock } from '../core/clock'
import type { CoreEvents } from '../core/events'
import type { Db } from '../db/connection'
import { countPendingActions, listActions } from '../db/repositories/actions'
import { getCustomerCard } from '../db/repositories/customers'
import {
  finishDraft,
  getDraft,
  getLatestDraftForTicket,
  insertDraft,
  isLiveDraft,
  setDraftAside
} from '../db/repositories/drafts'
import { listOrderHeadlinesForCustomer } from '../db/repositories/orders'
import { getTicketSummary, listConversation } from '../db/repositories/tickets'
import type { ToolContext } from '../tools/define-tool'
import { parseModelArguments, runTool } from '../tools/tool-runner'
import { requesterOf, type CustomerCaller, type GuestCaller } from '../../shared/domain/caller'
import type { ToolRegistry } from '../tools/registry'
import type { ChatFailureKind, ChatPort, ModelChoice } from './chat-port'
import { writeFallbackReply } from './fallback-drafter'
import { readShopPolicy } from '../policy/shop-policy'
import { buildChatMessages, type DraftContext } from './system-prompt'
import { readMoneyCaps } from '../policy/refund-policy'
import { createToolCatalog, type ToolCatalog } from '../tools/tool-catalog'
import { shopOrderIdRules } from '../shop/shop-settings'
import { shopInstructions } from './shop-prompt'

export interface DraftEngineDeps {
  db: Db
  clock: Clock
  events: CoreEvents
  tools: ToolRegistry
  /** The tools each draft offers (the registry's plus external servers'); the registry's alone by default. */
  catalog?: ToolCatalog
  gateway: ChatPort
  defaultModel(): ModelChoice
  /** Tool rounds before the model must answer in words. */
  maxToolRounds?: number
  /** The running core writing the drafts (core_instances), so another process leaves them be. */
  owner?: string
}

export interface DraftStartOptions {
  /**
   * Stream the model's answer as `draft.tokens` events (the default: the console shows drafts as
   * they are written). A caller that knows no one reads them (a chat answered over plain HTTP)
   * turns it off, and the answer is asked for whole.
   */
  streamTokens?: boolean
  /**
   * Leave a ticket that already has a live draft (being written, ready, or a person's work) as it
   * is: "Draft all new" drafts only tickets without one, and never bills a ticket twice.
   */
  onlyWithoutLiveDraft?: boolean
}

/** What start did: a new draft, or (onlyWithoutLiveDraft) the live one it left alone. */
export interface DraftStart {
  draft: Draft
  done: Promise<Draft>
  /** True when the ticket kept its live draft and nothing new was started. */
  skipped?: boolean
}

export interface DraftEngine {
  /** Starts a draft and returns its `generating` row at once; the result arrives as events. */
  start(ticketId: string, choice?: Partial<ModelChoice>, options?: DraftStartOptions): DraftStart
  /** Number of drafts being written right now. */
  inFlight(): number
  /** Stops writing one draft (a person brought an older one back); it ends as it was set aside. */
  cancel(draftId: string, reason: string): Promise<void>
  /** Cancels every running draft (shutdown): they end as failed, never left `generating`. */
  cancelAll(reason: string): Promise<void>
}

/** A draft's prompt context, and whom the reply is for: the agent's tools act on their behalf. */
type ConversationContext = DraftContext & { requester: CustomerCaller | GuestCaller }

const FAILURE_WORDS: Record<ChatFailureKind, string> = {
  rate_limited: 'the AI provider is rate-limiting requests',
  timeout: 'the AI provider did not answer in time',
  error: 'the AI provider returned an error',
  breaker_open: 'the AI provider has been failing, so Frontline paused calls to it (circuit breaker open)',
  over_budget: "today's AI budget is spent",
  cancelled: 'the draft was cancelled'
}

export function createDraftEngine(deps: DraftEngineDeps): DraftEngine {
  const { db, clock, events, tools } = deps
  const maxRounds = deps.maxToolRounds ?? 4
  const catalog = deps.catalog ?? createToolCatalog(tools)
  const running = new Map<string, { ticketId: string; controller: AbortController; done: Promise<Draft> }>()
  // Found by ticket on every start: a scan of `running` made a burst of N drafts cost N² steps.
  const runningByTicket = new Map<string, string>()
  const now = (): string => clock.now().toISOString()

  function loadContext(ticketId: string): ConversationContext {
    const ticket = getTicketSummary(db, ticketId)
    if (!ticket)
      throw new AppFailure('not_found', `No ticket ${ticketId}`, [
        { field: 'ticketId', message: 'not found' }
      ])
    const customer = ticket.customerId ? (getCustomerCard(db, ticket.customerId) ?? null) : null
    return {
      ticketId,
      requester: requesterOf(ticket),
      subject: ticket.subject,
      customer,
      orders: customer ? listOrderHeadlinesForCustomer(db, customer.id, 5) : [],
      messages: listConversation(db, ticketId),
      today: now().slice(0, 10),
      moneyCaps: readMoneyCaps(db),
      orderIds: shopOrderIdRules(db),
      helpDesk: helpDeskContext(db, ticketId),
      instructions: shopInstructions(db),
      shopPolicy: readShopPolicy(db)
    }
  }

  function publish(draftId: string): Draft {
    const draft = getDraft(db, draftId)
    if (!draft) throw new Error(`draft ${draftId} vanished`)
    events.emit('draft.changed', draft)
    events.emit('tickets.changed', { ticketIds: [draft.ticketId] })
    return draft
  }

  /** The approvals queue and its count live elsewhere in the console: tell them a draft proposed something. */
  function announceProposals(draftId: string, ticketId: string): void {
    const proposed = listActions(db, { status: 'pending_approval', ticketId }).filter(
      (a) => a.draftId === draftId
    )
    if (proposed.length === 0) return
    events.emit('actions.changed', { actionIds: proposed.map((a) => a.id), pending: countPendingActions(db) })
  }

  async function write(
    draftId: string,
    context: ConversationContext,
    choice: ModelChoice,
    signal: AbortSignal,
    streamTokens: boolean
  ): Promise<Draft> {
    const messages: ChatCompletionMessageParam[] = buildChatMessages(context)
    const toolSet = catalog()
    const totals = { tokensIn: 0, tokensOut: 0, costMicroUsd: 0 }
    const toolCtx: ToolContext = {
      db,
      clock,
      caller: context.requester,
      origin: 'agent',
      ticketId: context.ticketId,
      draftId,
      customerId: context.customer?.id
    }
    const finish = (status: 'ready' | 'fallback' | 'failed', body: string, reason: string | null): Draft => {
      finishDraft(db, { id: draftId, status, body, reason, ...choice, ...totals, now: now() })
      announceProposals(draftId, context.ticketId)
      return publish(draftId)
    }
    const fallBack = async (why: string): Promise<Draft> => {
      const reply = await writeFallbackReply({
        tools: toolSet,
        ctx: { ...toolCtx, origin: 'fallback' },
        context
      })
      return finish('fallback', reply, `Written without the AI: ${why}.`)
    }

    for (let round = 0; ; round++) {
      const allowTools = round < maxRounds
      const outcome = await deps.gateway.chat({
        ...choice,
        messages,
        tools: allowTools ? [...toolSet.openAiTools] : undefined,
        ticketId: context.ticketId,
        draftId,
        signal,
        // A whole answer (no stream) calls no onTokens.
        stream: streamTokens,
        onTokens: (text) => events.emit('draft.tokens', { draftId, ticketId: context.ticketId, text })
      })
      if (!outcome.ok) {
        if (outcome.kind === 'cancelled')
          return finish('failed', '', 'The draft was cancelled before it finished.')
        return fallBack(FAILURE_WORDS[outcome.kind])
      }
      totals.tokensIn += outcome.usage.input
      totals.tokensOut += outcome.usage.output
      totals.costMicroUsd += outcome.costMicroUsd

      if (outcome.toolCalls.length === 0 || !allowTools) {
        const body = outcome.content.trim()
        return body ? finish('ready', body, null) : fallBack('the AI returned an empty reply')
      }

      const toolCalls: ChatCompletionMessageToolCall[] = outcome.toolCalls.map((c) => ({
        id: c.id,
        type: 'function',
        function: { name: c.name, arguments: c.arguments }
      }))
      messages.push({ role: 'assistant', content: outcome.content || null, tool_calls: toolCalls })
      for (const call of outcome.toolCalls) {
        const args = parseModelArguments(call.arguments)
        const result = await runTool(toolSet, toolCtx, call.name, args.ok ? args.value : call.arguments, {
          callId: call.id,
          round,
          refusal: args.ok ? undefined : args.error
        })
        messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) })
      }
    }
  }

  return {
    start(ticketId, partial, options = {}) {
      const existingId = runningByTicket.get(ticketId)
      const existing = existingId === undefined ? undefined : running.get(existingId)
      if (existingId !== undefined && existing) {
        const draft = getDraft(db, existingId)
        if (draft) return { draft, done: existing.done }
      }
      const context = loadContext(ticketId)
      const fallbackChoice = deps.defaultModel()
      const choice: ModelChoice = {
        providerId: partial?.providerId ?? fallbackChoice.providerId,
        model: partial?.model ?? fallbackChoice.model
      }
      const draftId = `DRF-${randomUUID()}`
      const kept = db.transaction((): Draft | undefined => {
        const previous = getLatestDraftForTicket(db, ticketId)
        if (options.onlyWithoutLiveDraft && isLiveDraft(previous)) return previous
        insertDraft(db, { id: draftId, ticketId, ...choice, owner: deps.owner, now: now() })
        // A regenerated draft replaces the unsent one, which stays in the ticket's draft history
        // and can be brought back.
        if (previous && previous.status !== 'sent')
          setDraftAside(db, previous.id, 'Replaced by a new draft.', now(), draftId)
        return undefined
      })()
      if (kept) return { draft: kept, done: Promise.resolve(kept), skipped: true }
      const draft = publish(draftId)
      const controller = new AbortController()
      const done = write(draftId, context, choice, controller.signal, options.streamTokens ?? true)
        .catch((error: unknown) => {
          console.error(`[agent] draft ${draftId} failed`, error)
          finishDraft(db, {
            id: draftId,
            status: 'failed',
            body: '',
            reason: 'Frontline hit an unexpected error while drafting. Try Regenerate.',
            ...choice,
            tokensIn: 0,
            tokensOut: 0,
            costMicroUsd: 0,
            now: now()
          })
          return publish(draftId)
        })
        .finally(() => {
          running.delete(draftId)
          if (runningByTicket.get(ticketId) === draftId) runningByTicket.delete(ticketId)
        })
      running.set(draftId, { ticketId, controller, done })
      runningByTicket.set(ticketId, draftId)
      return { draft, done }
    },
    inFlight: () => running.size,
    async cancel(draftId, reason) {
      const run = running.get(draftId)
      if (!run) return
      run.controller.abort(new Error(reason))
      await run.done.catch(() => undefined)
    },
    async cancelAll(reason) {
      const all = [...running.values()]
      for (const r of all) r.controller.abort(new Error(reason))
      await Promise.allSettled(all.map((r) => r.done))
    }
  }
}
