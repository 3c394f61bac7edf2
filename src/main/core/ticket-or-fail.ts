import type { TicketSummary } from '../../shared/domain/ticket'
import { AppFailure } from '../../shared/result'
import type { Db } from '../db/connection'
import { getTicketSummary } from '../db/repositories/tickets'

/** The ticket a contract call names, or the not-found failure that names its `ticketId` field. */
export function ticketOrFail(db: Db, ticketId: string): TicketSummary {
  const ticket = getTicketSummary(db, ticketId)
  if (!ticket)
    throw new AppFailure('not_found', `No ticket ${ticketId}`, [{ field: 'ticketId', message: 'not found' }])
  return ticket
}
