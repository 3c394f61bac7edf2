import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { z } from 'zod'
import { summarize, type Summary } from '../bench/stats'

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
  conversations: z.number().int().min(1).max(1_000_000),
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
  throughputPerSec: number
  latencyMs: Summary
}

/** Runs the plan from this process. */
export async function runChatLoad(input: ChatLoadPlan): Promise<ChatLoadReport> {
  const plan = ChatLoadPlan.parse(input)
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  const delivery: Record<string, number> = {}
  const errorSamples: string[] = []
  let errors = 0
  let fallbacks = 0
  let next = 0

  const one = async (n: number): Promise<void> => {
    const request = plan.requests[n % plan.requests.length]!
    const started = performance.now()
    try {
      const response = await fetch(`${plan.url}/mcp/chat`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${plan.key}` },
        body: JSON.stringify({
          customer_id: request.customer_id,
          messages: [{ role: 'user', content: request.text }]
        }),
        signal: AbortSignal.timeout(plan.timeoutMs)
      })
      const body = (await response.json()) as {
        delivery?: string
        fallback?: boolean
        error?: { message: string }
      }
      latencies.push(performance.now() - started)
      statuses[response.status] = (statuses[response.status] ?? 0) + 1
      if (response.status !== 200) throw new Error(`${response.status} ${body.error?.message ?? ''}`)
      delivery[body.delivery ?? 'unknown'] = (delivery[body.delivery ?? 'unknown'] ?? 0) + 1
      if (body.fallback) fallbacks += 1
    } catch (error) {
      errors += 1
      if (errorSamples.length < 5) errorSamples.push((error as Error).message)
    }
  }

  const started = performance.now()
  await Promise.all(
    Array.from({ length: Math.min(plan.concurrency, plan.conversations) }, async () => {
      while (next < plan.conversations) await one(next++)
    })
  )
  const wallMs = performance.now() - started
  return {
    conversations: plan.conversations,
    errors,
    errorSamples,
    statuses,
    delivery,
    fallbacks,
    wallMs: Math.round(wallMs),
    throughputPerSec: Math.round((plan.conversations / wallMs) * 1000),
    latencyMs: summarize(latencies)
  }
}

/** The client process's side: plan on stdin, report on stdout. */
export async function serveChatLoad(): Promise<void> {
  const lines = createInterface({ input: process.stdin })
  const [line] = await Promise.race([
    new Promise<string[]>((resolve) => lines.once('line', (l) => resolve([l]))),
    new Promise<string[]>((resolve) => lines.once('close', () => resolve([])))
  ])
  lines.close()
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
