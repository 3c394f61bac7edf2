import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { builtCli, repoRoot } from './paths'

const SERVER_LINE = /Frontline team server: (http:\/\/127\.0\.0\.1:\d+)/

export interface RunningTeamServer {
  url: string
  stop(): Promise<void>
}

/** `frontline user add NAME --email E --role R --password-stdin`, as an operator scripts it. */
export async function addUser(dbPath: string, name: string, role: string, password: string): Promise<string> {
  const email = `${name.toLowerCase()}@shop.example`
  const child = spawn(
    process.execPath,
    [builtCli, 'user', 'add', name, '--email', email, '--role', role, '--password-stdin', '--db', dbPath],
    { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] }
  )
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stdin.end(`${password}\n`)
  const [code] = (await once(child, 'exit')) as [number | null]
  if (code !== 0) throw new Error(`frontline user add ${name} exited with ${code}:\n${output}`)
  return email
}

/** Starts `frontline server` on a free port and waits for the line with its address. */
export async function startTeamServerProcess(dbPath: string): Promise<RunningTeamServer> {
  const child = spawn(process.execPath, [builtCli, 'server', '--db', dbPath, '--port', '0'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FRONTLINE_API_KEY: '' }
  })
  let log = ''
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`frontline server printed no address in 30 s:\n${log}`)),
      30_000
    )
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = SERVER_LINE.exec(line)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`frontline server exited with ${code} before printing its address:\n${log}`))
    })
  })
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    }
  }
}
