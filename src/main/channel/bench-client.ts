import { spawn } from 'node:child_process'
import { Agent, request as httpRequest } from 'node:http'
import { createInterface } from 'node:readline'
import { z } from 'zod'
import { steadyState, summarize, type ClosedLoopSample, type Summary } from '../bench/stats'

/**
 * The chat channel's load test: many customers at once POST /mcp/chat against `frontline serve`'s
 * server, measured by a client in another process (so measuring never shares the server's CPU
 * time slices with its event loop), with the mock provider in a third process.
 *
 * The bench entry (out/main/bench.js) becomes the client when given CHAT_LOAD_FLAG: it reads one
 * JSON plan from stdin, runs it, and writes one JSON report to stdout.
 */
export const CHAT_LOAD_FLAG = '--chat-load'

export const ChatLoadPlan = z.object({
  url: z.string().url(),
  key: z.string().min(1),
  /** Requests in flight at once (closed loop: each worker sends its next when the last is answered). */
  concurrency: z.number().int().min(1).max(10_000),
  /** Requests of the closed loop, the ramp's included. */
  conversations: z.number().int().min(1).max(1_000_000),
  /** The workers start spread over this long; what they send first is the ramp, left out of the figures. */
  rampMs: z.number().int().min(0).max(60_000).default(0),
  /** After the loop, `concurrency` more requests sent in the same millisecond, measured apart. */
  burst: z.boolean().default(false),
  /** Cycled through; each is a new conversation (no session_id). */
  requests: z.array(z.object({ customer_id: z.string(), text: z.string() })).min(1),
  timeoutMs: z.number().int().min(1).default(30_000)
})
export type ChatLoadPlan = z.input<typeof ChatLoadPlan>

export interface ChatLoadReport {
  conversations: number
  errors: number
  /** Up to five, to see what went wrong without a log. */
  errorSamples: string[]
  statuses: Record<string, number>
  delivery: Record<string, number>
  fallbacks: number
  wallMs: number
  /** Of the requests started once the ramp's had ended (every one without a ramp): the rate they started at. */
  throughputPerSec: number
  /** Of the requests started once the ramp's had ended (every one without a ramp). */
  latencyMs: Summary
  /** The burst's, when there was one. */
  burstLatencyMs: Summary | null
  /** CPU time the client process spent (user + system), to tell its share on a shared machine. */
  clientCpuMs: number
}

/** Runs the plan from this process. */
export async function runChatLoad(input: ChatLoadPlan): Promise<ChatLoadReport> {
  const plan = ChatLoadPlan.parse(input)
  const statuses: Record<string, number> = {}
  const delivery: Record<string, number> = {}
  const errorSamples: string[] = []
  let errors = 0
  let fallbacks = 0

  // node:http with kept-alive sockets costs the client far less CPU per request than fetch, and on
  // a two-core machine every millisecond the client spends is taken from the server it measures.
  const agent = new Agent({ keepAlive: true, maxSockets: plan.concurrency, maxFreeSockets: plan.concurrency })
  const target = new URL('/mcp/chat', plan.url)

  const post = (payload: string): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const req = httpRequest(
        target,
        {
          method: 'POST',
          agent,
          timeout: plan.timeoutMs,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(payload),
            Authorization: `Bearer ${plan.key}`
          }
        },
        (res) => {
          const parts: Buffer[] = []
          res.on('data', (part: Buffer) => parts.push(part))
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') })
          )
          res.on('error', reject)
        }
      )
      req.on('timeout', () => req.destroy(new Error(`no answer in ${plan.timeoutMs} ms`)))
      req.on('error', reject)
      req.end(payload)
    })

  /** Sends the n-th request and answers how long it took. */
  const one = async (n: number): Promise<number> => {
    const request = plan.requests[n % plan.requests.length]!
    const started = performance.now()
    try {
      const response = await post(
        JSON.stringify({
          customer_id: request.customer_id,
          messages: [{ role: 'user', content: request.text }]
        })
      )
      statuses[response.status] = (statuses[response.status] ?? 0) + 1
      const body = JSON.parse(response.text) as {
        delivery?: string
        fallback?: boolean
        error?: { message: string }
      }
      if (response.status !== 200) throw new Error(`${response.status} ${body.error?.message ?? ''}`)
      delivery[body.delivery ?? 'unknown'] = (delivery[body.delivery ?? 'unknown'] ?? 0) + 1
      if (body.fallback) fallbacks += 1
    } catch (error) {
      errors += 1
      if (errorSamples.length < 5) errorSamples.push((error as Error).message)
    }
    return performance.now() - started
  }

  const began = performance.now()
  const cpu = process.cpuUsage()
  const samples: ClosedLoopSample[] = []
  let next = 0
  const workers = Math.min(plan.concurrency, plan.conversations)
  await Promise.all(
    Array.from({ length: workers }, async (_, i) => {
      if (plan.rampMs > 0 && i > 0) await sleep((i * plan.rampMs) / workers)
      while (next < plan.conversations) {
        const n = next++
        const startedMs = performance.now() - began
        samples[n] = { startedMs, latencyMs: await one(n) }
      }
    })
  )
  const wallMs = performance.now() - began
  const burst = plan.burst
    ? await Promise.all(Array.from({ length: plan.concurrency }, (_, i) => one(plan.conversations + i)))
    : null
  const used = process.cpuUsage(cpu)
  agent.destroy()
  const steady = steadyState(samples, plan.rampMs > 0 ? workers : 0)
  return {
    conversations: plan.conversations + (burst?.length ?? 0),
    errors,
    errorSamples,
    statuses,
    delivery,
    fallbacks,
    wallMs: Math.round(wallMs),
    throughputPerSec: Math.round(
      Number.isNaN(steady.perSec) ? (plan.conversations / wallMs) * 1000 : steady.perSec
    ),
    latencyMs: summarize(steady.latencies),
    burstLatencyMs: burst ? summarize(burst) : null,
    clientCpuMs: Math.round((used.user + used.system) / 1000)
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The client process's side: plan on stdin, report on stdout. */
export async function serveChatLoad(): Promise<void> {
  const lines = createInterface({ input: process.stdin })
  const [line] = await Promise.race([
    new Promise<string[]>((resolve) => lines.once('line', (l) => resolve([l]))),
    new Promise<string[]>((resolve) => lines.once('close', () => resolve([])))
  ])
  lines.close()
  process.stdin.destroy()
  const report = await runChatLoad(JSON.parse(line ?? '{}') as ChatLoadPlan)
  process.stdout.write(`${JSON.stringify(report)}\n`)
}

/** Runs the plan in a child process started from `entry` (the bench entry, given CHAT_LOAD_FLAG). */
export function runChatLoadProcess(entry: string, plan: ChatLoadPlan): Promise<ChatLoadReport> {
  const child = spawn(process.execPath, [entry, CHAT_LOAD_FLAG], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['pipe', 'pipe', 'inherit']
  })
  child.stdin.end(`${JSON.stringify(plan)}\n`)
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout })
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line) as ChatLoadReport)
      } catch {
        reject(new Error(`the chat load client said "${line}" instead of its report`))
      }
    })
    child.once('error', reject)
    child.once('exit', (code) =>
      reject(new Error(`the chat load client exited (code ${code}) without a report`))
    )
  })
}
