import type { Handlers } from '../../shared/contract'
import { ticketOrFail } from './ticket-or-fail'
import { actorName } from '../../shared/domain/caller'
import { MacroInput } from '../../shared/domain/macro'
import { writeAudit } from '../db/repositories/audit-log'
import { deleteMacro, listMacros } from '../db/repositories/macros'
import { fillMacro, macroValues } from '../macros/macro-variables'
import { createMacro, editMacro, exportMacros, importMacros, macroOrFail } from '../macros/macros'
import type { CoreContext } from './create-core'

type MacroHandlers = Pick<
  Handlers,
  | 'macros.list'
  | 'macros.create'
  | 'macros.update'
  | 'macros.delete'
  | 'macros.render'
  | 'macros.export'
  | 'macros.import'
>

/** Saved replies: the team's list, each filled in for a ticket, and the JSON file they travel in. */
export function createMacroHandlers(ctx: CoreContext): MacroHandlers {
  const { db } = ctx
  const now = (): string => ctx.clock.now().toISOString()
  const audit = (by: string, action: string, subjectId: string, detail: Record<string, unknown>) =>
    writeAudit(db, { at: now(), actor: by, action, subjectType: 'macro', subjectId, detail })

  return {
    'macros.list': () => listMacros(db),

    'macros.create': (input, caller) => {
      const by = actorName(caller)
      const macro = createMacro(db, input, by, now())
      audit(by, 'macro.created', String(macro.id), { name: macro.name })
      return macro
    },

    'macros.update': ({ id, macro }, caller) => {
      const by = actorName(caller)
      const saved = editMacro(db, id, MacroInput.parse(macro), by, now())
      audit(by, 'macro.updated', String(id), { name: saved.name })
      return saved
    },

    'macros.delete': ({ id }, caller) => {
      const macro = macroOrFail(db, id, 'id')
      deleteMacro(db, id)
      audit(actorName(caller), 'macro.deleted', String(id), { name: macro.name })
      return listMacros(db)
    },

    'macros.render': ({ macroId, ticketId }, caller) => {
      const macro = macroOrFail(db, macroId)
      ticketOrFail(db, ticketId)
      return { macroId, ...fillMacro(macro.body, macroValues(db, ticketId, actorName(caller))) }
    },

    'macros.export': () => ({
      filename: `frontline-macros-${now().slice(0, 10)}.json`,
      json: `${JSON.stringify(exportMacros(db), null, 2)}\n`
    }),

    'macros.import': ({ text }, caller) => {
      const by = actorName(caller)
      const counts = importMacros(db, text, by, now())
      audit(by, 'macros.imported', 'file', counts)
      return counts
    }
  }
}
