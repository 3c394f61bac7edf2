import { describe, expect, it } from 'vitest'
import type { DemoMessage } from '../../src/main/llm/demo/chat-request'
import { decideNextTurn, type DemoTurn } from '../../src/main/llm/demo/demo-policy'
import { itemsNamedIn, returnLinesFor } from '../../src/main/llm/demo/item-match'
import type { OrderFacts } from '../../src/main/llm/demo/tool-facts'

/** The customer's words against the items of their orders (issue 22: proposals for the wrong thing). */

const item = (itemId: number, name: string, quantity = 1, returned = 0, pending = 0) => ({
  item_id: itemId,
  name,
  quantity,
  unit_price: { amount: 20, currency: 'USD' },
  returned_quantity: returned,
  awaiting_approval_quantity: pending
})

const order = (id: string, items: ReturnType<typeof item>[]) => ({
  order_id: id,
  status: 'delivered',
  placed_at: '2026-11-01T10:00:00.000Z',
  delivered_at: '2026-11-05T10:00:00.000Z',
  items,
  total: { amount: 60, currency: 'USD' },
  return_window: { open: true, window_days: 30, closes_at: '2026-12-05T10:00:00.000Z' }
})

const bands = order('ORD-20261102-BAND', [
  item(1, 'FlexFit Resistance Band Set'),
  item(2, 'Steel Water Bottle')
])
const power = order('ORD-20261101-POWR', [
  item(3, 'Voltra Tempo 10,000 mAh Power Bank'),
  item(4, 'Braided USB-C Cable', 2)
])
const beanie = order('ORD-20261103-BEAN', [item(5, 'Merino Rib Beanie')])
const board = order('ORD-20261104-CUTB', [item(6, 'Acacia Cutting Board')])
const hammocks = order('ORD-20261105-HAMK', [
  item(7, 'Trailhead Camping Hammock'),
  item(8, 'Featherlight Travel Hammock'),
  item(9, 'Tree Strap Kit')
])

const facts = (o: ReturnType<typeof order>): OrderFacts => ({
  id: o.order_id,
  status: o.status,
  items: o.items.map((i) => ({
    itemId: i.item_id,
    name: i.name,
    quantity: i.quantity,
    returnedQuantity: i.returned_quantity,
    pendingQuantity: i.awaiting_approval_quantity
  }))
})

const SYSTEM: DemoMessage = {
  role: 'system',
  content: 'Today: 2026-11-20\nCustomer id: CUS-000123\nCustomer: Maya Lindqvist <maya@example.com>'
}
const ALL_TOOLS = new Set([
  'get_order_status',
  'process_return',
  'search_products',
  'get_customer_history',
  'create_follow_up'
])

/** Plays the conversation against the tools' answers until the model proposes or writes. */
function converse(
  customer: string,
  orders: ReturnType<typeof order>[]
): { calls: DemoTurn[]; last: DemoTurn } {
  const messages: DemoMessage[] = [SYSTEM, { role: 'user', content: customer }]
  const calls: DemoTurn[] = []
  for (let round = 0; round < 6; round++) {
    const turn = decideNextTurn(messages, ALL_TOOLS)
    if (turn.kind === 'text') return { calls, last: turn }
    const call = turn.calls[0]!
    calls.push(turn)
    if (call.name === 'process_return') return { calls, last: turn }
    const args = call.arguments
    const result =
      call.name === 'get_customer_history'
        ? {
            ok: true,
            value: {
              customer: { id: 'CUS-000123', name: 'Maya Lindqvist' },
              orders: orders.map((o) => ({ order_id: o.order_id, status: o.status, placed_at: o.placed_at }))
            }
          }
        : call.name === 'get_order_status'
          ? { ok: true, value: orders.find((o) => o.order_id === args.order_id) }
          : { ok: true, value: { follow_up_id: 'FUP-1', status: 'open' } }
    const id = `call_${round}`
    messages.push(
      {
        role: 'assistant',
        content: '',
        toolCalls: [{ id, name: call.name, arguments: JSON.stringify(args) }]
      },
      { role: 'tool', toolCallId: id, content: JSON.stringify(result) }
    )
  }
  throw new Error('no answer within six rounds')
}

const proposal = (turn: DemoTurn) => (turn.kind === 'tool_calls' ? turn.calls[0] : undefined)

describe("the demo model reads the customer's words against their orders' items", () => {
  it('"the power bank doesn\'t fit" returns the power bank, not the resistance bands of the newer order', () => {
    const { last } = converse("The power bank doesn't fit in my bag, I'd like to return it.", [bands, power])
    expect(proposal(last)).toMatchObject({
      name: 'process_return',
      arguments: { order_id: 'ORD-20261101-POWR', items: [{ item_id: 3, quantity: 1 }] }
    })
  })

  it('"charged twice for the beanie" answers about the beanie\'s order, not the newer cutting board\'s', () => {
    const { calls, last } = converse('I think I was charged twice for the beanie. Can you check?', [
      board,
      beanie
    ])
    const looked = calls.flatMap((t) => (t.kind === 'tool_calls' ? t.calls : []))
    expect(looked.map((c) => c.arguments.order_id).filter(Boolean)).toContain('ORD-20261103-BEAN')
    const text = last.kind === 'text' ? last.text : JSON.stringify(proposal(last))
    expect(text).toContain('ORD-20261103-BEAN')
    expect(text).not.toContain('ORD-20261104-CUTB')
  })

  it('"the camping hammock" is the camping one only: not the travel hammock, not the straps', () => {
    expect(
      itemsNamedIn(facts(hammocks), 'The camping hammock tore on the first night.').map((i) => i.name)
    ).toEqual(['Trailhead Camping Hammock'])
    const { last } = converse(
      `The camping hammock from ${hammocks.order_id} tore on the first night, I want to return it.`,
      [hammocks]
    )
    expect(proposal(last)).toMatchObject({ arguments: { items: [{ item_id: 7, quantity: 1 }] } })
  })

  it('a quantity said is the quantity proposed: "one of the two cables"', () => {
    expect(returnLinesFor(facts(power), 'I want to return one of the two USB-C cables')).toEqual({
      kind: 'lines',
      items: [{ item_id: 4, quantity: 1 }]
    })
  })

  it('after one item went back, a second draft proposes nothing of the rest unasked', () => {
    const after = order(hammocks.order_id, [
      item(7, 'Trailhead Camping Hammock', 1, 0, 1),
      item(8, 'Featherlight Travel Hammock'),
      item(9, 'Tree Strap Kit')
    ])
    expect(returnLinesFor(facts(after), 'The camping hammock tore, I want to return it.')).toMatchObject({
      kind: 'nothing_left'
    })
    expect(returnLinesFor(facts(after), 'I want to return my order.')).toMatchObject({ kind: 'ask_which' })
    const { last } = converse(`I want to return the camping hammock from ${after.order_id}.`, [after])
    expect(last.kind).toBe('text')
    expect(last.kind === 'text' && last.text).toMatch(/already returned or in a return awaiting/)
  })
})
