import { useEffect } from 'react'
import { useFrontlineStore } from '../store'

/** How often an unchanged place is said again; the core forgets a console silent three times as long. */
const HEARTBEAT_MS = 15_000

/**
 * Tells the team server where this console is: the open ticket and whether its person is editing
 * the reply, when that changes and every HEARTBEAT_MS (which also says the console is online, for
 * the round-robin). Only in team mode.
 */
export function usePresenceReport(): void {
  const team = useFrontlineStore((s) => s.me?.team === true)
  const ticketId = useFrontlineStore((s) => s.openTicketId)
  const editing = useFrontlineStore((s) => s.editingDraft)
  const report = useFrontlineStore((s) => s.reportPresence)

  useEffect(() => {
    if (!team) return
    void report(ticketId, editing)
    const heartbeat = setInterval(() => void report(ticketId, editing), HEARTBEAT_MS)
    return () => clearInterval(heartbeat)
  }, [team, ticketId, editing, report])

  // A closed tab leaves at once rather than after the expiry.
  useEffect(() => {
    if (!team) return
    const leave = (): void => void report(null, false)
    window.addEventListener('pagehide', leave)
    return () => window.removeEventListener('pagehide', leave)
  }, [team, report])
}
