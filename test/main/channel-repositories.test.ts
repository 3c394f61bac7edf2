import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDb, type Db } from '../../src/main/db/connection'
import {
  chatSessionSql,
  createChatConversation,
  getChatSession,
  getChatSessionByTicket,
  listCustomerVisibleMessages
} from '../../src/main/db/repositories/chat-sessions'
import {
  listActiveChannelKeyHashes,
  insertChannelKey,
  revokeChannelKey
} from '../../src/main/db/repositories/channel-keys'
import { ShopBuilder } from '../support/shop-builder'

let db: Db
beforeEach(() => {
  db = openDb(':memory:')
})
afterEach(() => db.close())

const plan = (sql: string, ...params: unknown[]): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
    .map((r) => r.detail)
    .join('\n')

describe('chat sessions and channel keys in SQLite', () => {
  it('opens a conversation as a chat ticket with its first turns, taking the next free ticket id', () => {
    const shop = new ShopBuilder(db)
    const customer = shop.customer()
    shop.ticket({ id: 'TKT-000002' })
    const session = createChatConversation(db, {
      sessionId: 'CHS-1',
      customerId: customer,
      claimedCustomerId: customer,
      subject: 'Chat: hello',
      history: [
        { author: 'customer', authorName: '', body: 'hello' },
        { author: 'agent', authorName: 'Earlier chat', body: 'hi' }
      ],
      state: 'answering',
      now: '2026-11-20T12:00:00.000Z'
    })
    // Rowid 2 is next, but TKT-000002 is taken: the id steps past it.
    expect(session.ticketId).toBe('TKT-000003')
    expect(getChatSession(db, 'CHS-1')).toEqual(session)
    expect(getChatSessionByTicket(db, 'TKT-000003')?.id).toBe('CHS-1')
    const ticket = db
      .prepare('SELECT channel, status, customer_id FROM tickets WHERE id = ?')
      .get(session.ticketId)
    expect(ticket).toEqual({ channel: 'chat', status: 'new', customer_id: customer })
    db.prepare(
      `INSERT INTO messages (ticket_id, author, author_name, body, created_at) VALUES (?, 'system', 'x', 'note', 'now')`
    ).run(session.ticketId)
    const visible = listCustomerVisibleMessages(db, session.ticketId)
    expect(visible.map((m) => m.body)).toEqual(['hello', 'hi'])
    expect(listCustomerVisibleMessages(db, session.ticketId, visible[0]!.id).map((m) => m.body)).toEqual([
      'hi'
    ])
  })

  it('refuses to link an account the shop does not have (foreign key), and a bad state', () => {
    expect(() =>
      createChatConversation(db, {
        sessionId: 'CHS-x',
        customerId: 'CUS-404',
        claimedCustomerId: 'CUS-404',
        subject: 's',
        history: [],
        state: 'open',
        now: 'now'
      })
    ).toThrow(/FOREIGN KEY/)
    expect(() =>
      db
        .prepare(`INSERT INTO chat_sessions VALUES ('CHS-y', 'TKT-x', 'CUS-x', 'CUS-x', 'lost', 'n', 'n')`)
        .run()
    ).toThrow(/CHECK|FOREIGN/)
  })

  it("opens a guest's conversation: no account on the ticket, the client's claimed id on the session", () => {
    const guest = createChatConversation(db, {
      sessionId: 'CHS-guest',
      customerId: null,
      claimedCustomerId: 'guest',
      subject: 'Chat: hi',
      history: [{ author: 'customer', authorName: '', body: 'hi' }],
      state: 'answering',
      now: '2026-11-20T12:00:00.000Z'
    })
    expect(getChatSession(db, 'CHS-guest')).toMatchObject({ customerId: null, claimedCustomerId: 'guest' })
    expect(db.prepare('SELECT customer_id FROM tickets WHERE id = ?').get(guest.ticketId)).toEqual({
      customer_id: null
    })
  })

  it('keeps only hashes of channel keys, and revoked ones stop counting', () => {
    insertChannelKey(db, {
      id: 'CHK-1',
      name: 'site',
      keyHash: 'a'.repeat(64),
      keyPrefix: 'flc_abcdef',
      now: 'now'
    })
    expect(listActiveChannelKeyHashes(db)).toEqual([{ id: 'CHK-1', keyHash: 'a'.repeat(64) }])
    expect(revokeChannelKey(db, 'CHK-1', 'later')).toBe(true)
    expect(revokeChannelKey(db, 'CHK-1', 'later')).toBe(false)
    expect(listActiveChannelKeyHashes(db)).toEqual([])
  })

  it('answers the hot queries through indexes', () => {
    expect(plan(chatSessionSql.visibleAfter, 'TKT-1', 0)).toMatch(
      /SEARCH messages USING INDEX messages_ticket \(ticket_id=\?\)/
    )
    expect(plan(chatSessionSql.answering)).toMatch(/USING (COVERING )?INDEX chat_sessions_answering/)
    const watched = plan(chatSessionSql.decidedWatched)
    expect(watched).toMatch(/chat_action_watch_waiting/)
    expect(watched).not.toMatch(/SCAN (a|s)\b/)
  })
})
