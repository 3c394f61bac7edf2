import type { Clock } from '../core/clock'
import type { CoreEvents } from '../core/events'
import type { Db } from '../db/connection'
import { createAccounts, type Accounts, type AccountRules } from './accounts'
import { createAutoAssigner, type AutoAssigner } from './assignment'
import { writePublicUrl } from './team-settings'
import { createPresence, type Presence, type PresenceTimers } from './presence'

export interface TeamOptions {
  accounts?: Partial<AccountRules>
  presenceTimers?: PresenceTimers
  /** The team server's address: remembered, so invite links made anywhere (the CLI) point at it. */
  publicUrl?: string
}

/** Team mode inside a core: accounts, who is where, and the round-robin. A single desktop has them too, unused. */
export interface TeamServices {
  accounts: Accounts
  presence: Presence
  autoAssigner: AutoAssigner
  close(): void
}

export function createTeamServices(deps: {
  db: Db
  clock: Clock
  events: CoreEvents
  options?: TeamOptions
}): TeamServices {
  const { db, clock, events } = deps
  if (deps.options?.publicUrl) writePublicUrl(db, deps.options.publicUrl)
  const presence = createPresence({ events, timers: deps.options?.presenceTimers })
  const accounts = createAccounts({
    db,
    clock,
    events,
    rules: deps.options?.accounts,
    isOnline: (personId) => presence.isOnline(personId)
  })
  const autoAssigner = createAutoAssigner({ db, clock, events, onlinePeople: () => presence.onlinePeople() })
  // A session that ends takes its consoles' places with it.
  const unsubscribe = events.subscribe((event, payload) => {
    if (event === 'session.ended') presence.dropSessions((payload as { sessionIds: string[] }).sessionIds)
  })
  return {
    accounts,
    presence,
    autoAssigner,
    close() {
      unsubscribe()
      autoAssigner.close()
      presence.close()
    }
  }
}
