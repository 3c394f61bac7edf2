import { afterEach, expect, it } from 'vitest'
import { runChatLoad } from '../../src/main/channel/bench-client'
import { chatBenchRequests } from '../../src/main/channel/channel-bench'
import {
  ADA,
  ADA_DELIVERED,
  ADA_EMAIL,
  ADA_SHIPPED,
  BOB,
  BOB_EMAIL,
  BOB_ORDER,
  startHarness,
  type ChannelHarness
} from './channel-support'

let h: ChannelHarness | undefined
afterEach(async () => {
  await h?.cleanup()
  h = undefined
})

// What it measures is for the benchmark; here only that it counts what happened.
it('runs a closed loop of conversations and counts statuses, deliveries and errors', async () => {
  h = await startHarness()
  const report = await runChatLoad({
    url: h.url,
    key: h.key,
    concurrency: 4,
    conversations: 10,
    requests: [
      { customer_id: ADA, text: `Where is ${ADA_SHIPPED}?` },
      { customer_id: BOB, text: 'Hello' }
    ]
  })
  expect(report).toMatchObject({
    conversations: 10,
    errors: 0,
    statuses: { 200: 10 },
    delivery: { sent: 10 }
  })
  expect(report.latencyMs.count).toBe(10)
  const tickets = h.core.context.db
    .prepare(`SELECT COUNT(*) AS n FROM tickets WHERE channel = 'chat'`)
    .get() as {
    n: number
  }
  expect(tickets.n).toBe(10)

  const refused = await runChatLoad({
    url: h.url,
    key: 'wrong',
    concurrency: 2,
    conversations: 3,
    requests: [{ customer_id: ADA, text: 'hi' }]
  })
  expect(refused).toMatchObject({ errors: 3, statuses: { 401: 3 } })
  expect(refused.errorSamples[0]).toContain('401')
})

it('leaves the ramp out of the figures and measures the burst apart', async () => {
  h = await startHarness()
  const report = await runChatLoad({
    url: h.url,
    key: h.key,
    concurrency: 3,
    conversations: 15,
    rampMs: 30,
    burst: true,
    // Two customers, so that neither reaches the harness's per-customer rate limit.
    requests: [
      { customer_id: ADA, text: `Where is ${ADA_SHIPPED}?` },
      { customer_id: BOB, text: 'Hello' }
    ]
  })
  // The loop's fifteen (three of them the ramp) and the burst's three were all answered.
  expect(report).toMatchObject({ conversations: 18, errors: 0, statuses: { 200: 18 } })
  // Measured: those that started once the ramp's three had ended, so never the ramp's own.
  expect(report.latencyMs.count).toBeGreaterThan(1)
  expect(report.latencyMs.count).toBeLessThanOrEqual(12)
  expect(report.burstLatencyMs?.count).toBe(3)
  expect(report.throughputPerSec).toBeGreaterThan(0)
})

it("sends a peak's load: distinct people, most of them guests who name their order's email, all answered", async () => {
  h = await startHarness()
  const requests = chatBenchRequests([
    { customerId: ADA, orderId: ADA_SHIPPED, email: ADA_EMAIL },
    { customerId: BOB, orderId: BOB_ORDER, email: BOB_EMAIL },
    { customerId: ADA, orderId: ADA_DELIVERED, email: ADA_EMAIL },
    { customerId: BOB, orderId: BOB_ORDER, email: BOB_EMAIL },
    { customerId: ADA, orderId: ADA_SHIPPED, email: ADA_EMAIL }
  ])
  expect(new Set(requests.map((r) => r.customer_id)).size).toBe(5)
  expect(requests.filter((r) => !r.customer_id.startsWith('CUS-'))).toHaveLength(4)

  const report = await runChatLoad({ url: h.url, key: h.key, concurrency: 5, conversations: 5, requests })
  expect(report).toMatchObject({ errors: 0, statuses: { 200: 5 }, delivery: { sent: 5 } })
  const db = h.core.context.db
  // Four guest chats, each of which proved its order with the email and was told its status.
  expect(db.prepare('SELECT COUNT(*) AS n FROM tickets WHERE customer_id IS NULL').get()).toEqual({ n: 4 })
  expect(db.prepare('SELECT COUNT(*) AS n FROM order_proofs').get()).toEqual({ n: 4 })
  const answers = db
    .prepare(`SELECT body FROM messages WHERE author = 'agent' AND body LIKE '%its status is%'`)
    .all()
  expect(answers).toHaveLength(5)
})
