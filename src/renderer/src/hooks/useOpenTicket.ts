import { useCallback } from 'react'
import { useFrontlineStore } from '../store'

/** Opens a ticket from anywhere in the console (a queue entry, a cost line): the inbox shows it. */
export function useOpenTicket(): (ticketId: string) => void {
  const openTicket = useFrontlineStore((s) => s.openTicket)
  const setView = useFrontlineStore((s) => s.setView)
  return useCallback(
    (ticketId: string) => {
      setView('inbox')
      void openTicket(ticketId)
    },
    [openTicket, setView]
  )
}
