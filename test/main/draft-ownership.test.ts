import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { hostname } from 'node:os'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  HEARTBEAT_MS,
  INTERRUPTED_REASON,
  isInstanceGone,
  isProcessAlive,
  startCorePresence
} from '../../src/main/core/core-presence'
import { createCore } from '../../src/main/core/create-core'
import { CoreEvents } from '../../src/main/core/events'
import { openDb, type Db } from '../../src/main/db/connection'
import { seedDemoShop, type SeedSummary } from '../../src/main/db/fixtures/seed-demo-shop'
import { listCoreInstances, upsertCoreInstance } from '../../src/main/db/repositories/core-instances'
import { insertDraft } from '../../src/main/db/repositories/drafts'
import { builtAppProblem } from '../support/built-app'
import { runFrontline, startFrontline } from '../support/spawn-cli'

let dir: string
let dbPath: string
let shop: SeedSummary

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-owners-'))
  dbPath = join(dir, 'shop.db')
  const db = openDb(dbPath)
  shop = seedDemoShop(db, { anchor: new Date().toISOString() })
  db.close()
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** The pid of a process that has exited: nothing runs under it (until the system reuses it). */
const deadPid = (): number => {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])
  return Number(child.stdout.toString())
}

const statusOf = (db: Db, draftId: string): { status: string; reason: string | null } =>
  db.prepare('SELECT status, reason FROM drafts WHERE id = ?').get(draftId) as {
    status: string
    reason: string | null
  }

const ticketIds = (db: Db, n: number): string[] =>
  db.prepare('SELECT id FROM tickets ORDER BY id LIMIT ?').pluck().all(n) as string[]

describe('which core a draft belongs to', () => {
  it('takes a core for gone when its process is gone on this machine, or when it falls silent', () => {
    const now = 1_000_000_000
    const here = { hostname: 'desk', nowMs: now, staleAfterMs: 60_000, isAlive: (pid: number) => pid === 10 }
    const instance = {
      id: 'CORE-1',
      host: 'in-process',
      startedAt: '',
      pid: 10,
      hostname: 'desk',
      heartbeatMs: now
    }
    expect(isInstanceGone(instance, here)).toBe(false)
    expect(isInstanceGone({ ...instance, pid: 11 }, here)).toBe(true)
    // Another machine's pids mean nothing here: only its heartbeat counts.
    expect(isInstanceGone({ ...instance, pid: 11, hostname: 'server' }, here)).toBe(false)
    expect(isInstanceGone({ ...instance, hostname: 'server', heartbeatMs: now - 60_001 }, here)).toBe(true)
    // A pid reused by another process does not keep a silent core alive for ever.
    expect(isInstanceGone({ ...instance, heartbeatMs: now - 60_001 }, here)).toBe(true)
    expect(isProcessAlive(process.pid)).toBe(true)
    expect(isProcessAlive(deadPid())).toBe(false)
  })

  it('marks at start only the drafts whose core is gone, and the cores that are', () => {
    const db = openDb(dbPath)
    const [live, remote, crashed, silent, legacy] = ticketIds(db, 5) as [
      string,
      string,
      string,
      string,
      string
    ]
    const now = Date.now()
    const owners = {
      live: { id: 'CORE-live', pid: process.pid, hostname: hostname(), heartbeatMs: now },
      remote: { id: 'CORE-remote', pid: 1, hostname: 'another-machine', heartbeatMs: now },
      crashed: { id: 'CORE-crashed', pid: deadPid(), hostname: hostname(), heartbeatMs: now },
      silent: { id: 'CORE-silent', pid: 1, hostname: 'another-machine', heartbeatMs: now - 10 * 60_000 }
    }
    for (const owner of Object.values(owners))
      upsertCoreInstance(db, { ...owner, host: 'in-process', startedAt: new Date(now).toISOString() })
    const draft = (id: string, ticketId: string, owner?: string) =>
      insertDraft(db, {
        id,
        ticketId,
        providerId: 'demo',
        model: 'frontline-demo',
        now: '2026-01-01T00:00:00Z',
        owner
      })
    draft('DRF-live', live, owners.live.id)
    draft('DRF-remote', remote, owners.remote.id)
    draft('DRF-crashed', crashed, owners.crashed.id)
    draft('DRF-silent', silent, owners.silent.id)
    draft('DRF-legacy', legacy)

    const events = new CoreEvents()
    const changed: string[] = []
    events.subscribe((event, payload) => {
      if (event === 'draft.changed') changed.push((payload as { id: string }).id)
    })
    const presence = startCorePresence({ db, events, host: 'in-process' })
    try {
      expect(statusOf(db, 'DRF-live').status).toBe('generating')
      expect(statusOf(db, 'DRF-remote').status).toBe('generating')
      for (const id of ['DRF-crashed', 'DRF-silent', 'DRF-legacy'])
        expect(statusOf(db, id)).toEqual({ status: 'interrupted', reason: INTERRUPTED_REASON })
      expect(changed.sort()).toEqual(['DRF-crashed', 'DRF-legacy', 'DRF-silent'])
      expect(
        listCoreInstances(db)
          .map((i) => i.id)
          .sort()
      ).toEqual(['CORE-live', 'CORE-remote', presence.id].sort())
    } finally {
      presence.close()
      db.close()
    }
  })

  it("marks a crashed process's draft at its next heartbeat, while this one keeps running", () => {
    vi.useFakeTimers()
    const db = openDb(dbPath)
    const events = new CoreEvents()
    const ticketsChanged: string[][] = []
    events.subscribe((event, payload) => {
      if (event === 'tickets.changed') ticketsChanged.push((payload as { ticketIds: string[] }).ticketIds)
    })
    const crashedPid = 4_242_424
    const presence = startCorePresence({
      db,
      events,
      host: 'in-process',
      isAlive: (pid) => pid !== crashedPid
    })
    try {
      // Another process on this machine starts, begins a draft, and dies.
      const [ticketId] = ticketIds(db, 1) as [string]
      upsertCoreInstance(db, {
        id: 'CORE-other',
        pid: crashedPid,
        hostname: hostname(),
        host: 'in-process',
        startedAt: new Date().toISOString(),
        heartbeatMs: Date.now()
      })
      insertDraft(db, {
        id: 'DRF-other',
        ticketId,
        providerId: 'demo',
        model: 'frontline-demo',
        now: 'now',
        owner: 'CORE-other'
      })
      vi.advanceTimersByTime(HEARTBEAT_MS - 1)
      expect(statusOf(db, 'DRF-other').status).toBe('generating')
      vi.advanceTimersByTime(1)
      expect(statusOf(db, 'DRF-other').status).toBe('interrupted')
      expect(ticketsChanged).toEqual([[ticketId]])
      expect(listCoreInstances(db).map((i) => i.id)).toEqual([presence.id])
    } finally {
      presence.close()
      db.close()
      vi.useRealTimers()
    }
  })

  it('names its core on every draft it writes, and takes the core off the list when it closes', async () => {
    const core = createCore({ dbPath, checkpointWorkerFile: null, env: {} })
    const [instance] = listCoreInstances(core.context.db)
    expect(instance).toMatchObject({ pid: process.pid, hostname: hostname(), host: 'in-process' })
    const draft = await core.context.drafts.start(shop.exampleTickets.where_is_order).done
    const owner = core.context.db.prepare('SELECT owner FROM drafts WHERE id = ?').pluck().get(draft.id)
    expect(owner).toBe(instance!.id)
    await core.close()
    const db = openDb(dbPath)
    expect(listCoreInstances(db)).toEqual([])
    db.close()
  })
})

const problem = builtAppProblem(['cli.js', 'checkpoint-worker.js'])
describe.skipIf(problem !== null)(
  `two processes on one database${problem ? ` (skipped: ${problem})` : ''}`,
  () => {
    // The demo model streams each chunk 100 ms apart: a draft takes seconds, long enough to meet.
    const slow = { FRONTLINE_DEMO_CHUNK_DELAY_MS: '100', FRONTLINE_API_KEY: '' }

    const generatingDraftOf = async (ticketId: string): Promise<string> => {
      let draftId: string | undefined
      await expect
        .poll(
          () => {
            const db = openDb(dbPath, { readonly: true })
            try {
              draftId = db
                .prepare(`SELECT id FROM drafts WHERE ticket_id = ? AND status = 'generating'`)
                .pluck()
                .get(ticketId) as string | undefined
            } finally {
              db.close()
            }
            return draftId
          },
          { timeout: 20_000, interval: 50 }
        )
        .toBeDefined()
      return draftId!
    }
    const statusNow = (draftId: string) => {
      const db = openDb(dbPath, { readonly: true })
      try {
        return statusOf(db, draftId)
      } finally {
        db.close()
      }
    }

    it("leaves another live process's draft generating, and it completes", async () => {
      const ticketId = shop.exampleTickets.where_is_order
      const drafting = startFrontline(['draft', '--ticket', ticketId, '--db', dbPath], { env: slow })
      const draftId = await generatingDraftOf(ticketId)

      // Any other command opens a core on the same database meanwhile.
      const other = await runFrontline(['tool', 'list', '--db', dbPath])
      expect(other.code, other.stderr).toBe(0)
      expect(statusNow(draftId).status).toBe('generating')

      const done = await drafting.exited()
      expect(done.code, done.stderr).toBe(0)
      expect(done.stdout).toContain(`Draft ${draftId} for ${ticketId}: ready`)
      expect(statusNow(draftId).status).toBe('ready')
    })

    it('marks the draft of a process killed with SIGKILL interrupted at the next start', async () => {
      const ticketId = shop.exampleTickets.where_is_order
      const drafting = startFrontline(['draft', '--ticket', ticketId, '--db', dbPath], { env: slow })
      const draftId = await generatingDraftOf(ticketId)
      const killed = await drafting.stop('SIGKILL')
      expect(killed.signal).toBe('SIGKILL')
      expect(statusNow(draftId).status).toBe('generating')

      const next = await runFrontline(['tool', 'list', '--db', dbPath])
      expect(next.code, next.stderr).toBe(0)
      expect(statusNow(draftId)).toEqual({ status: 'interrupted', reason: INTERRUPTED_REASON })
    })
  }
)
