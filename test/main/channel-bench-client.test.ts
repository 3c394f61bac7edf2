import { afterEach, expect, it } from 'vitest'
import { runChatLoad } from '../../src/main/channel/bench-client'
import { ADA, ADA_SHIPPED, BOB, startHarness, type ChannelHarness } from './channel-support'

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
