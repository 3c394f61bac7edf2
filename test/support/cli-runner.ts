import { Readable, Writable } from 'node:stream'
import { runCli } from '../../src/main/cli/run'

/** A stream that keeps what a command writes, and lets a test wait for a line to appear. */
export class Capture extends Writable {
  text = ''
  private waiters: (() => void)[] = []
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString()
    for (const wake of this.waiters.splice(0)) wake()
    done()
  }
  async waitFor(pattern: RegExp): Promise<RegExpExecArray> {
    for (;;) {
      const match = pattern.exec(this.text)
      if (match) return match
      await new Promise<void>((resolve) => this.waiters.push(resolve))
    }
  }
}

/** Runs `frontline ...argv` in-process, as the shell would, and returns its exit code and output. */
export async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture()
  const stderr = new Capture()
  const code = await runCli(argv, { stdout, stderr })
  return { code, stdout: stdout.text, stderr: stderr.text }
}

/** Starts a long-running `frontline ...argv` (serve, web, mcp) in-process; `stop` ends it as Ctrl+C would. */
export function startCli(...argv: string[]): { stdout: Capture; stderr: Capture; stop(): Promise<number> } {
  const stdout = new Capture()
  const stderr = new Capture()
  const shutdown = new AbortController()
  const exit = runCli(argv, { stdout, stderr, shutdown: shutdown.signal })
  return {
    stdout,
    stderr,
    stop: () => {
      shutdown.abort()
      return exit
    }
  }
}

/** Runs `frontline ...argv` in-process with `input` piped to its stdin (a password for --password-stdin). */
export async function cliWithInput(
  input: string,
  ...argv: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture()
  const stderr = new Capture()
  const code = await runCli(argv, { stdout, stderr, stdin: Readable.from([input]) })
  return { code, stdout: stdout.text, stderr: stderr.text }
}
