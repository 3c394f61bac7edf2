import type { z } from 'zod'
import { MacroFile, MacroInput, unfilledVariables, type Macro } from '../../shared/domain/macro'
import { AppFailure, parseOrFail } from '../../shared/result'
import type { Db } from '../db/connection'
import { writeAudit } from '../db/repositories/audit-log'
import { getMacro, getMacroByName, insertMacro, listMacros, updateMacro } from '../db/repositories/macros'
import { putTicketTag } from '../db/repositories/ticket-tags'
import { getTicketSummary, setTicketStatus } from '../db/repositories/tickets'
import { parseBoundedJson } from '../bounded-json'

type MacroFields = z.output<typeof MacroInput>

export function macroOrFail(db: Db, id: number, field = 'macroId'): Macro {
  const macro = getMacro(db, id)
  if (!macro) throw new AppFailure('not_found', `No macro ${id}.`, [{ field, message: 'not found' }])
  return macro
}

/** Names are the team's handle on a macro (and what `/` searches): two may not share one. */
function refuseTakenName(db: Db, name: string, except?: number): void {
  const other = getMacroByName(db, name)
  if (other && other.id !== except) {
    throw new AppFailure('conflict', `A macro is already called "${other.name}".`, [
      { field: 'name', message: 'another macro has this name' }
    ])
  }
}

export function createMacro(db: Db, fields: MacroFields, by: string, now: string): Macro {
  refuseTakenName(db, fields.name)
  return macroOrFail(db, insertMacro(db, { ...fields, by, now }))
}

export function editMacro(db: Db, id: number, fields: MacroFields, by: string, now: string): Macro {
  macroOrFail(db, id, 'id')
  refuseTakenName(db, fields.name, id)
  updateMacro(db, id, { ...fields, by, now })
  return macroOrFail(db, id)
}

/** The macros as a file another Frontline (or this one, later) can import. */
export function exportMacros(db: Db): z.input<typeof MacroFile> {
  return {
    format: 'frontline.macros',
    version: 1,
    macros: listMacros(db).map((m) => ({
      name: m.name,
      body: m.body,
      addTags: m.addTags,
      setStatus: m.setStatus,
      aiIntent: m.aiIntent
    }))
  }
}

/** Imports a macros file: a macro with a name already used is updated, the others are added; all or nothing. */
export function importMacros(
  db: Db,
  text: string,
  by: string,
  now: string
): { created: number; updated: number } {
  let value: unknown
  try {
    value = parseBoundedJson(text)
  } catch (error) {
    throw new AppFailure('invalid_input', `The file is not JSON: ${(error as Error).message}.`, [
      { field: 'text', message: 'not JSON' }
    ])
  }
  const file = parseOrFail(MacroFile, value, 'file')
  const counts = { created: 0, updated: 0 }
  db.transaction(() => {
    for (const fields of file.macros) {
      const existing = getMacroByName(db, fields.name)
      if (existing) {
        updateMacro(db, existing.id, { ...fields, by, now })
        counts.updated++
      } else {
        insertMacro(db, { ...fields, by, now })
        counts.created++
      }
    }
  })()
  return counts
}

/** A reply must not leave with `{{order.id}}` in it: the person fills it in (or removes it) first. */
export function refuseUnfilledVariables(body: string): void {
  const left = unfilledVariables(body)
  if (left.length === 0) return
  const names = left.map((n) => `{{${n}}}`).join(', ')
  throw new AppFailure('invalid_input', `Fill in ${names} before sending: the ticket had no value for it.`, [
    { field: 'body', message: `unfilled: ${names}` }
  ])
}

/**
 * What the macros inserted in a reply also do, applied with the reply (in its transaction): their
 * tags, set as the person's, and their status, which wins over the reply's "pending".
 */
export function applyMacros(
  db: Db,
  ticketId: string,
  macroIds: readonly number[],
  by: string,
  now: string
): void {
  if (macroIds.length === 0) return
  const macros = macroIds.map((id, i) => macroOrFail(db, id, `macroIds.${i}`))
  for (const macro of macros) {
    const tags = macro.addTags.filter((tag) =>
      putTicketTag(db, { ticketId, tag, source: 'person', setBy: by, now })
    )
    const status = macro.setStatus
    const before = getTicketSummary(db, ticketId)?.status
    if (status && before !== status) setTicketStatus(db, ticketId, status, now)
    writeAudit(db, {
      at: now,
      actor: by,
      action: 'macro.applied',
      subjectType: 'ticket',
      subjectId: ticketId,
      detail: {
        macro: macro.name,
        ...(tags.length > 0 ? { tags } : {}),
        ...(status && before !== status ? { status: { from: before, to: status } } : {})
      }
    })
  }
}
