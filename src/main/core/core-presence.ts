import { randomUUID } from 'node:crypto'
import { hostname as osHostname } from 'node:os'
import type { Db } from '../db/connection'
import {
  deleteCoreInstance,
  listCoreInstances,
  touchCoreInstance,
  upsertCoreInstance,
  type CoreInstance
} from '../db/repositories/core-instances'
import { getDraft, interruptOrphanedDrafts } from '../db/repositories/drafts'
import type { CoreEvents } from './events'

/** How often a running core says it is alive. */
export const HEARTBEAT_MS = 10_000
/**
 * Silence after which a core on another machine (or one whose pid now belongs to someone else) is
 * taken for gone. Six missed heartbeats: a core busy for a moment is not declared dead.
 */
export const STALE_AFTER_MS = 60_000

export const INTERRUPTED_REASON = 'Frontline stopped while this draft was being written. Regenerate it.'

export interface Whereabouts {
  hostname: string
  nowMs: number
  staleAfterMs: number
  isAlive(pid: number): boolean
}

/** Whether a process exists: signal 0 checks without sending anything. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * A core is gone when its heartbeat is older than the bound, or, on this machine, at once when its
 * process no longer exists (a crash, `kill -9`): its drafts need not wait out the bound.
 */
export function isInstanceGone(instance: CoreInstance, here: Whereabouts): boolean {
  if (here.nowMs - instance.heartbeatMs > here.staleAfterMs) return true
  return instance.hostname === here.hostname && !here.isAlive(instance.pid)
}

export interface CorePresenceOptions {
  db: Db
  events: CoreEvents
  host: string
  heartbeatMs?: number
  staleAfterMs?: number
  /** Wall-clock milliseconds: liveness is about real time, whatever clock the core's domain uses. */
  nowMs?: () => number
  hostname?: string
  isAlive?: (pid: number) => boolean
}

export interface CorePresence {
  /** This core's id: the owner of the drafts it writes. */
  readonly id: string
  /** Looks for cores that are gone and marks their drafts interrupted; returns how many drafts. */
  reap(): number
  /** Stops the heartbeat and removes this core's row (its drafts were settled before). */
  close(): void
}

/**
 * Registers a core as running over its database and keeps it so with a heartbeat on a timer that
 * holds no process open; the drafting path never touches any of this. At start and at each
 * heartbeat, drafts left `generating` by a core that is gone are marked interrupted, so a crashed
 * process's drafts are told as such while the others run on.
 */
export function startCorePresence(options: CorePresenceOptions): CorePresence {
  const { db, events } = options
  const nowMs = options.nowMs ?? Date.now
  const here = {
    hostname: options.hostname ?? osHostname(),
    staleAfterMs: options.staleAfterMs ?? STALE_AFTER_MS,
    isAlive: options.isAlive ?? isProcessAlive
  }
  const startedMs = nowMs()
  const self: CoreInstance = {
    id: `CORE-${randomUUID()}`,
    pid: process.pid,
    hostname: here.hostname,
    host: options.host,
    startedAt: new Date(startedMs).toISOString(),
    heartbeatMs: startedMs
  }
  upsertCoreInstance(db, self)

  /** `always`: also drafts with no live owner recorded before (at start: a crash of an older version). */
  const reap = (always = true): number => {
    const at = nowMs()
    const gone = listCoreInstances(db).filter(
      (instance) => instance.id !== self.id && isInstanceGone(instance, { ...here, nowMs: at })
    )
    if (gone.length === 0 && !always) return 0
    for (const instance of gone) deleteCoreInstance(db, instance.id)
    const interrupted = interruptOrphanedDrafts(db, INTERRUPTED_REASON, new Date(at).toISOString())
    for (const { id } of interrupted) {
      const draft = getDraft(db, id)
      if (draft) events.emit('draft.changed', draft)
    }
    if (interrupted.length > 0) {
      events.emit('tickets.changed', { ticketIds: [...new Set(interrupted.map((d) => d.ticketId))] })
    }
    return interrupted.length
  }

  const heartbeat = setInterval(() => {
    try {
      const at = nowMs()
      // Taken for gone while this process slept or stalled: it is back, and says so.
      if (!touchCoreInstance(db, self.id, at)) upsertCoreInstance(db, { ...self, heartbeatMs: at })
      reap(false)
    } catch (error) {
      console.error('[core] heartbeat failed', error)
    }
  }, options.heartbeatMs ?? HEARTBEAT_MS)
  heartbeat.unref()
  reap()

  return {
    id: self.id,
    reap: () => reap(),
    close() {
      clearInterval(heartbeat)
      if (db.open) deleteCoreInstance(db, self.id)
    }
  }
}
