import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/main/core/clock'
import { createCore, type Core } from '../../src/main/core/create-core'
import { openDb } from '../../src/main/db/connection'
import { draftSources } from '../../src/main/kb/draft-sources'
import { parseMarkdownArticle } from '../../src/main/kb/markdown-articles'
import { POLICY_ARTICLE_SLUG } from '../../src/main/kb/policy-article'
import type { Channel, ChannelInput } from '../../src/shared/contract'
import type { Caller } from '../../src/shared/domain/caller'
import type { ToolCallTrace } from '../../src/shared/domain/draft'
import { ShopBuilder } from '../support/shop-builder'

const NOW = '2026-11-20T12:00:00.000Z'
const lead: Caller = { kind: 'person', personId: 'P-lee', name: 'Lee Lead', role: 'lead' }
const agent: Caller = { kind: 'person', personId: 'P-rosa', name: 'Rosa Parks', role: 'agent' }

let dir: string
let core: Core

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-kb-'))
  const dbPath = join(dir, 'shop.db')
  const shop = new ShopBuilder(openDb(dbPath))
  const customerId = shop.customer({ name: 'Jeanne Martin', email: 'jeanne@example.fr' })
  shop.ticket({ id: 'TKT-FR', customerId, subject: 'Livraison', lastCustomerMessageAt: NOW })
  shop.message('TKT-FR', { body: 'Bonjour, combien de temps dure la livraison ? Merci.', createdAt: NOW })
  shop.db.close()
  core = createCore({ dbPath, clock: fixedClock(NOW), env: {}, checkpointWorkerFile: null })
})

afterEach(async () => {
  await core.close()
  rmSync(dir, { recursive: true, force: true })
})

async function ok<K extends Channel>(channel: K, input: ChannelInput<K>, caller: Caller = lead) {
  const result = await core.invoke(channel, input, caller)
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
  return result.value
}

const search = async (args: Record<string, unknown>, ticketId?: string) => {
  const run = await ok('tools.run', { name: 'search_help_center', arguments: args, ticketId }, agent)
  if (!run.ok) throw new Error(run.error.message)
  return run.value as {
    count: number
    articles: { article_id: string; title: string; excerpt: string; language: string }[]
  }
}

describe('the help center', () => {
  it('holds the return policy as an article written from the rules, which follows the money caps', async () => {
    const [policy] = await ok('kb.list', { search: 'refund' })
    expect(policy).toMatchObject({ slug: POLICY_ARTICLE_SLUG, source: 'policy', status: 'published' })
    const before = await ok('kb.get', { articleId: policy!.id })
    expect(before.body).toContain('at most 500.00 per refund')

    await ok('actions.setCaps', { refundCents: 12_345 }, { ...lead, role: 'admin' })
    const after = await ok('kb.get', { articleId: policy!.id })
    expect(after.body).toContain('at most 123.45 per refund')
    expect(after.body).not.toContain('at most 500.00 per refund')

    const edit = await core.invoke(
      'kb.update',
      { articleId: policy!.id, article: { title: 'Mine', body: 'x' } },
      lead
    )
    expect(edit.ok).toBe(false)
    if (!edit.ok) expect(edit.error).toMatchObject({ code: 'not_allowed', issues: [{ field: 'articleId' }] })
    expect((await core.invoke('kb.delete', { articleId: policy!.id }, lead)).ok).toBe(false)
  })

  it('is written by leads, read by agents, and searched with its full-text index', async () => {
    const shipping = await ok('kb.create', {
      title: 'Shipping times',
      body: 'Parcels are **delivered** within 3 to 5 working days.\n\nExpress delivery takes one day.',
      tags: ['shipping'],
      status: 'published'
    })
    expect(shipping.id).toMatch(/^KB-\d+$/)
    const denied = await core.invoke('kb.create', { title: 'Nope', body: 'x' }, agent)
    expect(denied.ok).toBe(false)

    // Stemmed: "deliveries" finds "delivered".
    expect((await ok('kb.list', { search: 'deliveries' }, agent)).map((a) => a.title)).toContain(
      'Shipping times'
    )
    expect((await ok('kb.list', { search: 'express' }, agent)).map((a) => a.title)).toEqual([
      'Shipping times'
    ])
    // A customer's punctuation is just text.
    expect(await ok('kb.list', { search: '"NEAR( -* col:' }, agent)).toEqual([])

    const bad = await core.invoke('kb.create', { title: '', body: 'x' }, lead)
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.issues?.[0]?.field).toBe('title')
  })

  it('answers search_help_center with published articles, the ticket language first, and an excerpt', async () => {
    await ok('kb.create', {
      title: 'Shipping times',
      body: '# Shipping\nParcels are delivered within 3 to 5 working days.\nWe ship from Lyon.',
      status: 'published'
    })
    await ok('kb.create', {
      title: 'Délais de livraison',
      body: 'Les colis sont livrés en 3 à 5 jours ouvrés (delivery).',
      language: 'fr',
      status: 'published'
    })
    await ok('kb.create', { title: 'Delivery draft', body: 'Unpublished delivery notes.', status: 'draft' })
    await core.context.triage.idle()

    const english = await search({ query: 'delivery working days', language: 'en' })
    expect(english.articles.map((a) => a.title).slice(0, 2)).toEqual([
      'Shipping times',
      'Returns and refunds'
    ])
    expect(english.articles.map((a) => a.title)).not.toContain('Delivery draft')
    expect(english.articles[0]?.excerpt).toBe('Parcels are delivered within 3 to 5 working days.')

    // The ticket is in French (triage read it): French articles come first.
    const forTicket = await search({ query: 'delivery' }, 'TKT-FR')
    expect(forTicket.articles[0]?.language).toBe('fr')

    const none = await search({ query: 'unicorns' })
    expect(none).toMatchObject({ count: 0, hint: expect.stringMatching(/No published article/) })

    const refused = await ok('tools.run', { name: 'search_help_center', arguments: { query: '?!' } }, agent)
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_query', field: 'query' } })
  })
})

describe('a draft that cites the help center', () => {
  it('looks the question up with search_help_center, quotes the article and lists it as a source', async () => {
    const db = core.context.db
    db.prepare(
      `INSERT INTO tickets (id, customer_id, subject, status, priority, channel, created_at, updated_at,
         last_customer_message_at) VALUES ('TKT-POLICY', NULL, 'Returns', 'new', 'normal', 'email', ?, ?, ?)`
    ).run(NOW, NOW, NOW)
    db.prepare(
      "INSERT INTO messages (ticket_id, author, author_name, body, created_at) VALUES ('TKT-POLICY', 'customer', 'Sam', ?, ?)"
    ).run('Hello, what is your return policy? How many days do I have to send shoes back?', NOW)

    const draft = await core.context.drafts.start('TKT-POLICY').done
    expect(draft.status).toBe('ready')
    const detail = await ok('drafts.get', { draftId: draft.id }, agent)
    expect(detail.trace.map((call) => call.tool)).toContain('search_help_center')
    expect(detail.sources).toEqual([
      { articleId: expect.stringMatching(/^KB-\d+$/), title: 'Returns and refunds' }
    ])
    expect(detail.body).toContain('within 30 days of delivery')
    expect(detail.body).toContain('"Returns and refunds"')
  })
})

describe("a draft's sources", () => {
  const call = (result: unknown, overrides: Partial<ToolCallTrace> = {}): ToolCallTrace => ({
    id: 1,
    round: 1,
    tool: 'search_help_center',
    origin: 'agent',
    caller: null,
    arguments: { query: 'returns' },
    result,
    status: 'ok',
    durationMs: 1,
    createdAt: NOW,
    ...overrides
  })

  it('are the articles search_help_center gave the agent, each once, in the order it saw them', () => {
    const found = (ids: number[]) => ({
      ok: true,
      value: { articles: ids.map((n) => ({ article_id: `KB-${n}`, title: `Article ${n}` })) }
    })
    expect(
      draftSources([
        call(found([2, 1])),
        call(found([1, 3])),
        call(found([9]), { tool: 'search_products' }),
        call({ ok: false, error: { code: 'x' } }, { status: 'error' }),
        call({ ok: true, value: { articles: [{ article_id: 'javascript:alert(1)', title: 'x' }] } })
      ])
    ).toEqual([
      { articleId: 'KB-2', title: 'Article 2' },
      { articleId: 'KB-1', title: 'Article 1' },
      { articleId: 'KB-3', title: 'Article 3' }
    ])
  })
})

describe('a Markdown article', () => {
  it('takes its title, tags, language and status from front matter, else its first heading, else its name', () => {
    const withFront = parseMarkdownArticle(
      'Livraison.md',
      '---\ntitle: "Délais"\ntags: [shipping, Livraison]\nlanguage: fr\nstatus: draft\n---\nLe corps.'
    )
    expect(withFront).toEqual({
      ok: true,
      article: {
        slug: 'livraison',
        input: {
          title: 'Délais',
          body: 'Le corps.',
          tags: ['shipping', 'livraison'],
          language: 'fr',
          status: 'draft'
        }
      }
    })
    const heading = parseMarkdownArticle('gift-cards.md', '# Gift cards\n\nThey never expire.')
    expect(heading.ok && heading.article.input).toMatchObject({
      title: 'Gift cards',
      body: 'They never expire.',
      status: 'published'
    })
    const named = parseMarkdownArticle('opening_hours.md', 'We open at nine.')
    expect(named.ok && named.article.input.title).toBe('opening hours')
  })

  it('is refused, naming the field, when it is not an article', () => {
    expect(parseMarkdownArticle('x.md', '---\nlanguage: french\n---\nBody')).toMatchObject({
      ok: false,
      file: 'x.md',
      error: expect.stringMatching(/^language: /)
    })
  })
})
