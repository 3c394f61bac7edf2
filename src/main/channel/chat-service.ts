import { randomUUID } from 'node:crypto'
import type { Action } from '../../shared/domain/action'
import type { Draft, ToolCallTrace } from '../../shared/domain/draft'
import type { Message } from '../../shared/domain/ticket'
import { AppFailure } from '../../shared/result'
import {
  AUTOPILOT_AUTHOR,
  decideDelivery,
  holdingMessage,
  readAutopilotSettings,
  type Delivery
} from '../agent/autopilot'
import type { ModelChoice } from '../agent/chat-port'
import type { CoreContext } from '../core/create-core'
import { listActions } from '../db/repositories/actions'
import { writeAudit } from '../db/repositories/audit-log'
import {
  createChatConversation,
  getChatSession,
  listAnsweringChatSessions,
  listCustomerVisibleMessages,
  setChatSessionState,
  watchActionForSession,
  type ChatSession,
  type ChatSessionState
} from '../db/repositories/chat-sessions'
import { getCustomer } from '../db/repositories/customers'
import { markDraftSent } from '../db/repositories/drafts'
import { appendMessage, setTicketStatus } from '../db/repositories/tickets'
import { listToolCallsForDraft } from '../db/repositories/tool-calls'
import { dataScopeOf, outsideScope } from '../policy/data-scope'
import { requesterOf } from '../../shared/domain/caller'
import { resolveChannelModel } from './channel-models'
import { readStoredChannelSettings } from './channel-settings-store'

export type ChatContext = Pick<CoreContext, 'db' | 'clock' | 'events' | 'drafts' | 'llm'>

type ScopeCheck = (call: ToolCallTrace) => readonly string[]

/** One customer turn and what came of it. */
export interface ChatTurn {
  session: ChatSession
  /** What the customer received: the drafted answer, or a holding message while a person decides. */
  reply: Message
  draft: Draft
  /** The fallback drafter wrote the answer (the AI provider was unavailable). */
  fallback: boolean
  delivery: Delivery
  trace: ToolCallTrace[]
  pendingActions: Action[]
}

export interface ChatSnapshot {
  session: ChatSession
  messages: Message[]
  pendingActions: Action[]
}

export interface TurnOptions {
  model?: ModelChoice
  /** Streamed answer text, only while the answer could still go out on its own. */
  onToken?: (text: string) => void
}

/** Where streamed answer text goes besides the request that asked (the session's open sockets). */
export interface TokenSink {
  wants(sessionId: string): boolean
  token(sessionId: string, draftId: string, text: string): void
}

export interface ChatService {
  /**
   * The session of the client that claims `claimedCustomerId`, or a not_found naming `session_id`
   * (also when another id started it).
   */
  find(sessionId: string, claimedCustomerId: string): ChatSession
  /**
   * A new conversation and its first turn at once (one write for the ticket, the earlier turns and
   * the message): the session is known before the answer is. A claimed id the shop knows links
   * the customer's account; any other (the seed's default "guest" among them) starts a guest chat.
   */
  start(
    input: { claimedCustomerId: string; text: string; history: HistoryTurn[] },
    options?: TurnOptions
  ): { session: ChatSession; turn: Promise<ChatTurn> }
  /** Adds the customer's message and answers it; turns of one session run one after another. */
  say(sessionId: string, text: string, options?: TurnOptions): Promise<ChatTurn>
  /** Answers a session a stopped process left mid-answer; null when it needs nothing. */
  resume(sessionId: string, options?: TurnOptions): Promise<ChatTurn | null>
  /** Starts answering every session a stopped process left mid-answer (at server start). */
  resumeInterrupted(): number
  snapshot(sessionId: string, afterMessageId?: number): ChatSnapshot
  /** Turns being answered or waiting behind another turn of their session. */
  inFlight(): number
  setTokenSink(sink: TokenSink | null): void
  resolveModel(model: string): ModelChoice
  close(): void
}

export interface HistoryTurn {
  role: 'user' | 'assistant'
  content: string
}

/**
 * Earlier turns a client sends with a new conversation. Its own are the customer's; its "assistant"
 * turns are only what the client says an earlier reply was (Frontline sent none of them in this
 * conversation), so they are kept as the customer's words, quoted: the model never reads them as
 * its own, and the console shows where they came from.
 */
const importedTurn = (turn: HistoryTurn) => ({
  author: 'customer' as const,
  authorName: '',
  body: turn.role === 'user' ? turn.content : quotedAssistantTurn(turn.content)
})

export const quotedAssistantTurn = (text: string): string =>
  `The customer's chat client says an earlier assistant reply was: "${text}"`

const SUBJECT_LENGTH = 80

const subjectFrom = (text: string): string => {
  const line = text.replace(/\s+/g, ' ').trim()
  return `Chat: ${line.length > SUBJECT_LENGTH ? `${line.slice(0, SUBJECT_LENGTH - 1)}…` : line}`
}

export function createChatService(ctx: ChatContext): ChatService {
  const { db, clock, events } = ctx
  const now = (): string => clock.now().toISOString()
  const chains = new Map<string, Promise<unknown>>()
  const tokenRoutes = new Map<
    string,
    {
      sessionId: string
      outsideScope: ScopeCheck
      onToken?: (t: string) => void
      /** What the model has written so far: a promise no follow-up backs stops the stream there. */
      said: string
    }
  >()
  let sink: TokenSink | null = null
  let busy = 0
  let closing = false

  const unsubscribe = events.subscribe((event, payload) => {
    if (event !== 'draft.tokens') return
    const { draftId, text } = payload as { draftId: string; text: string }
    const route = tokenRoutes.get(draftId)
    if (!route) return
    const toSession = sink?.wants(route.sessionId) ?? false
    if (!route.onToken && !toSession) return
    route.said += text
    // Text of an answer that will be held must not reach the customer; by the round that writes the
    // answer, every tool it used is in the trace, so the same policy decides here as at the end. A
    // promise is read as it is written: the words before it may already have gone.
    const preview = decideDelivery(readAutopilotSettings(db), {
      channel: 'chat',
      draftStatus: 'ready',
      body: route.said,
      trace: listToolCallsForDraft(db, draftId),
      outsideScope: route.outsideScope
    })
    if (!preview.send) return
    route.onToken?.(text)
    if (toSession) sink?.token(route.sessionId, draftId, text)
  })

  /** Runs the turns of one session in order; other sessions are not held up. */
  function serialize<T>(sessionId: string, turn: () => Promise<T>): Promise<T> {
    const previous = chains.get(sessionId) ?? Promise.resolve()
    busy += 1
    const next = previous.then(turn, turn).finally(() => {
      busy -= 1
      if (chains.get(sessionId) === next) chains.delete(sessionId)
    })
    chains.set(
      sessionId,
      next.catch(() => undefined)
    )
    return next
  }

  const load = (sessionId: string): ChatSession => {
    const session = getChatSession(db, sessionId)
    if (!session) {
      throw new AppFailure('not_found', `No chat session ${sessionId}.`, [
        { field: 'session_id', message: 'unknown session' }
      ])
    }
    return session
  }

  const pendingActionsOf = (ticketId: string): Action[] =>
    listActions(db, { ticketId, status: 'pending_approval' })

  async function answer(session: ChatSession, options: TurnOptions): Promise<ChatTurn> {
    // Tokens are asked for only when someone reads them: the request's own stream or a socket open
    // on the session. A plain POST gets its answer whole, which costs the provider call far less.
    const streamTokens = options.onToken !== undefined || (sink?.wants(session.id) ?? false)
    const { draft: started, done } = ctx.drafts.start(session.ticketId, options.model, { streamTokens })
    const outsideScope = scopeCheckOf(session)
    tokenRoutes.set(started.id, { sessionId: session.id, outsideScope, onToken: options.onToken, said: '' })
    let draft: Draft
    try {
      draft = await done
    } finally {
      tokenRoutes.delete(started.id)
    }
    // Shutting down cancelled the draft: the session stays "answering", and the next start answers it.
    if (closing && draft.status === 'failed') {
      throw new AppFailure(
        'unavailable',
        'Frontline is restarting; this message will be answered when it is back.'
      )
    }
    const trace = listToolCallsForDraft(db, draft.id)
    const delivery = decideDelivery(readAutopilotSettings(db), {
      channel: 'chat',
      draftStatus: draft.status,
      body: draft.body,
      trace,
      outsideScope
    })
    const pending = pendingActionsOf(session.ticketId)
    const state: ChatSessionState =
      pending.length > 0 ? 'awaiting_approval' : delivery.send ? 'open' : 'awaiting_agent'
    const at = now()
    const reply = {
      ticketId: session.ticketId,
      author: 'agent' as const,
      // The thread shows which answers the fallback drafter wrote while the AI was unavailable.
      authorName:
        delivery.send && draft.writtenWithoutAi ? `${AUTOPILOT_AUTHOR} (fallback)` : AUTOPILOT_AUTHOR,
      body: delivery.send
        ? draft.body
        : holdingMessage(
            delivery.reason,
            session.customerId ? getCustomer(db, session.customerId)?.name : undefined
          ),
      createdAt: at
    }

    const replyId = db
      .transaction(() => {
        if (delivery.send) markDraftSent(db, draft.id, draft.body, at)
        const messageId = appendMessage(db, { ...reply, now: at })
        if (delivery.send) setTicketStatus(db, session.ticketId, 'pending', at)
        for (const action of pending) {
          if (action.draftId === draft.id) watchActionForSession(db, action.id, session.id, at)
        }
        setChatSessionState(db, session.id, state, at)
        writeAudit(db, {
          at,
          actor: AUTOPILOT_AUTHOR,
          action: delivery.send ? 'draft.autosent' : 'draft.held',
          subjectType: 'draft',
          subjectId: draft.id,
          detail: {
            ticketId: session.ticketId,
            sessionId: session.id,
            status: draft.status,
            intents: delivery.intents,
            ...(delivery.send ? {} : { reason: delivery.reason, detail: delivery.detail })
          }
        })
        return messageId
      })
      .immediate()

    const finalDraft = delivery.send
      ? { ...draft, status: 'sent' as const, sentAt: at, updatedAt: at }
      : draft
    if (delivery.send) events.emit('draft.changed', finalDraft)
    events.emit('tickets.changed', { ticketIds: [session.ticketId] })
    return {
      session: { ...session, state, updatedAt: at },
      reply: { id: replyId, ...reply, internal: false, composedBy: null, sentBy: null },
      draft: finalDraft,
      fallback: draft.writtenWithoutAi,
      delivery,
      trace,
      pendingActions: pending
    }
  }

  /** Stores the customer's message and marks the session answering, in one transaction. */
  function acceptMessage(session: ChatSession, text: string): ChatSession {
    const at = now()
    db.transaction(() => {
      appendMessage(db, {
        ticketId: session.ticketId,
        author: 'customer',
        authorName: '',
        body: text,
        now: at
      })
      setChatSessionState(db, session.id, 'answering', at)
    }).immediate()
    events.emit('tickets.changed', { ticketIds: [session.ticketId] })
    return { ...session, state: 'answering', updatedAt: at }
  }

  /**
   * What of a call's result this conversation may not see, remembered per trace row: the streamed
   * preview asks again at every batch of tokens.
   */
  function scopeCheckOf(session: ChatSession): ScopeCheck {
    const scope = dataScopeOf(
      requesterOf({ id: session.ticketId, customerId: session.customerId, channel: 'chat' })
    )
    const seen = new Map<number, readonly string[]>()
    return (call) => {
      let found = seen.get(call.id)
      if (!found) {
        found = outsideScope(db, scope, call.result, call.arguments)
        seen.set(call.id, found)
      }
      return found
    }
  }

  function resume(sessionId: string, options: TurnOptions = {}): Promise<ChatTurn | null> {
    return serialize(sessionId, async () => {
      const session = load(sessionId)
      if (session.state !== 'answering') return null
      const last = listCustomerVisibleMessages(db, session.ticketId).at(-1)
      if (last?.author !== 'customer') {
        setChatSessionState(db, session.id, 'open', now())
        return null
      }
      return answer(session, options)
    })
  }

  return {
    find(sessionId, claimedCustomerId) {
      const session = getChatSession(db, sessionId)
      // Someone else's session id answers exactly like an unknown one.
      if (!session || session.claimedCustomerId !== claimedCustomerId) {
        throw new AppFailure('not_found', `No chat session ${sessionId} for customer ${claimedCustomerId}.`, [
          { field: 'session_id', message: 'unknown session for this customer' }
        ])
      }
      return session
    },

    say(sessionId, text, options = {}) {
      return serialize(sessionId, async () => {
        const session = load(sessionId)
        if (session.state === 'closed') {
          throw new AppFailure('conflict', 'This chat is closed; start a new one.', [
            { field: 'session_id', message: 'session closed' }
          ])
        }
        return answer(acceptMessage(session, text), options)
      })
    },

    start(input, options = {}) {
      const session = createChatConversation(db, {
        sessionId: `CHS-${randomUUID()}`,
        customerId: getCustomer(db, input.claimedCustomerId)?.id ?? null,
        claimedCustomerId: input.claimedCustomerId,
        subject: subjectFrom(input.history.find((t) => t.role === 'user')?.content ?? input.text),
        history: [
          ...input.history.map(importedTurn),
          { author: 'customer', authorName: '', body: input.text }
        ],
        state: 'answering',
        now: now()
      })
      events.emit('tickets.changed', { ticketIds: [session.ticketId] })
      return { session, turn: serialize(session.id, () => answer(session, options)) }
    },

    resume,

    resumeInterrupted() {
      const sessions = listAnsweringChatSessions(db).filter((s) => !chains.has(s.id))
      for (const session of sessions) {
        resume(session.id).catch((error: unknown) =>
          console.error(`[channel] could not resume chat ${session.id}`, error)
        )
      }
      return sessions.length
    },

    snapshot(sessionId, afterMessageId = 0) {
      const session = load(sessionId)
      return {
        session,
        messages: listCustomerVisibleMessages(db, session.ticketId, afterMessageId),
        pendingActions: pendingActionsOf(session.ticketId)
      }
    },

    inFlight: () => busy,

    setTokenSink(next) {
      sink = next
    },

    resolveModel(model) {
      return resolveChannelModel(readStoredChannelSettings(db).value.models, model, ctx.llm)
    },

    close() {
      closing = true
      unsubscribe()
    }
  }
}
