import type { Handlers } from '../../shared/contract'
import type { Draft } from '../../shared/domain/draft'
import { AppFailure } from '../../shared/result'
import { actorName } from '../../shared/domain/caller'
import { listActions, listDecidedActions, listDeciders } from '../db/repositories/actions'
import { writeAudit } from '../db/repositories/audit-log'
import {
  getDraft,
  getLatestDraftForTicket,
  markDraftSent,
  setDraftBody,
  setDraftStatus
} from '../db/repositories/drafts'
import { listToolCallsForDraft } from '../db/repositories/tool-calls'
import { MONEY_CAPS_SETTING, readMoneyCaps, writeMoneyCaps } from '../policy/refund-policy'
import { applyMacros, refuseUnfilledVariables } from '../macros/macros'
import { syncPolicyArticle } from '../kb/policy-article'
import { draftSources } from '../kb/draft-sources'
import type { CoreContext } from './create-core'
import { recordReply } from './replies'

type DraftHandlers = Pick<
  Handlers,
  | 'drafts.generate'
  | 'drafts.forTicket'
  | 'drafts.get'
  | 'drafts.edit'
  | 'drafts.send'
  | 'drafts.discard'
  | 'actions.list'
  | 'actions.history'
  | 'actions.approve'
  | 'actions.reject'
  | 'actions.caps'
  | 'actions.setCaps'
>

const EDITABLE: readonly Draft['status'][] = ['ready', 'fallback', 'failed', 'interrupted']

export function createDraftHandlers(ctx: CoreContext): DraftHandlers {
  const { db } = ctx
  const now = (): string => ctx.clock.now().toISOString()

  const load = (draftId: string): Draft => {
    const draft = getDraft(db, draftId)
    if (!draft)
      throw new AppFailure('not_found', `No draft ${draftId}`, [{ field: 'draftId', message: 'not found' }])
    return draft
  }
  const editable = (draftId: string): Draft => {
    const draft = load(draftId)
    if (!EDITABLE.includes(draft.status)) {
      throw new AppFailure('conflict', `This draft is ${draft.status} and can no longer be changed.`, [
        { field: 'draftId', message: `draft is ${draft.status}` }
      ])
    }
    return draft
  }
  const changed = (draftId: string): Draft => {
    const draft = load(draftId)
    ctx.events.emit('draft.changed', draft)
    ctx.events.emit('tickets.changed', { ticketIds: [draft.ticketId] })
    return draft
  }
  const withTrace = (draft: Draft) => {
    const trace = listToolCallsForDraft(db, draft.id)
    return { ...draft, trace, sources: draftSources(trace) }
  }

  return {
    'drafts.generate': ({ ticketId, providerId, model }) =>
      ctx.drafts.start(ticketId, { providerId, model }).draft,

    'drafts.forTicket': ({ ticketId }) => {
      const draft = getLatestDraftForTicket(db, ticketId)
      return draft ? withTrace(draft) : null
    },

    'drafts.get': ({ draftId }) => withTrace(load(draftId)),

    'drafts.edit': ({ draftId, body }) => {
      editable(draftId)
      setDraftBody(db, draftId, body, now())
      return changed(draftId)
    },

    'drafts.send': ({ draftId, body, macroIds }, caller) => {
      const draft = editable(draftId)
      const text = (body ?? draft.body).trim()
      if (!text)
        throw new AppFailure('invalid_input', 'The reply is empty.', [{ field: 'body', message: 'empty' }])
      refuseUnfilledVariables(text)
      const at = now()
      const actor = actorName(caller)
      db.transaction(() => {
        markDraftSent(db, draftId, text, at)
        recordReply(db, ctx.mail, {
          draftId,
          ticketId: draft.ticketId,
          body: text,
          composedBy: 'ai_draft',
          sentBy: actor,
          now: at
        })
        writeAudit(db, {
          at,
          actor,
          action: 'draft.sent',
          subjectType: 'draft',
          subjectId: draftId,
          detail: { ticketId: draft.ticketId, edited: text !== draft.body.trim(), status: draft.status }
        })
        applyMacros(db, draft.ticketId, macroIds ?? [], actor, at)
      })()
      ctx.mail.flush()
      return changed(draftId)
    },

    'drafts.discard': ({ draftId }) => {
      editable(draftId)
      setDraftStatus(db, draftId, 'discarded', 'Discarded by a person.', now())
      return changed(draftId)
    },

    'actions.list': (filter) => listActions(db, filter),
    'actions.history': (filter) => ({ ...listDecidedActions(db, filter), deciders: listDeciders(db) }),
    'actions.approve': ({ actionId, by }, caller) => ctx.approvals.approve(actionId, actorName(caller, by)),
    'actions.reject': ({ actionId, reason, by }, caller) =>
      ctx.approvals.reject(actionId, reason, actorName(caller, by)),
    'actions.caps': () => readMoneyCaps(db),
    'actions.setCaps': (patch, caller) =>
      db.transaction(() => {
        const before = readMoneyCaps(db)
        const caps = writeMoneyCaps(db, { ...before, ...patch })
        writeAudit(db, {
          at: now(),
          actor: actorName(caller),
          action: 'settings.money_caps',
          subjectType: 'setting',
          subjectId: MONEY_CAPS_SETTING,
          detail: { before, after: caps }
        })
        // The help center's policy article says the caps in words: it follows them.
        syncPolicyArticle(db, now())
        return caps
      })()
  }
}
