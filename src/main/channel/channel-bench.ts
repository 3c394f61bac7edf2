import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { startMockProcess } from '../bench/mock-process'
import { createCore } from '../core/create-core'
import type { LlmOptions } from '../core/llm-setup'
import { channelRuntimeOf } from '../core/channel-handlers'
import { openDb } from '../db/connection'
import { shippedOrderPerCustomer } from '../db/fixtures/chat-bench'
import { seedDemoShop } from '../db/fixtures/seed-demo-shop'
import { runChatLoadProcess, type ChatLoadReport } from './bench-client'
import { RAMP_MS_PER_CONVERSATION, warmupConversations } from '../bench/stats'

export interface ChannelBenchOptions {
  /** The bench entry: it serves the mock (SERVE_MOCK_FLAG) and the load client (CHAT_LOAD_FLAG). */
  benchEntry: string
  mockLatencyMs?: number
  concurrency?: number
  conversations?: number
  warmup?: number
  log?: (line: string) => void
}

export interface ChannelBenchReport {
  bench: 'frontline-chat-channel'
  machine: { cpuModel: string; cpus: number; node: string }
  mockLatencyMs: number
  /** Two model calls per conversation (look up the order, then answer): the least any can take. */
  floorMs: number
  concurrency: number
  load: ChatLoadReport
  /** CPU per conversation of each process: where the machine's two cores went. */
  cpuMsPerConversation: { server: number; client: number; mock: number | null }
  targets: { throughputPerSec: number; p99Ms: number; errors: number }
  met: boolean
}

/**
 * 500 people at once ask "where is my order?" over POST /mcp/chat (most as guests, see
 * chatBenchRequests): the same server as
 * `frontline serve` (core in its process, SQLite on disk, the real openai SDK over HTTP to the mock
 * provider at `mockLatencyMs` a call), the load from another process. As in the engine benchmark,
 * the load ramps up at 500 conversations a second, the conversations started once the ramp's had ended are
 * measured, and a burst of
 * 500 sent in the same millisecond is measured on its own at the end.
 */
export async function runChannelBench(options: ChannelBenchOptions): Promise<ChannelBenchReport> {
  const log = options.log ?? (() => undefined)
  const latencyMs = options.mockLatencyMs ?? 200
  const concurrency = options.concurrency ?? 500
  const conversations = options.conversations ?? concurrency * 6
  const floorMs = 2 * latencyMs
  const rampMs = concurrency * RAMP_MS_PER_CONVERSATION
  const { dir, dbPath, pairs } = seedChatBenchShop('frontline-chat-bench-', concurrency)
  log(`shop seeded: ${pairs.length} customers with a shipped order`)

  const mock = await startMockProcess(options.benchEntry, latencyMs)
  const core = createCore({ dbPath, env: {}, llm: mockProviderLlm(mock.baseURL, concurrency) })
  try {
    const runtime = channelRuntimeOf(core.context)
    const status = await runtime.start({
      host: '127.0.0.1',
      port: 0,
      rateLimits: { perCustomerPerMinute: 100_000, perIpPerMinute: 1_000_000, perKeyPerMinute: 1_000_000 }
    })
    const key = runtime.createKey('bench').key
    const requests = chatBenchRequests(pairs)
    // Warmed at the level itself: its first seconds (500 new connections each way, the JIT and the
    // heaps growing to their working size) were slower than anything after, in every run.
    const warmup = options.warmup ?? warmupConversations(concurrency)
    if (warmup > 0) {
      const warmupConcurrency = Math.min(concurrency, warmup)
      log(`warm-up: ${warmup} conversations, ${warmupConcurrency} at once`)
      await runChatLoadProcess(options.benchEntry, {
        url: status.url!,
        key,
        concurrency: warmupConcurrency,
        conversations: warmup,
        rampMs,
        requests
      })
    }
    log(
      `measuring: ${concurrency} at once (reached over ${rampMs} ms), then ${conversations} conversations, then a burst of ${concurrency}; mock at ${latencyMs} ms a call`
    )
    const serverCpu = process.cpuUsage()
    const mockCpu = processCpuMs(mock.pid)
    const load = await runChatLoadProcess(options.benchEntry, {
      url: status.url!,
      key,
      concurrency,
      // The ramp's conversations come first and are left out of the figures.
      conversations: concurrency + conversations,
      rampMs,
      burst: true,
      requests
    })
    const serverUsed = process.cpuUsage(serverCpu)
    const mockUsed = mockCpu === null ? null : (processCpuMs(mock.pid) ?? mockCpu) - mockCpu
    const perConversation = (ms: number): number => Math.round((ms / load.conversations) * 100) / 100
    const targets = { throughputPerSec: 500, p99Ms: 700, errors: 0 }
    return {
      bench: 'frontline-chat-channel',
      machine: { cpuModel: cpus()[0]?.model ?? 'unknown', cpus: cpus().length, node: process.version },
      mockLatencyMs: latencyMs,
      floorMs,
      concurrency,
      load,
      cpuMsPerConversation: {
        server: perConversation((serverUsed.user + serverUsed.system) / 1000),
        client: perConversation(load.clientCpuMs),
        mock: mockUsed === null ? null : perConversation(mockUsed)
      },
      targets,
      met:
        load.errors === targets.errors &&
        load.throughputPerSec >= targets.throughputPerSec &&
        load.latencyMs.p99 < targets.p99Ms
    }
  } finally {
    await core.close()
    await mock.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A temporary demo shop big enough for `chats` people, each asking about a shipped order of their own. */
export function seedChatBenchShop(prefix: string, chats: number) {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const dbPath = join(dir, 'bench.db')
  const seeded = openDb(dbPath)
  seedDemoShop(seeded, { scale: Math.max(1, Math.ceil(chats / 200)) })
  const pairs = shippedOrderPerCustomer(seeded, chats)
  seeded.close()
  if (pairs.length === 0) throw new Error('the demo shop has no shipped orders to ask about')
  return { dir, dbPath, pairs }
}

/** The mock provider as the core's only model, with our own limits lifted for `concurrency` chats at once. */
export function mockProviderLlm(baseURL: string, concurrency: number): LlmOptions {
  return {
    connections: [
      {
        profile: {
          id: 'mock',
          name: 'Mock provider',
          baseURL,
          models: [{ id: 'mock-model', inputPerMTok: 0.15, outputPerMTok: 0.6 }],
          source: { url: baseURL, checkedOn: '2026-11-25', note: 'benchmark mock' },
          rateLimits: {
            requestsPerMinute: 1_000_000,
            tokensPerMinute: 1_000_000_000,
            maxInFlight: 2 * concurrency
          },
          timeoutMs: 30_000
        },
        apiKey: 'sk-bench'
      }
    ],
    defaultModel: { providerId: 'mock', model: 'mock-model' },
    dailyBudgetMicroUsd: null
  }
}

/** Of every GUESTS_IN conversations, all but one come from a visitor without an account. */
const GUESTS_IN = 5

/**
 * The load of a real peak: every conversation from a distinct person, most of them visitors the
 * shop has no account for (an id it does not know, as a website sends for them), who name their
 * order with the email it was placed with; every fifth a signed-in customer asking about their own.
 */
export function chatBenchRequests(
  pairs: readonly { customerId: string; orderId: string; email: string }[]
): { customer_id: string; text: string }[] {
  return pairs.map((p, i) =>
    i % GUESTS_IN === 0
      ? { customer_id: p.customerId, text: `Hi, where is my order ${p.orderId}?` }
      : {
          customer_id: `visitor-${String(i).padStart(6, '0')}`,
          text: `Hi, where is my order ${p.orderId}? I ordered with ${p.email}.`
        }
  )
}

/** A child's CPU time (user + system) from /proc, where there is one (Linux); null elsewhere. */
export function processCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    const ticks = Number(fields[11]) + Number(fields[12])
    return Number.isFinite(ticks) ? (ticks * 1000) / 100 : null
  } catch {
    return null
  }
}
