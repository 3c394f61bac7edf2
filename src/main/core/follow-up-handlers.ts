import type { Handlers } from '../../shared/contract'
import { actorName } from '../../shared/domain/caller'
import type { FollowUp } from '../../shared/domain/follow-up'
import { AppFailure } from '../../shared/result'
import { writeAudit } from '../db/repositories/audit-log'
import { getFollowUp, setFollowUpDone } from '../db/repositories/follow-ups'
import type { CoreContext } from './create-core'

type FollowUpHandlers = Pick<Handlers, 'followUps.setDone'>

/** What a person does with a follow-up: say it is done, or that it is not done after all. */
export function createFollowUpHandlers(ctx: CoreContext): FollowUpHandlers {
  const { db } = ctx
  const load = (id: string): FollowUp => {
    const followUp = getFollowUp(db, id)
    if (!followUp)
      throw new AppFailure('not_found', `No follow-up ${id}`, [{ field: 'followUpId', message: 'not found' }])
    return followUp
  }

  return {
    'followUps.setDone': ({ followUpId, done }, caller) => {
      const before = load(followUpId)
      if ((before.doneAt !== null) === done) return before
      const at = ctx.clock.now().toISOString()
      const by = actorName(caller)
      db.transaction(() => {
        setFollowUpDone(db, followUpId, done ? { at, by } : null)
        writeAudit(db, {
          at,
          actor: by,
          action: done ? 'follow_up.done' : 'follow_up.reopened',
          subjectType: 'ticket',
          subjectId: before.ticketId,
          detail: { followUpId, task: before.task }
        })
      })()
      ctx.events.emit('tickets.changed', { ticketIds: [before.ticketId] })
      return load(followUpId)
    }
  }
}
