import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { z } from 'zod'
import { startMockOpenAi } from './mock-openai-server'

/** The flag that turns the bench entry into the mock provider's process. */
export const SERVE_MOCK_FLAG = '--serve-mock'

export interface MockProcess {
  baseURL: string
  pid: number
  close(): Promise<void>
}

const Ready = z.object({ baseURL: z.string().url() })

/**
 * Starts the mock provider in a child process, so that answering 1000 requests a second neither
 * shares the engine's event loop nor the thread that measures it. `entry` is a script that calls
 * `serveMock` when given SERVE_MOCK_FLAG (the bench entry, out/main/bench.js).
 */
export async function startMockProcess(entry: string, latencyMs: number): Promise<MockProcess> {
  const child = spawn(process.execPath, [entry, SERVE_MOCK_FLAG, String(latencyMs)], {
    // Inside Electron, execPath is the app; this makes it behave as plain node.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['pipe', 'pipe', 'inherit']
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const baseURL = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout })
    lines.once('line', (line) => {
      lines.close()
      const parsed = Ready.safeParse(safeJson(line))
      if (parsed.success) resolve(parsed.data.baseURL)
      else reject(new Error(`the mock server process said "${line}" instead of its address`))
    })
    child.once('error', reject)
    child.once('exit', (code) =>
      reject(new Error(`the mock server process exited (code ${code}) before it was ready`))
    )
  })
  return {
    baseURL,
    pid: child.pid ?? 0,
    async close() {
      // Closing its stdin is the signal to stop; a kill follows if it does not.
      child.stdin.end()
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
      await exited
      clearTimeout(timer)
    }
  }
}

/** The child's side: serve until stdin closes (the parent ended it, or died), then exit. */
export async function serveMock(latencyArg: string | undefined): Promise<void> {
  const latencyMs = z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .parse(latencyArg ?? '200')
  const server = await startMockOpenAi({ latencyMs, record: false })
  process.stdout.write(`${JSON.stringify({ baseURL: server.baseURL })}\n`)
  const stop = () => void server.close().then(() => process.exit(0))
  process.stdin.on('end', stop)
  process.stdin.on('close', stop)
  process.stdin.resume()
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
