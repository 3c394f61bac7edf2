import type { Handlers } from '../../shared/contract'
import type { Draft } from '../../shared/domain/draft'
import { AppFailure } from '../../shared/result'
import { accountIdOf, actorName } from '../../shared/domain/caller'
import { getAction, listActions, listDecidedActions, listDeciders } from '../db/repositories/actions'
import { writeAudit } from '../db/repositories/audit-log'
import { approvalRefusal } from '../policy/approval-caps'
import { readTeamSettings } from '../team/team-settings'
import { deciderOf } from '../agent/decider'
import {
  getDraft,
  getLatestDraftForTicket,
  markDraftSent,
  setDraftBody,
  setDraftStatus
} from '../db/repositories/drafts'
import { listToolCallsForDraft } from '../db/repositories/tool-calls'
import { MONEY_CAPS_SETTING, readMoneyCaps, writeMoneyCaps } from '../policy/refund-policy'
import type { CoreContext } from './create-core'
import { recordReply, refuseCrossedReply } from './replies'

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

/** A signed-in person decides as who they are; the desktop's owner and the CLI may name themselves. */
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
  const withTrace = (draft: Draft) => ({ ...draft, trace: listToolCallsForDraft(db, draft.id) })

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

    'drafts.send': ({ draftId, body, seenMessageId, sendAnyway }, caller) => {
      const draft = editable(draftId)
      const text = (body ?? draft.body).trim()
      if (!text)
        throw new AppFailure('invalid_input', 'The reply is empty.', [{ field: 'body', message: 'empty' }])
      refuseCrossedReply(db, draft.ticketId, { seenMessageId, sendAnyway })
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
          actorId: accountIdOf(caller),
          action: 'draft.sent',
          subjectType: 'draft',
          subjectId: draftId,
          detail: { ticketId: draft.ticketId, edited: text !== draft.body.trim(), status: draft.status }
        })
      })()
      ctx.mail.flush()
      return changed(draftId)
    },

    'drafts.discard': ({ draftId }) => {
      editable(draftId)
      setDraftStatus(db, draftId, 'discarded', 'Discarded by a person.', now())
      return changed(draftId)
    },

    // Each action says whether this caller may approve it, so the console shows the reason, not a dead button.
    'actions.list': (filter, caller) => {
      const { caps } = readTeamSettings(db)
      return listActions(db, filter).map((action) => ({
        ...action,
        approvalRefusal: action.status === 'pending_approval' ? approvalRefusal(caller, action, caps) : null
      }))
    },
    'actions.history': (filter) => ({ ...listDecidedActions(db, filter), deciders: listDeciders(db) }),
    'actions.approve': ({ actionId, by }, caller) => {
      const action = getAction(db, actionId)
      const refusal =
        action?.status === 'pending_approval' && approvalRefusal(caller, action, readTeamSettings(db).caps)
      if (refusal)
        throw new AppFailure('not_allowed', refusal, [{ field: 'actionId', message: 'above your cap' }])
      return ctx.approvals.approve(actionId, deciderOf(caller, by))
    },
    // Rejecting moves no money: anyone who may work the queue may say no.
    'actions.reject': ({ actionId, reason, by }, caller) =>
      ctx.approvals.reject(actionId, reason, deciderOf(caller, by)),
    'actions.caps': () => readMoneyCaps(db),
    'actions.setCaps': (patch, caller) =>
      db.transaction(() => {
        const before = readMoneyCaps(db)
        const caps = writeMoneyCaps(db, { ...before, ...patch })
        writeAudit(db, {
          at: now(),
          actor: actorName(caller),
          actorId: accountIdOf(caller),
          action: 'settings.money_caps',
          subjectType: 'setting',
          subjectId: MONEY_CAPS_SETTING,
          detail: { before, after: caps }
        })
        return caps
      })()
  }
}
