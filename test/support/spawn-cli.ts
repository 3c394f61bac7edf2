import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { builtMain, repoRoot } from './built-app'

/** The built CLI as a shell runs it; `bin` goes through bin/frontline.js as `npx frontline` does. */
export const BUILT_CLI = builtMain('cli.js')
export const BIN = join(repoRoot, 'bin', 'frontline.js')

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv
  /** Which entry to run: the built CLI (default) or the bin launcher. */
  entry?: string
  /** Written to stdin, which is then closed; without it stdin is closed at once. */
  input?: string
  timeoutMs?: number
}

export interface Exited {
  /** The process's exit code; null only when a signal ended it. */
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

function launch(args: readonly string[], options: SpawnOptions): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [options.entry ?? BUILT_CLI, ...args], {
    env: { ...process.env, ...options.env },
    stdio: 'pipe'
  })
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  return child
}

/** Runs `frontline …args` to its end in a real process. */
export async function runFrontline(args: readonly string[], options: SpawnOptions = {}): Promise<Exited> {
  const running = startFrontline(args, options)
  if (options.input !== undefined) running.child.stdin.write(options.input)
  running.child.stdin.end()
  return running.exited(options.timeoutMs)
}

export interface RunningFrontline {
  child: ChildProcessWithoutNullStreams
  stdout(): string
  stderr(): string
  /** Resolves with the first match in stdout or stderr (as they stand, or once it is printed). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>
  exited(timeoutMs?: number): Promise<Exited>
  /** Sends `signal` (SIGTERM by default) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<Exited>
}

/** Starts `frontline …args` (serve, web, mcp, a slow draft) and lets the test watch and stop it. */
export function startFrontline(args: readonly string[], options: SpawnOptions = {}): RunningFrontline {
  const child = launch(args, options)
  let stdout = ''
  let stderr = ''
  const wakers = new Set<() => void>()
  const wake = (): void => {
    for (const waker of wakers) waker()
  }
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk
    wake()
  })
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk
    wake()
  })
  const exit = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null
  }))
  // 'exit' can come before the pipes are drained; 'close' waits for them.
  let ended = false
  const closed = once(child, 'close').then(() => {
    ended = true
    wake()
  })

  const exited = async (timeoutMs = 60_000): Promise<Exited> => {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL')
        reject(new Error(`frontline ${args.join(' ')} did not exit in ${timeoutMs} ms\n${stdout}\n${stderr}`))
      }, timeoutMs)
    })
    try {
      const { code, signal } = await Promise.race([exit, timeout])
      await closed
      return { code, signal, stdout, stderr }
    } finally {
      clearTimeout(timer)
    }
  }

  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(stdout) ?? pattern.exec(stderr)
          if (match) return finish(() => resolve(match))
          if (ended) {
            finish(() =>
              reject(new Error(`frontline exited before printing ${pattern}:\n${stdout}\n${stderr}`))
            )
          }
        }
        const timer = setTimeout(
          () => finish(() => reject(new Error(`no ${pattern} in ${timeoutMs} ms:\n${stdout}\n${stderr}`))),
          timeoutMs
        )
        const finish = (outcome: () => void): void => {
          clearTimeout(timer)
          wakers.delete(check)
          outcome()
        }
        wakers.add(check)
        check()
      })
    },
    exited,
    async stop(signal = 'SIGTERM') {
      child.kill(signal)
      return exited()
    }
  }
}

/** A stack trace's frame lines ("    at f (file.js:1:2)"): output for people never shows them. */
export const STACK_FRAME = /\n\s+at .+:\d+:\d+/
