import { describe, expect, it } from 'vitest'
import { openDb } from '../../src/main/db/connection'
import { emailSql } from '../../src/main/db/repositories/email'
import { classifyAutomatic } from '../../src/main/mail/automatic-mail'
import { splitQuotedHistory } from '../../src/main/mail/quoted-history'
import { replySubject, ticketIdInSubject } from '../../src/main/mail/ticket-token'

const headers = (map: Record<string, string>) => ({ get: (name: string) => map[name.toLowerCase()] })

describe('telling automatic mail from a person’s', () => {
  it('names bounces, auto-replies, lists and the shop’s own mail, and lets a person’s through', () => {
    const shop = ['support@shop.test']
    expect(classifyAutomatic(headers({ 'return-path': '<>' }), 'x@y.test', shop)).toBe('bounce')
    expect(classifyAutomatic(headers({}), 'MAILER-DAEMON@mx.test', shop)).toBe('bounce')
    expect(
      classifyAutomatic(
        headers({ 'content-type': 'multipart/report; report-type=delivery-status' }),
        'a@b.test',
        shop
      )
    ).toBe('bounce')
    expect(classifyAutomatic(headers({ 'auto-submitted': 'auto-replied' }), 'a@b.test', shop)).toBe(
      'auto_reply'
    )
    expect(classifyAutomatic(headers({ 'auto-submitted': 'no' }), 'a@b.test', shop)).toBeNull()
    expect(classifyAutomatic(headers({ precedence: 'bulk' }), 'a@b.test', shop)).toBe('list')
    expect(classifyAutomatic(headers({ 'list-unsubscribe': '<mailto:x>' }), 'a@b.test', shop)).toBe('list')
    expect(classifyAutomatic(headers({}), 'Support@Shop.test', shop)).toBe('own')
    expect(classifyAutomatic(headers({ 'return-path': '<a@b.test>' }), 'a@b.test', shop)).toBeNull()
  })
})

describe('folding the quoted history', () => {
  it('splits at the common reply headers and at a trailing block of > lines', () => {
    expect(splitQuotedHistory('Thanks!\n\nOn Mon, 1 Dec 2026, Shop wrote:\n> Hi')).toEqual({
      body: 'Thanks!',
      quoted: 'On Mon, 1 Dec 2026, Shop wrote:\n> Hi'
    })
    expect(splitQuotedHistory('Yes\n-----Original Message-----\nFrom: x')).toEqual({
      body: 'Yes',
      quoted: '-----Original Message-----\nFrom: x'
    })
    expect(splitQuotedHistory('Fine\n> a\n>\n> b\n')).toEqual({ body: 'Fine', quoted: '> a\n>\n> b' })
  })

  it('keeps a message that is all quote, or quotes inline, as written', () => {
    expect(splitQuotedHistory('> only a quote')).toEqual({ body: '> only a quote', quoted: null })
    const inline = '> you said\nI answer\n> you said more\nI answer more'
    expect(splitQuotedHistory(inline)).toEqual({ body: inline, quoted: null })
  })
})

describe('the ticket token', () => {
  it('is found in a subject and put once in a reply’s', () => {
    expect(ticketIdInSubject('Re: Shoes [TKT-000042]')).toBe('TKT-000042')
    expect(ticketIdInSubject('Shoes')).toBeUndefined()
    expect(replySubject('Shoes', 'TKT-000042')).toBe('Re: Shoes [TKT-000042]')
    expect(replySubject('RE: Shoes [TKT-000042]', 'TKT-000042')).toBe('RE: Shoes [TKT-000042]')
    expect(replySubject('', 'TKT-000042')).toBe('Re: (no subject) [TKT-000042]')
  })
})

describe('the email tables', () => {
  const plan = (sql: string, ...params: unknown[]) => {
    const db = openDb(':memory:')
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]
    db.close()
    return rows.map((r) => r.detail).join('\n')
  }

  it('find a thread by Message-ID and the next reply to send through their indexes', () => {
    expect(plan(emailSql.byMessageIds, '[]')).toMatch(
      /USING INDEX sqlite_autoindex_email_messages_1 \(message_id=\?\)/
    )
    expect(plan(emailSql.nextDue, '2026-12-05')).toMatch(/USING INDEX email_outbox_work/)
  })
})
