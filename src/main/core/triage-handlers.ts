import type { Handlers } from '../../shared/contract'
import { ticketOrFail } from './ticket-or-fail'
import { actorName } from '../../shared/domain/caller'
import type { TicketSummary } from '../../shared/domain/ticket'
import { AppFailure } from '../../shared/result'
import { writeAudit } from '../db/repositories/audit-log'
import { setTriageFieldByPerson } from '../db/repositories/triage'
import type { CoreContext } from './create-core'

type TriageHandlers = Pick<
  Handlers,
  'tickets.setTriage' | 'tickets.retriage' | 'triage.settings' | 'triage.updateSettings'
>

/** Reading a ticket (intent, language) by hand, asking triage again, and how triage runs. */
export function createTriageHandlers(ctx: CoreContext): TriageHandlers {
  const { db } = ctx

  const ticketOf = (ticketId: string): TicketSummary => ticketOrFail(db, ticketId)

  return {
    'tickets.setTriage': ({ ticketId, intent, language }, caller) => {
      const before = ticketOf(ticketId)
      const by = actorName(caller)
      const at = ctx.clock.now().toISOString()
      const fields = { intent, language } as const
      db.transaction(() => {
        for (const field of ['intent', 'language'] as const) {
          const value = fields[field]
          if (value === undefined) continue
          setTriageFieldByPerson(db, ticketId, field, value, by)
          writeAudit(db, {
            at,
            actor: by,
            action: `ticket.${field}_set`,
            subjectType: 'ticket',
            subjectId: ticketId,
            detail: { from: before.triage[field], to: value }
          })
        }
      })()
      ctx.events.emit('tickets.changed', { ticketIds: [ticketId] })
      return ticketOf(ticketId)
    },

    'tickets.retriage': ({ ticketId }) => {
      ticketOf(ticketId)
      ctx.triage.again(ticketId)
      ctx.events.emit('tickets.changed', { ticketIds: [ticketId] })
      return ticketOf(ticketId)
    },

    'triage.settings': () => ctx.triage.settings(),

    'triage.updateSettings': (patch, caller) => {
      if (patch.model) {
        const profile = ctx.llm.profiles().find((p) => p.id === patch.model?.providerId)
        if (!profile)
          throw new AppFailure('invalid_input', `Unknown provider "${patch.model.providerId}".`, [
            { field: 'model.providerId', message: 'unknown provider' }
          ])
        if (!profile.models.some((m) => m.id === patch.model?.model))
          throw new AppFailure('invalid_input', `${profile.name} has no model "${patch.model.model}".`, [
            { field: 'model.model', message: 'unknown model for this provider' }
          ])
      }
      const next = ctx.triage.updateSettings(patch)
      writeAudit(db, {
        at: ctx.clock.now().toISOString(),
        actor: actorName(caller),
        action: 'settings.triage',
        subjectType: 'setting',
        subjectId: 'triage',
        detail: { ...patch }
      })
      return next
    }
  }
}
