import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { builtCli, repoRoot } from './paths'

const CONSOLE_LINE = /Frontline console: (http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)/

export interface RunningWebHost {
  url: string
  stop(): Promise<void>
}

/** Runs the built CLI to completion (`input` piped to its stdin), failing with its stderr when it fails. */
export async function runCli(args: string[], input?: string): Promise<string> {
  const child = spawn(process.execPath, [builtCli, ...args], {
    cwd: repoRoot,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe']
  })
  if (input !== undefined) child.stdin?.end(input)
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const [code] = (await once(child, 'exit')) as [number | null]
  if (code !== 0) throw new Error(`frontline ${args.join(' ')} exited with ${code}:\n${output}`)
  return output
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}

/** A long-running `frontline` command, once it has printed the line that says where it listens. */
export interface RunningCliServer {
  /** What the line's first group caught: the address it serves. */
  address: string
  stop(): Promise<void>
}

/**
 * Starts `frontline <args>` and waits for the line matching `ready` (its first group is the
 * address). `env` adds to the environment.
 */
export async function startCliServer(
  args: string[],
  ready: RegExp,
  env: Record<string, string> = {}
): Promise<RunningCliServer> {
  const child = spawn(process.execPath, [builtCli, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FRONTLINE_API_KEY: '', ...env }
  })
  let log = ''
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()))
  const lines = createInterface({ input: child.stdout })
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`frontline ${args[0]} printed no address in 20 s:\n${log}`)),
      20_000
    )
    lines.on('line', (line) => {
      log += `${line}\n`
      const match = ready.exec(line)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`frontline ${args[0]} exited with ${code} before printing its address:\n${log}`))
    })
  })
  return { address, stop: () => stopProcess(child) }
}

/**
 * Starts `frontline web` (on a free port unless `port` says which) and waits for the line that
 * prints the console's URL. `env` adds to the environment, e.g. FRONTLINE_BASE_URL to point it at
 * a mock provider, or FRONTLINE_WEB_TOKEN to keep the token across a restart.
 */
export async function startWebHostProcess(
  dbPath: string,
  env: Record<string, string> = {},
  port = 0
): Promise<RunningWebHost> {
  const server = await startCliServer(['web', '--db', dbPath, '--port', String(port)], CONSOLE_LINE, env)
  return { url: server.address, stop: server.stop }
}
