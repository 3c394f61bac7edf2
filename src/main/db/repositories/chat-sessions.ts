import type { Message } from '../../../shared/domain/ticket'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'
import { rowToMessage, type MessageRow } from './tickets'

export type ChatSessionState = 'open' | 'answering' | 'awaiting_agent' | 'awaiting_approval' | 'closed'

export interface ChatSession {
  id: string
  ticketId: string
  /** The shop account the conversation is linked to; null for a guest. */
  customerId: string | null
  /** The id the client gave ("guest", an unknown id, or the account's): resuming needs the same. */
  claimedCustomerId: string
  state: ChatSessionState
  createdAt: string
  updatedAt: string
}

interface ChatSessionRow {
  id: string
  ticket_id: string
  customer_id: string | null
  claimed_customer_id: string
  state: ChatSessionState
  created_at: string
  updated_at: string
}

const rowToChatSession = (row: ChatSessionRow): ChatSession => ({
  id: row.id,
  ticketId: row.ticket_id,
  customerId: row.customer_id,
  claimedCustomerId: row.claimed_customer_id,
  state: row.state,
  createdAt: row.created_at,
  updatedAt: row.updated_at
})

export interface DecidedWatchedAction {
  actionId: string
  sessionId: string
  ticketId: string
  customerId: string | null
}

/** The hot queries, exported so their plans are tested. */
export const chatSessionSql = {
  visibleAfter: `SELECT * FROM messages WHERE ticket_id = ? AND id > ? AND author != 'system' AND internal = 0
    ORDER BY id`,
  answering: `SELECT * FROM chat_sessions WHERE state = 'answering'`,
  decidedWatched: `SELECT w.action_id, w.session_id, s.ticket_id, s.customer_id
     FROM chat_action_watch w
     JOIN actions a ON a.id = w.action_id
     JOIN chat_sessions s ON s.id = w.session_id
     WHERE w.notified_at IS NULL AND a.status != 'pending_approval'
     ORDER BY a.decided_at, w.action_id`
} as const

const statements = statementCache((db) => ({
  lastTicketRowid: db.prepare('SELECT COALESCE(MAX(rowid), 0) AS n FROM tickets'),
  ticketExists: db.prepare('SELECT 1 FROM tickets WHERE id = ?'),
  insertTicket: db.prepare(
    `INSERT INTO tickets (id, customer_id, subject, status, priority, channel, created_at, updated_at,
       last_customer_message_at)
     VALUES (@ticketId, @customerId, @subject, 'new', 'normal', 'chat', @now, @now, @now)`
  ),
  insertMessage: db.prepare(
    `INSERT INTO messages (ticket_id, author, author_name, body, created_at)
     VALUES (@ticketId, @author, @authorName, @body, @now)`
  ),
  insertSession: db.prepare(
    `INSERT INTO chat_sessions (id, ticket_id, customer_id, claimed_customer_id, state, created_at, updated_at)
     VALUES (@sessionId, @ticketId, @customerId, @claimedCustomerId, @state, @now, @now)`
  ),
  get: db.prepare('SELECT * FROM chat_sessions WHERE id = ?'),
  byTicket: db.prepare('SELECT * FROM chat_sessions WHERE ticket_id = ?'),
  setState: db.prepare('UPDATE chat_sessions SET state = @state, updated_at = @now WHERE id = @id'),
  answering: db.prepare(chatSessionSql.answering),
  visibleAfter: db.prepare(chatSessionSql.visibleAfter),
  watch: db.prepare(
    `INSERT INTO chat_action_watch (action_id, session_id, created_at) VALUES (?, ?, ?)
     ON CONFLICT(action_id) DO NOTHING`
  ),
  decidedWatched: db.prepare(chatSessionSql.decidedWatched),
  markNotified: db.prepare(
    'UPDATE chat_action_watch SET notified_at = ? WHERE action_id = ? AND notified_at IS NULL'
  ),
  waitingForSession: db.prepare(
    `SELECT COUNT(*) AS n FROM chat_action_watch w JOIN actions a ON a.id = w.action_id
     WHERE w.session_id = ? AND a.status = 'pending_approval'`
  )
}))

/**
 * The next free ticket id in the shop's TKT-000123 form. Read from the rowid (cheap on any table
 * size) and stepped past ids a fixture or import already took; run it inside the write transaction.
 */
export function nextTicketId(db: Db): string {
  const s = statements(db)
  let n = (s.lastTicketRowid.get() as { n: number }).n + 1
  let id = `TKT-${String(n).padStart(6, '0')}`
  while (s.ticketExists.get(id)) {
    n += 1
    id = `TKT-${String(n).padStart(6, '0')}`
  }
  return id
}

export interface NewChatConversation {
  sessionId: string
  /** The linked account; null starts a guest conversation (a ticket without a customer). */
  customerId: string | null
  claimedCustomerId: string
  subject: string
  /** The thread to start with (earlier turns the client had, maybe the message to answer), oldest first. */
  history: { author: 'customer' | 'agent'; authorName: string; body: string }[]
  state: ChatSessionState
  now: string
}

/** Opens a chat: a ticket in the chat channel, its session, and any earlier turns, in one transaction. */
export function createChatConversation(db: Db, conversation: NewChatConversation): ChatSession {
  const s = statements(db)
  return db
    .transaction(() => {
      const ticketId = nextTicketId(db)
      const { sessionId, customerId, claimedCustomerId, state, now } = conversation
      s.insertTicket.run({ ticketId, customerId, subject: conversation.subject, now })
      for (const turn of conversation.history) s.insertMessage.run({ ticketId, ...turn, now })
      s.insertSession.run({ sessionId, ticketId, customerId, claimedCustomerId, state, now })
      return {
        id: sessionId,
        ticketId,
        customerId,
        claimedCustomerId,
        state,
        createdAt: now,
        updatedAt: now
      }
    })
    .immediate()
}

export function getChatSession(db: Db, id: string): ChatSession | undefined {
  const row = statements(db).get.get(id) as ChatSessionRow | undefined
  return row && rowToChatSession(row)
}

export function getChatSessionByTicket(db: Db, ticketId: string): ChatSession | undefined {
  const row = statements(db).byTicket.get(ticketId) as ChatSessionRow | undefined
  return row && rowToChatSession(row)
}

export function setChatSessionState(db: Db, id: string, state: ChatSessionState, now: string): void {
  statements(db).setState.run({ id, state, now })
}

/** Sessions a stopped process left mid-answer; their last customer message still wants a reply. */
export function listAnsweringChatSessions(db: Db): ChatSession[] {
  return (statements(db).answering.all() as ChatSessionRow[]).map(rowToChatSession)
}

/** The thread as the customer sees it (no internal notes), after a message id; 0 for all of it. */
export function listCustomerVisibleMessages(db: Db, ticketId: string, afterId = 0): Message[] {
  return (statements(db).visibleAfter.all(ticketId, afterId) as MessageRow[]).map(rowToMessage)
}

/** Remembers that a chat customer waits on a proposed action, so its outcome reaches them once. */
export function watchActionForSession(db: Db, actionId: string, sessionId: string, now: string): void {
  statements(db).watch.run(actionId, sessionId, now)
}

/** Watched actions a person has decided whose outcome has not yet been told to the customer. */
export function listDecidedWatchedActions(db: Db): DecidedWatchedAction[] {
  const rows = statements(db).decidedWatched.all() as {
    action_id: string
    session_id: string
    ticket_id: string
    customer_id: string | null
  }[]
  return rows.map((r) => ({
    actionId: r.action_id,
    sessionId: r.session_id,
    ticketId: r.ticket_id,
    customerId: r.customer_id
  }))
}

/** Claims the notice of one outcome; false when another process (or an earlier event) already told it. */
export function markWatchedActionNotified(db: Db, actionId: string, now: string): boolean {
  return statements(db).markNotified.run(now, actionId).changes === 1
}

export function countActionsAwaitingDecision(db: Db, sessionId: string): number {
  return (statements(db).waitingForSession.get(sessionId) as { n: number }).n
}
