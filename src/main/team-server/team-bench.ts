import { rmSync } from 'node:fs'
import { cpus } from 'node:os'
import { startMockProcess } from '../bench/mock-process'
import { RAMP_MS_PER_CONVERSATION, round, warmupConversations } from '../bench/stats'
import { runChatLoadProcess, type ChatLoadReport } from '../channel/bench-client'
import { chatBenchRequests, mockProviderLlm, seedChatBenchShop } from '../channel/channel-bench'
import { createCore } from '../core/create-core'
import { channelRuntimeOf } from '../core/channel-handlers'
import { CLI_CALLER } from '../../shared/domain/caller'
import { startConsolesProcess, type ConsolesReport } from './bench-consoles'
import { startTeamServer } from './team-server'

export interface TeamBenchOptions {
  /** The bench entry: it serves the mock, the chat load client and the consoles, each in a process of its own. */
  benchEntry: string
  coreWorkerFile: string
  mockLatencyMs?: number
  consoles?: number
  chats?: number
  warmup?: number
  log?: (line: string) => void
}

export interface TeamBenchReport {
  bench: 'frontline-team-server'
  machine: { cpuModel: string; cpus: number; node: string; note: string }
  consoles: number
  chats: number
  mockLatencyMs: number
  /** From a change in the core (a draft written) to its arrival in each console. */
  delay: ConsolesReport
  chat: Pick<ChatLoadReport, 'conversations' | 'errors' | 'throughputPerSec' | 'latencyMs'>
  memory: {
    /** The server process (its core worker included) before any console connected. */
    idleRssMb: number
    /** Per connected console, idle: resident memory, and the main thread's heap (where the sockets live). */
    perConsoleKb: { rss: number; heap: number }
    /** The server's peak while the consoles watched the chats draft. */
    peakRssMb: number
  }
  target: { p99Ms: number; met: boolean }
}

const MB = 1024 * 1024
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Cheaper password hashing for the benchmark's fifty made-up people: their sign-in is not what is measured. */
const BENCH_PASSWORDS = { log2N: 10, r: 8, p: 1 }

/**
 * `consoles` people signed in to one team server while `chats` customers at once talk to its chat
 * channel (the mock provider answering at `mockLatencyMs` a call). Every draft the core writes is a
 * change each console is sent; the consoles (another process) time each one's arrival against the
 * draft's own `updatedAt`. The server's memory is read with no console, then with all connected.
 */
export async function runTeamBench(options: TeamBenchOptions): Promise<TeamBenchReport> {
  const log = options.log ?? (() => undefined)
  const latencyMs = options.mockLatencyMs ?? 200
  const consoles = options.consoles ?? 50
  const chats = options.chats ?? 500
  const { dir, dbPath, pairs } = seedChatBenchShop('frontline-team-bench-', chats)

  // The people, their sessions, the chat channel's key and limits: set up as an operator would.
  const setup = createCore({
    dbPath,
    env: {},
    defaultCaller: CLI_CALLER,
    checkpointWorkerFile: null,
    mcpClient: { autoStart: false },
    team: { accounts: { password: BENCH_PASSWORDS } }
  })
  const tokens: string[] = []
  let channelKey: string
  try {
    const { accounts } = setup.context.team
    for (let i = 1; i <= consoles; i++) {
      const email = `agent${i}@bench.example`
      const invite = accounts.invite({ name: `Agent ${i}`, email, role: 'agent' }, CLI_CALLER)
      await accounts.setPassword(invite.person.id, 'bench password', CLI_CALLER)
      tokens.push(
        (await accounts.signIn({ email, password: 'bench password', client: 'bench' })).session.token
      )
    }
    const runtime = channelRuntimeOf(setup.context)
    runtime.updateSettings({
      host: '127.0.0.1',
      port: 0,
      rateLimits: { perCustomerPerMinute: 100_000, perIpPerMinute: 1_000_000, perKeyPerMinute: 1_000_000 }
    })
    channelKey = runtime.createKey('bench').key
  } finally {
    await setup.close()
  }
  log(`team of ${consoles} signed in; ${pairs.length} people asking about a shipped order`)

  const mock = await startMockProcess(options.benchEntry, latencyMs)
  const server = await startTeamServer({
    dbPath,
    port: 0,
    chat: true,
    workerFile: options.coreWorkerFile,
    llm: mockProviderLlm(mock.baseURL, chats)
  })
  let consolesProcess: Awaited<ReturnType<typeof startConsolesProcess>> | null = null
  try {
    await sleep(1_000)
    const idle = process.memoryUsage()
    consolesProcess = await startConsolesProcess(options.benchEntry, {
      origin: server.url.replace(/^http/, 'ws'),
      tokens
    })
    await sleep(2_000)
    const connected = process.memoryUsage()
    log(`${server.connections()} consoles connected`)

    // The chat benchmark's load: distinct people, most of them guests naming their order and email.
    const requests = chatBenchRequests(pairs)
    const rampMs = chats * RAMP_MS_PER_CONVERSATION
    const load = { url: server.chatUrl!, key: channelKey, concurrency: chats, rampMs, requests }
    const warmup = options.warmup ?? warmupConversations(chats)
    if (warmup > 0) {
      log(`warm-up: ${warmup} chats, ${Math.min(chats, warmup)} at once`)
      await runChatLoadProcess(options.benchEntry, {
        ...load,
        concurrency: Math.min(chats, warmup),
        conversations: warmup
      })
    }
    log(`measuring: ${chats} chats at once while ${consoles} consoles watch; mock at ${latencyMs} ms a call`)
    let peakRss = process.memoryUsage().rss
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100)
    consolesProcess.measure()
    const chat = await runChatLoadProcess(options.benchEntry, { ...load, conversations: chats * 7 })
    // Changes still on their way reach the consoles before the count is read.
    await sleep(1_000)
    clearInterval(sampler)
    const delay = await consolesProcess.stop()
    const p99Ms = 250
    return {
      bench: 'frontline-team-server',
      machine: {
        cpuModel: cpus()[0]?.model ?? 'unknown',
        cpus: cpus().length,
        node: process.version,
        note: 'shared with other engineers’ test runs while measured'
      },
      consoles,
      chats,
      mockLatencyMs: latencyMs,
      delay,
      chat: {
        conversations: chat.conversations,
        errors: chat.errors,
        throughputPerSec: chat.throughputPerSec,
        latencyMs: chat.latencyMs
      },
      memory: {
        idleRssMb: round(idle.rss / MB),
        perConsoleKb: {
          rss: round((connected.rss - idle.rss) / 1024 / consoles),
          heap: round((connected.heapUsed - idle.heapUsed) / 1024 / consoles)
        },
        peakRssMb: round(peakRss / MB)
      },
      target: {
        p99Ms,
        met: delay.delayMs.p99 < p99Ms && delay.changesPerConsole.min === delay.changesPerConsole.max
      }
    }
  } finally {
    consolesProcess?.kill()
    await server.close()
    await mock.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

export function formatTeamReport(report: TeamBenchReport): string[] {
  const { delay, memory, chat } = report
  const ms = (n: number) => `${Math.round(n)} ms`
  return [
    '',
    `Team server: ${report.consoles} consoles signed in while ${report.chats} chats draft (mock ${report.mockLatencyMs} ms a call)`,
    `  change → console: p50 ${ms(delay.delayMs.p50)} · p95 ${ms(delay.delayMs.p95)} · p99 ${ms(delay.delayMs.p99)} · max ${ms(delay.delayMs.max)} over ${delay.delayMs.count} arrivals (${delay.changesPerConsole.min}–${delay.changesPerConsole.max} changes per console)`,
    `  chats: ${chat.conversations} · ${chat.throughputPerSec.toFixed(1)} conv/s · p99 ${ms(chat.latencyMs.p99)} · errors ${chat.errors}`,
    `  memory: server idle ${memory.idleRssMb} MB, per console ${memory.perConsoleKb.rss} KB resident (${memory.perConsoleKb.heap} KB heap), peak ${memory.peakRssMb} MB`,
    `  target: p99 < ${report.target.p99Ms} ms and every console sent every change: ${report.target.met ? 'met' : 'MISSED'}`
  ]
}
