import type { Handlers } from '../../shared/contract'
import { ticketOrFail } from './ticket-or-fail'
import type { Draft } from '../../shared/domain/draft'
import { AppFailure } from '../../shared/result'
import { accountIdOf, actorName } from '../../shared/domain/caller'
import { getAction, listActions, listDecidedActions, listDeciders } from '../db/repositories/actions'
import { writeAudit } from '../db/repositories/audit-log'
import { approvalRefusal } from '../policy/approval-caps'
import { readTeamSettings } from '../team/team-settings'
import { deciderOf } from '../agent/decider'
import {
  bringDraftBack,
  editDraftBody,
  getDraft,
  getLatestDraftForTicket,
  listDraftsForTicket,
  listRevisionsForTicket,
  markDraftSent,
  newerUnsentDrafts,
  reviewDraftRevision,
  setDraftAside
} from '../db/repositories/drafts'
import { listToolCallsForDraft } from '../db/repositories/tool-calls'
import { MONEY_CAPS_SETTING, readMoneyCaps, writeMoneyCaps } from '../policy/refund-policy'
import { applyMacros, refuseUnfilledVariables } from '../macros/macros'
import { syncPolicyArticle } from '../kb/policy-article'
import { draftSources } from '../kb/draft-sources'
import type { CoreContext } from './create-core'
import { requireConfirmation } from '../agent/draft-work'
import { recordReply, refuseCrossedReply } from './replies'

type DraftHandlers = Pick<
  Handlers,
  | 'drafts.generate'
  | 'drafts.forTicket'
  | 'drafts.get'
  | 'drafts.edit'
  | 'drafts.send'
  | 'drafts.discard'
  | 'drafts.restore'
  | 'drafts.history'
  | 'drafts.reviewRewrite'
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
  const withTrace = (draft: Draft) => {
    const trace = listToolCallsForDraft(db, draft.id)
    return { ...draft, trace, sources: draftSources(trace) }
  }

  return {
    'drafts.generate': ({ ticketId, providerId, model, confirmEdited }, caller) => {
      const previous = getLatestDraftForTicket(db, ticketId)
      if (previous) requireConfirmation(previous, confirmEdited, 'Regenerating')
      const started = ctx.drafts.start(ticketId, { providerId, model })
      if (previous && previous.status !== 'sent' && previous.id !== started.draft.id) {
        writeAudit(db, {
          at: now(),
          actor: actorName(caller),
          action: 'draft.replaced',
          subjectType: 'draft',
          subjectId: previous.id,
          detail: { ticketId, replacedBy: started.draft.id, edited: previous.editedBy !== null }
        })
        ctx.events.emit('draft.changed', load(previous.id))
      }
      return started.draft
    },

    'drafts.forTicket': ({ ticketId }) => {
      const draft = getLatestDraftForTicket(db, ticketId)
      return draft ? withTrace(draft) : null
    },

    'drafts.get': ({ draftId }) => withTrace(load(draftId)),

    'drafts.edit': ({ draftId, body }, caller) => {
      const draft = editable(draftId)
      if (body !== draft.body) editDraftBody(db, draftId, body, actorName(caller), now())
      return changed(draftId)
    },

    'drafts.send': ({ draftId, body, macroIds, seenMessageId, sendAnyway }, caller) => {
      const draft = editable(draftId)
      // A reply rewritten after a decision is seen by a person before it goes.
      if (draft.rewrite) {
        throw new AppFailure(
          'conflict',
          draft.rewrite.state === 'writing'
            ? 'This reply is being rewritten to tell the decision on what it proposed; send it once the new text is shown.'
            : 'This reply was rewritten to tell the decision on what it proposed: accept the new text or restore the old one before sending.',
          [
            {
              field: 'draftId',
              message: `the reply's rewrite is ${draft.rewrite.state === 'writing' ? 'being written' : 'awaiting review'}`
            }
          ]
        )
      }
      const text = (body ?? draft.body).trim()
      if (!text)
        throw new AppFailure('invalid_input', 'The reply is empty.', [{ field: 'body', message: 'empty' }])
      refuseUnfilledVariables(text)
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
        applyMacros(db, draft.ticketId, macroIds ?? [], actor, at)
      })()
      ctx.mail.flush()
      return changed(draftId)
    },

    'drafts.discard': ({ draftId, confirmEdited }, caller) => {
      const draft = editable(draftId)
      requireConfirmation(draft, confirmEdited, 'Discarding it')
      const at = now()
      const by = actorName(caller)
      db.transaction(() => {
        setDraftAside(db, draftId, `Discarded by ${by}.`, at)
        writeAudit(db, {
          at,
          actor: by,
          action: 'draft.discarded',
          subjectType: 'draft',
          subjectId: draftId,
          detail: { ticketId: draft.ticketId, edited: draft.editedBy !== null }
        })
      })()
      return changed(draftId)
    },

    'drafts.restore': async ({ draftId, confirmEdited }, caller) => {
      const draft = load(draftId)
      if (draft.status !== 'discarded') {
        throw new AppFailure(
          'conflict',
          `This draft is ${draft.status}: only a replaced or discarded draft can be restored.`,
          [{ field: 'draftId', message: `draft is ${draft.status}` }]
        )
      }
      const live = getLatestDraftForTicket(db, draft.ticketId)
      if (live?.status === 'sent' && live.createdAt >= draft.createdAt) {
        throw new AppFailure(
          'conflict',
          'A newer reply was already sent on this ticket: this draft can no longer be restored.',
          [{ field: 'draftId', message: 'a newer reply was sent' }]
        )
      }
      const newer = newerUnsentDrafts(db, draft).map(load)
      for (const other of newer) requireConfirmation(other, confirmEdited, 'Restoring an older draft')
      const at = now()
      const by = actorName(caller)
      db.transaction(() => {
        for (const other of newer)
          setDraftAside(db, other.id, `Replaced by restoring ${draftId} (${by}).`, at, draftId)
        bringDraftBack(db, draftId, at)
        writeAudit(db, {
          at,
          actor: by,
          action: 'draft.restored',
          subjectType: 'draft',
          subjectId: draftId,
          detail: { ticketId: draft.ticketId, setAside: newer.map((d) => d.id) }
        })
      })()
      // One of them may still be being written: it stops, and stays set aside.
      for (const other of newer) {
        if (other.status === 'generating') await ctx.drafts.cancel(other.id, `${by} restored an older draft`)
        changed(other.id)
      }
      return changed(draftId)
    },

    'drafts.history': ({ ticketId }) => {
      ticketOrFail(db, ticketId)
      const revisions = listRevisionsForTicket(db, ticketId)
      return listDraftsForTicket(db, ticketId).map((draft) => ({
        ...draft,
        revisions: revisions.filter((r) => r.draftId === draft.id).map(({ draftId: _draft, ...r }) => r)
      }))
    },

    'drafts.reviewRewrite': ({ draftId, choice }, caller) => {
      const draft = editable(draftId)
      const rewrite = draft.rewrite
      if (!rewrite || rewrite.state !== 'review') {
        throw new AppFailure(
          'conflict',
          rewrite
            ? 'The new text is still being written.'
            : 'This draft has no rewritten text waiting for review.',
          [{ field: 'draftId', message: rewrite ? 'rewrite being written' : 'no rewrite to review' }]
        )
      }
      const at = now()
      const by = actorName(caller)
      db.transaction(() => {
        if (choice === 'restore') editDraftBody(db, draftId, rewrite.previousBody, by, at)
        reviewDraftRevision(db, {
          draftId,
          revisionId: rewrite.revisionId,
          review: choice === 'accept' ? 'accepted' : 'restored',
          by,
          now: at
        })
        writeAudit(db, {
          at,
          actor: by,
          action: choice === 'accept' ? 'draft.rewrite_accepted' : 'draft.rewrite_restored',
          subjectType: 'draft',
          subjectId: draftId,
          detail: { ticketId: draft.ticketId, actionId: rewrite.actionId }
        })
      })()
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
        // The help center's policy article says the caps in words: it follows them.
        syncPolicyArticle(db, now())
        return caps
      })()
  }
}
