import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { openDb, type Db } from '../db/connection'
import { commitPendingTurn } from '../db/turn-commit'
import { insertShopPromptVersion } from '../db/repositories/shop-prompts'
import { createPrivateFile } from '../private-files'

/**
 * The scratch copy a replay drafts against: the live database copied page by page with SQLite's
 * online backup (a few milliseconds of the core's thread per step, never one long stall), into a
 * private folder beside the database. Whatever the agent does there (drafts, tool traces, proposed
 * returns) stays there, and the file is deleted when the replay ends.
 */
export interface ScratchCopy {
  readonly db: Db
  readonly path: string
  /** Closes and deletes the copy (and its journal files). */
  discard(): void
}

/** Pages copied per step of the backup: about 4 MB, a few milliseconds. */
const PAGES_PER_STEP = 1_000

export class CopyCancelled extends Error {
  constructor() {
    super('The replay was cancelled while the database was being copied.')
    this.name = 'CopyCancelled'
  }
}

const scratchFile = (dir: string, replayId: string): string => join(dir, `${replayId}.db`)

const removeFiles = (path: string): void => {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true })
}

export async function makeScratchCopy(
  live: Db,
  options: { dir: string; replayId: string; signal: AbortSignal; onProgress(percent: number): void }
): Promise<ScratchCopy> {
  const path = scratchFile(options.dir, options.replayId)
  removeFiles(path)
  // The backup writes into this file, so the copy of customers' data is private from its first byte.
  createPrivateFile(path)
  // The writes this turn grouped go into the copy too.
  commitPendingTurn(live)
  try {
    await live.backup(path, {
      progress: ({ totalPages, remainingPages }) => {
        if (options.signal.aborted) throw new CopyCancelled()
        options.onProgress(
          totalPages === 0 ? 100 : Math.floor(((totalPages - remainingPages) * 100) / totalPages)
        )
        return PAGES_PER_STEP
      }
    })
    if (options.signal.aborted) throw new CopyCancelled()
  } catch (error) {
    removeFiles(path)
    throw error
  }
  let db: Db
  try {
    db = openDb(path)
    // A throwaway file: no fsync, no write-ahead log to keep.
    db.pragma('journal_mode = MEMORY')
    db.pragma('synchronous = OFF')
  } catch (error) {
    removeFiles(path)
    throw error
  }
  return {
    db,
    path,
    discard() {
      if (db.open) db.close()
      removeFiles(path)
    }
  }
}

/** Scratch copies no running replay owns (a crash left them): deleted when a lab starts. */
export function removeStaleScratchCopies(dir: string, isRunning: (replayId: string) => boolean): void {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return
  }
  for (const name of names) {
    const replayId = /^(RPL-[0-9a-f-]{36})\.db(?:-wal|-shm|-journal)?$/.exec(name)?.[1]
    if (replayId && !isRunning(replayId)) rmSync(join(dir, name), { force: true })
  }
}

export interface ReplayedThread {
  ticketId: string
  replyMessageId: number
  /** When the customer's message the reply answered was written. */
  answeredAt: string | null
}

/**
 * Sets the copy back to the moment each reply was written: the thread ends before the reply, and
 * proposals made since the customer's message that still wait for a person are withdrawn (so the
 * new draft may propose them again). Decided actions stay: the shop did change. The copy's shop
 * prompt becomes the instructions under test.
 */
export function rewindScratchCopy(
  scratch: Db,
  threads: readonly ReplayedThread[],
  prompt: { instructions: string; at: string }
): void {
  // Rows that point at a withdrawn proposal (a chat's watch on it) may dangle in a copy.
  scratch.pragma('foreign_keys = OFF')
  try {
    const reply = scratch.prepare('SELECT created_at FROM messages WHERE id = ?').pluck()
    const cutThread = scratch.prepare(
      `DELETE FROM messages WHERE ticket_id = @ticketId
         AND (created_at > @at OR (created_at = @at AND id >= @replyMessageId))`
    )
    const withdraw = scratch.prepare(
      `DELETE FROM actions WHERE ticket_id = @ticketId AND status = 'pending_approval' AND created_at >= @since`
    )
    scratch.transaction(() => {
      for (const thread of threads) {
        const at = reply.get(thread.replyMessageId) as string | undefined
        if (at === undefined) continue
        cutThread.run({ ticketId: thread.ticketId, at, replyMessageId: thread.replyMessageId })
        withdraw.run({ ticketId: thread.ticketId, since: thread.answeredAt ?? at })
      }
      insertShopPromptVersion(scratch, {
        instructions: prompt.instructions,
        savedBy: 'replay',
        savedAt: prompt.at,
        replayId: null,
        restoredFrom: null,
        note: null
      })
    })()
  } finally {
    scratch.pragma('foreign_keys = ON')
  }
}
