import type { PersonCaller } from '../../shared/domain/caller'
import type { PresenceEntry } from '../../shared/domain/team'
import type { CoreEvents } from '../core/events'

/**
 * Who has a console open, on which ticket, and who is editing its reply. Kept in memory only: it
 * describes live connections, which a restart ends anyway. Each console says where it is when that
 * changes and again every HEARTBEAT_MS; one silent for EXPIRE_MS is taken for closed (a laptop lid,
 * a dropped network), and a session that ends takes its consoles with it.
 */
export const PRESENCE_HEARTBEAT_MS = 15_000
const EXPIRE_MS = 45_000

export interface PresenceTimers {
  now(): number
  setInterval(fn: () => void, ms: number): { unref?(): void }
  clearInterval(handle: unknown): void
}

const realTimers: PresenceTimers = {
  now: () => Date.now(),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout)
}

interface Place extends PresenceEntry {
  sessionId: string | null
  seenAt: number
}

export interface Presence {
  set(caller: PersonCaller, viewId: string, ticketId: string | null, editing: boolean): PresenceEntry[]
  list(): PresenceEntry[]
  isOnline(personId: string): boolean
  /** People with a console open, each once. */
  onlinePeople(): string[]
  dropSessions(sessionIds: readonly string[]): void
  /** Forgets consoles silent past the expiry (also run on a timer). */
  sweep(): void
  close(): void
}

const sameEntry = (a: PresenceEntry, b: PresenceEntry): boolean =>
  a.ticketId === b.ticketId && a.editing === b.editing && a.name === b.name

export function createPresence(deps: { events: CoreEvents; timers?: PresenceTimers }): Presence {
  const timers = deps.timers ?? realTimers
  const places = new Map<string, Place>()
  const keyOf = (personId: string, viewId: string): string => `${personId}\u0000${viewId}`

  const entries = (): PresenceEntry[] =>
    [...places.values()]
      .map(({ personId, name, ticketId, editing }) => ({ personId, name, ticketId, editing }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.personId.localeCompare(b.personId))
  const announce = (): void => deps.events.emit('presence.changed', { entries: entries() })

  const removeWhere = (gone: (place: Place) => boolean): void => {
    let changed = false
    for (const [key, place] of places) {
      if (!gone(place)) continue
      places.delete(key)
      changed = true
    }
    if (changed) announce()
  }

  const sweep = (): void => {
    const cutoff = timers.now() - EXPIRE_MS
    removeWhere((place) => place.seenAt < cutoff)
  }
  const sweeper = timers.setInterval(sweep, PRESENCE_HEARTBEAT_MS)
  sweeper.unref?.()

  return {
    set(caller, viewId, ticketId, editing) {
      const key = keyOf(caller.personId, viewId)
      const before = places.get(key)
      const place: Place = {
        personId: caller.personId,
        name: caller.name,
        ticketId,
        editing: editing && ticketId !== null,
        sessionId: caller.sessionId ?? null,
        seenAt: timers.now()
      }
      places.set(key, place)
      // A heartbeat that changes nothing tells nobody.
      if (!before || !sameEntry(before, place)) announce()
      return entries()
    },
    list: entries,
    isOnline: (personId) => [...places.values()].some((place) => place.personId === personId),
    onlinePeople: () => [...new Set([...places.values()].map((place) => place.personId))],
    dropSessions(sessionIds) {
      const ended = new Set(sessionIds)
      removeWhere((place) => place.sessionId !== null && ended.has(place.sessionId))
    },
    sweep,
    close: () => timers.clearInterval(sweeper)
  }
}
