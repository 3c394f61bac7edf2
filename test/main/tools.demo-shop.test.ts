import { beforeAll, describe, expect, it } from 'vitest'
import { LOCAL_OWNER } from '../../src/shared/domain/caller'
import { fixedClock } from '../../src/main/core/clock'
import type { Db } from '../../src/main/db/connection'
import { openDb } from '../../src/main/db/connection'
import { seedDemoShop, type SeedSummary } from '../../src/main/db/fixtures/seed-demo-shop'
import { listOrdersForCustomer } from '../../src/main/db/repositories/orders'
import { getTicketSummary, listMessages, listTickets } from '../../src/main/db/repositories/tickets'
import { TicketListQuery, type TicketSummary } from '../../src/shared/domain/ticket'
import type { ToolContext } from '../../src/main/tools/define-tool'
import { createToolRegistry } from '../../src/main/tools/registry'
import { shopTools } from '../../src/main/tools/shop-tools'

const ANCHOR = '2026-11-10T12:00:00.000Z'
const registry = createToolRegistry(shopTools)
const TYPED_ORDER_ID = /\bord[\s-]*\d{8}[\s-]*[a-z0-9]{4}\b/i

/** Every tool against the deterministic demo shop, through the registry, as the agent calls them. */
describe('the four tools on the demo shop', () => {
  let db: Db
  let summary: SeedSummary
  let tickets: TicketSummary[]
  beforeAll(() => {
    db = openDb(':memory:')
    summary = seedDemoShop(db, { anchor: ANCHOR })
    tickets = listTickets(db, TicketListQuery.parse({ limit: 10_000 })).tickets
  })

  const ctxFor = (ticket: TicketSummary): ToolContext => ({
    db,
    clock: fixedClock(ANCHOR),
    caller: LOCAL_OWNER,
    origin: 'agent',
    ticketId: ticket.id,
    customerId: ticket.customerId ?? undefined
  })
  const typedIdOf = (ticket: TicketSummary) => listMessages(db, ticket.id)[0]?.body.match(TYPED_ORDER_ID)?.[0]

  it('get_order_status answers every order of the shop', () => {
    const ids = db.prepare('SELECT id FROM orders').pluck().all() as string[]
    expect(ids).toHaveLength(summary.orders)
    const ctx = { db, clock: fixedClock(ANCHOR), caller: LOCAL_OWNER, origin: 'agent' as const }
    for (const id of ids) {
      const result = registry.run(ctx, 'get_order_status', {
        order_id: id.toLowerCase().replaceAll('-', ' ')
      })
      expect(result.ok, id).toBe(true)
    }
  })

  it('repairs the typed ids of the typo tickets, and ranks the real order first for a wrong character', () => {
    const examples = summary.exampleTickets
    for (const kind of ['typo_lowercase', 'typo_spaces', 'typo_no_dashes'] as const) {
      const ticket = getTicketSummary(db, examples[kind])
      if (!ticket) throw new Error(`no example ticket for ${kind}`)
      const typed = typedIdOf(ticket)
      expect(typed, kind).toBeDefined()
      const result = registry.run(ctxFor(ticket), 'get_order_status', { order_id: typed })
      expect(result, kind).toMatchObject({ ok: true, value: { customer_id: ticket.customerId } })
    }
    const wrong = getTicketSummary(db, examples.typo_wrong_char)
    if (!wrong?.customerId) throw new Error('no wrong-character example ticket')
    const result = registry.run(ctxFor(wrong), 'get_order_status', { order_id: typedIdOf(wrong) })
    expect(result).toMatchObject({ ok: false, error: { code: 'order_not_found', field: 'order_id' } })
    const own = listOrdersForCustomer(db, wrong.customerId, 100).map((o) => o.id)
    if (!result.ok) expect(own).toContain(result.error.suggestions?.[0])
  })

  it('process_return proposes for a return inside the window and refuses one outside it', () => {
    const inside = getTicketSummary(db, summary.exampleTickets.return_request)
    const outside = getTicketSummary(db, summary.exampleTickets.return_expired)
    if (!inside || !outside) throw new Error('missing return examples')
    const proposed = registry.run(ctxFor(inside), 'process_return', {
      order_id: typedIdOf(inside),
      reason: 'damaged'
    })
    expect(proposed).toMatchObject({ ok: true, value: { status: 'pending_approval' } })
    if (proposed.ok)
      expect((proposed.value as { refund: { amount: number } }).refund.amount).toBeGreaterThan(0)
    expect(
      registry.run(ctxFor(outside), 'process_return', { order_id: typedIdOf(outside), reason: 'damaged' })
    ).toMatchObject({
      ok: false,
      error: { code: 'return_window_expired' }
    })
  })

  it('search_products finds what the product-question tickets ask for', () => {
    const ticket = getTicketSummary(db, summary.exampleTickets.product_question)
    if (!ticket) throw new Error('no product question example')
    const body = listMessages(db, ticket.id)[0]?.body ?? ''
    const asked = /have (.+?) under \$(\d+)/i.exec(body)
    expect(asked, body).not.toBeNull()
    const result = registry.run(ctxFor(ticket), 'search_products', {
      query: asked?.[1] ?? '',
      max_price: Number(asked?.[2])
    })
    expect(result).toMatchObject({ ok: true })
    if (result.ok) {
      // The shop may have nothing that cheap: then the answer is empty and says so.
      const value = result.value as { products: { price: { amount: number } }[]; hint?: string }
      if (value.products.length === 0) expect(value.hint).toMatch(/No product matches/)
      for (const p of value.products) expect(p.price.amount).toBeLessThanOrEqual(Number(asked?.[2]))
    }
    const anyPrice = registry.run(ctxFor(ticket), 'search_products', { query: asked?.[1] ?? '' })
    expect(anyPrice.ok && (anyPrice.value as { count: number }).count).toBeGreaterThan(0)
  })

  it("get_customer_history answers for every ticket's customer", () => {
    expect(tickets.length).toBe(summary.tickets)
    for (const ticket of tickets.filter((t) => t.customerId)) {
      const result = registry.run(ctxFor(ticket), 'get_customer_history', { customer_id: ticket.customerId })
      expect(result.ok, ticket.id).toBe(true)
    }
  })
})
