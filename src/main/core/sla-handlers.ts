import type { Handlers } from '../../shared/contract'
import { actorName } from '../../shared/domain/caller'
import { writeAudit } from '../db/repositories/audit-log'
import { supportReport } from '../db/repositories/support-report'
import type { CoreContext } from './create-core'

type SlaHandlers = Pick<Handlers, 'sla.policy' | 'sla.setPolicy' | 'sla.report'>

export function createSlaHandlers(ctx: CoreContext): SlaHandlers {
  return {
    'sla.policy': () => ctx.sla.policy(),
    'sla.setPolicy': (policy, caller) => {
      const saved = ctx.sla.setPolicy(policy)
      writeAudit(ctx.db, {
        at: ctx.clock.now().toISOString(),
        actor: actorName(caller),
        action: 'settings.sla',
        subjectType: 'setting',
        subjectId: 'sla',
        detail: { timeZone: policy.calendar.timeZone, rules: policy.rules.length }
      })
      return saved
    },
    'sla.report': ({ days }) => supportReport(ctx.db, days, ctx.clock.now())
  }
}
