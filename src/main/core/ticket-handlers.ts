import type { Handlers } from '../../shared/contract'
import { ticketOrFail } from './ticket-or-fail'
import { accountIdOf, actorName, type Caller } from '../../shared/domain/caller'
import type { TicketSummary } from '../../shared/domain/ticket'
import { listTicketHistory, writeAudit } from '../db/repositories/audit-log'
import { getCustomerCard } from '../db/repositories/customers'
import { listFollowUpsForTicket } from '../db/repositories/follow-ups'
import { listOrdersForCustomer } from '../db/repositories/orders'
import { getTicketTag, listTicketTags, putTicketTag, removeTicketTag } from '../db/repositories/ticket-tags'
import {
  appendMessage,
  getMessage,
  listMessages,
  setTicketPriority,
  setTicketStatus
} from '../db/repositories/tickets'
import { setTriageFieldByPerson } from '../db/repositories/triage'
import { applyMacros, refuseUnfilledVariables } from '../macros/macros'
import type { CoreContext } from './create-core'
import { recordReply, refuseCrossedReply } from './replies'

type TicketHandlers = Pick<
  Handlers,
  | 'tickets.get'
  | 'tickets.reply'
  | 'tickets.addNote'
  | 'tickets.update'
  | 'tickets.addTag'
  | 'tickets.removeTag'
>

/** What a person does to a ticket by hand: reply without a draft, note, status, priority, tags. */
export function createTicketHandlers(ctx: CoreContext): TicketHandlers {
  const { db } = ctx
  const now = (): string => ctx.clock.now().toISOString()

  const ticketOf = (ticketId: string): TicketSummary => ticketOrFail(db, ticketId)

  const audit = (
    caller: Caller,
    ticketId: string,
    action: string,
    detail: Record<string, unknown>,
    at: string
  ) =>
    writeAudit(db, {
      at,
      actor: actorName(caller),
      actorId: accountIdOf(caller),
      action,
      subjectType: 'ticket',
      subjectId: ticketId,
      detail
    })

  const changed = (ticketId: string): void => ctx.events.emit('tickets.changed', { ticketIds: [ticketId] })

  const loadMessage = (id: number) => {
    const message = getMessage(db, id)
    if (!message) throw new Error(`message ${id} was not written`)
    return message
  }

  return {
    'tickets.get': ({ ticketId }) => {
      const ticket = ticketOf(ticketId)
      const customer = ticket.customerId ? (getCustomerCard(db, ticket.customerId) ?? null) : null
      const orders = ticket.customerId ? listOrdersForCustomer(db, ticket.customerId, 20) : []
      return {
        ticket,
        messages: listMessages(db, ticketId),
        customer,
        orders,
        tags: listTicketTags(db, ticketId),
        history: listTicketHistory(db, ticketId),
        followUps: listFollowUpsForTicket(db, ticketId)
      }
    },

    'tickets.reply': ({ ticketId, body, macroIds, seenMessageId, sendAnyway }, caller) => {
      ticketOf(ticketId)
      refuseUnfilledVariables(body)
      refuseCrossedReply(db, ticketId, { seenMessageId, sendAnyway })
      const at = now()
      const sentBy = actorName(caller)
      const id = db.transaction(() => {
        const messageId = recordReply(db, ctx.mail, {
          ticketId,
          draftId: null,
          body,
          composedBy: 'person',
          sentBy,
          now: at
        })
        audit(caller, ticketId, 'reply.sent', { messageId, composedBy: 'person' }, at)
        applyMacros(db, ticketId, macroIds ?? [], sentBy, at)
        return messageId
      })()
      ctx.mail.flush()
      changed(ticketId)
      return loadMessage(id)
    },

    'tickets.addNote': ({ ticketId, body }, caller) => {
      ticketOf(ticketId)
      const at = now()
      const author = actorName(caller)
      const id = db.transaction(() => {
        const messageId = appendMessage(db, {
          ticketId,
          author: 'agent',
          authorName: author,
          body,
          now: at,
          internal: true,
          sentBy: author
        })
        audit(caller, ticketId, 'note.added', { messageId }, at)
        return messageId
      })()
      changed(ticketId)
      return loadMessage(id)
    },

    'tickets.update': ({ ticketId, status, priority }, caller) => {
      const before = ticketOf(ticketId)
      const at = now()
      let touched = false
      db.transaction(() => {
        if (status !== undefined && status !== before.status) {
          setTicketStatus(db, ticketId, status, at)
          audit(caller, ticketId, 'ticket.status_changed', { from: before.status, to: status }, at)
          touched = true
        }
        if (priority !== undefined && priority !== before.priority) {
          setTicketPriority(db, ticketId, priority, at)
          // The person's priority stands: triage, reading the ticket again, leaves it.
          setTriageFieldByPerson(db, ticketId, 'priority', priority, actorName(caller))
          audit(caller, ticketId, 'ticket.priority_changed', { from: before.priority, to: priority }, at)
          touched = true
        }
      })()
      if (touched) changed(ticketId)
      return ticketOf(ticketId)
    },

    'tickets.addTag': ({ ticketId, tag }, caller) => {
      ticketOf(ticketId)
      const at = now()
      const added = db.transaction(() => {
        const previous = getTicketTag(db, ticketId, tag)
        if (!putTicketTag(db, { ticketId, tag, source: 'person', setBy: actorName(caller), now: at }))
          return false
        // Taking over a tag triage set is recorded as such: the person now stands behind it.
        audit(
          caller,
          ticketId,
          'ticket.tag_added',
          { tag, ...(previous ? { from: previous.source } : {}) },
          at
        )
        return true
      })()
      if (added) changed(ticketId)
      return listTicketTags(db, ticketId)
    },

    'tickets.removeTag': ({ ticketId, tag }, caller) => {
      ticketOf(ticketId)
      const at = now()
      const removed = db.transaction(() => {
        const previous = getTicketTag(db, ticketId, tag)
        if (!previous || !removeTicketTag(db, ticketId, tag)) return false
        audit(caller, ticketId, 'ticket.tag_removed', { tag, source: previous.source }, at)
        return true
      })()
      if (removed) changed(ticketId)
      return listTicketTags(db, ticketId)
    }
  }
}
