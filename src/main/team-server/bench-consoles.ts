import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { WebSocket } from 'ws'
import { z } from 'zod'
import { summarize, type Summary } from '../bench/stats'
import {
  WEB_BRIDGE_PATH,
  WEB_BRIDGE_PROTOCOL,
  WEB_TOKEN_PROTOCOL_PREFIX
} from '../../shared/web-bridge-protocol'

/**
 * The team benchmark's consoles: many people signed in to one team server, each a WebSocket as a
 * browser's would be, in a process of their own (so receiving never shares the server's loop). Each
 * says it is online (presence, as a console does) and times every change it is sent: a draft's
 * `updatedAt` is when the core wrote it, so arrival minus that is the delay from the change to
 * this console (one clock: same machine).
 *
 * The bench entry becomes this process with TEAM_CONSOLES_FLAG: a plan on the first stdin line,
 * `connected` on stdout once every console is in; then `measure` and `stop` on stdin, and the
 * report as one JSON line on stdout.
 */
export const TEAM_CONSOLES_FLAG = '--team-consoles'

const ConsolesPlan = z.object({
  origin: z.string().startsWith('ws'),
  tokens: z.array(z.string().min(16)).min(1),
  heartbeatMs: z.number().int().positive().default(15_000)
})
export type ConsolesPlan = z.input<typeof ConsolesPlan>

export interface ConsolesReport {
  consoles: number
  /** Delay from a draft's change in the core to its arrival, over every (change, console) pair. */
  delayMs: Summary
  /** Changes each console received while measuring: the same for all when none was lost. */
  changesPerConsole: { min: number; max: number }
  /** Every push one console received while measuring, by event: what the server sent each of them. */
  pushesPerConsole: Record<string, number>
  clientCpuMs: number
}

interface Push {
  event: string
  payload?: { updatedAt?: string }
}

interface OneConsole {
  socket: WebSocket
  received: number
  pushes: Record<string, number>
}

function connectConsole(
  origin: string,
  token: string,
  index: number,
  record: (ms: number) => void
): Promise<OneConsole> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${origin}${WEB_BRIDGE_PATH}`, [
      WEB_BRIDGE_PROTOCOL,
      `${WEB_TOKEN_PROTOCOL_PREFIX}${token}`
    ])
    const me: OneConsole = { socket, received: 0, pushes: {} }
    const onPush = (push: Push): void => {
      me.pushes[push.event] = (me.pushes[push.event] ?? 0) + 1
      if (push.event !== 'draft.changed' || !push.payload?.updatedAt) return
      me.received++
      record(Date.now() - Date.parse(push.payload.updatedAt))
    }
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Push | { pushes?: Push[] }
      if ('pushes' in message && message.pushes) message.pushes.forEach(onPush)
      else if ('event' in message) onPush(message)
    })
    socket.once('open', () => {
      socket.send(
        JSON.stringify({
          id: 1,
          channel: 'presence.set',
          input: { viewId: `bench-console-${index}`, ticketId: null, editing: false }
        })
      )
      resolve(me)
    })
    socket.once('error', reject)
  })
}

export async function serveTeamConsoles(): Promise<void> {
  const lines = createInterface({ input: process.stdin })
  const commands: string[] = []
  const waiting: ((line: string) => void)[] = []
  lines.on('line', (line) => {
    const next = waiting.shift()
    if (next) next(line)
    else commands.push(line)
  })
  const nextLine = (): Promise<string> =>
    commands.length > 0 ? Promise.resolve(commands.shift()!) : new Promise((resolve) => waiting.push(resolve))

  const plan = ConsolesPlan.parse(JSON.parse(await nextLine()))
  let measuring = false
  const delays: number[] = []
  const record = (ms: number): void => {
    if (measuring) delays.push(ms)
  }
  const consoles = await Promise.all(
    plan.tokens.map((token, i) => connectConsole(plan.origin, token, i, record))
  )
  const heartbeat = setInterval(() => {
    consoles.forEach(({ socket }, i) =>
      socket.send(
        JSON.stringify({
          id: 2,
          channel: 'presence.set',
          input: { viewId: `bench-console-${i}`, ticketId: null, editing: false }
        })
      )
    )
  }, plan.heartbeatMs)
  process.stdout.write('connected\n')

  while ((await nextLine()) !== 'measure');
  const cpu = process.cpuUsage()
  for (const c of consoles) {
    c.received = 0
    c.pushes = {}
  }
  measuring = true
  while ((await nextLine()) !== 'stop');
  measuring = false
  const used = process.cpuUsage(cpu)
  clearInterval(heartbeat)
  const received = consoles.map((c) => c.received)
  const report: ConsolesReport = {
    consoles: consoles.length,
    delayMs: summarize(delays),
    changesPerConsole: { min: Math.min(...received), max: Math.max(...received) },
    pushesPerConsole: consoles[0]?.pushes ?? {},
    clientCpuMs: Math.round((used.user + used.system) / 1000)
  }
  process.stdout.write(`${JSON.stringify(report)}\n`)
  for (const c of consoles) c.socket.close()
  lines.close()
  process.stdin.destroy()
}

export interface ConsolesProcess {
  measure(): void
  stop(): Promise<ConsolesReport>
  kill(): void
}

/** Starts the consoles in a child process from `entry` (the bench entry) and waits until all are connected. */
export async function startConsolesProcess(entry: string, plan: ConsolesPlan): Promise<ConsolesProcess> {
  const child: ChildProcess = spawn(process.execPath, [entry, TEAM_CONSOLES_FLAG], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['pipe', 'pipe', 'inherit']
  })
  const out = createInterface({ input: child.stdout! })
  const nextLine = (): Promise<string> =>
    new Promise((resolve, reject) => {
      out.once('line', resolve)
      child.once('exit', (code) => reject(new Error(`the consoles process exited (code ${code})`)))
    })
  child.stdin!.write(`${JSON.stringify(plan)}\n`)
  const first = await nextLine()
  if (first !== 'connected') throw new Error(`the consoles process said "${first}" instead of connecting`)
  return {
    measure: () => void child.stdin!.write('measure\n'),
    async stop() {
      const report = nextLine()
      child.stdin!.write('stop\n')
      return JSON.parse(await report) as ConsolesReport
    },
    kill: () => void child.kill()
  }
}
