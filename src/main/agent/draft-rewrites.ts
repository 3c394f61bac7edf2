import type { Action } from '../../shared/domain/action'
import type { Draft } from '../../shared/domain/draft'
import { actionKindOf } from '../actions/action-kinds'
import type { Clock } from '../core/clock'
import type { CoreEvents } from '../core/events'
import type { Db } from '../db/connection'
import { getAction } from '../db/repositories/actions'
import {
  getDraft,
  listOrphanedRevisions,
  setDraftBody,
  startDraftRevision,
  writeDraftRevision
} from '../db/repositories/drafts'
import { listConversation } from '../db/repositories/tickets'
import type { ChatPort, ModelChoice } from './chat-port'
import { awaitsDecision, rewriteWithDecision } from './decision-note'
import { buildRewriteMessages } from './rewrite-request'

/** A rewrite begun inside a decision's transaction, to be written once it has committed. */
export interface PendingRewrite {
  revisionId: number
  draftId: string
  ticketId: string
  /** The text the model is given; a person's edit in the meantime is rewritten from the template. */
  body: string
  decision: string
}

export interface DraftRewrites {
  /**
   * Inside the decision's transaction: the unsent reply that proposed the action starts being
   * rewritten (sending it waits until a person has seen the new text). Undefined when there is no
   * such reply or the kind has nothing to tell.
   */
  begin(action: Action, decision: string | null, now: string): PendingRewrite | undefined
  /** After the commit: the model writes the new text (the template when it cannot), then it is shown. */
  write(pending: PendingRewrite): Promise<Draft | undefined>
  /** Rewrites a stopped process began and never wrote, from the template. Returns how many. */
  finishOrphans(): number
  /** Settles once every rewrite in flight is written. */
  idle(): Promise<void>
}

const REWRITABLE: readonly Draft['status'][] = ['ready', 'fallback', 'failed', 'interrupted']

/** What a decided action's customer-facing words are, recomputed from its stored outcome. */
export function decisionWordsOf(action: Action): string | null {
  const kind = actionKindOf(action)
  if (action.status === 'applied' && action.result)
    return kind.decisionNote(action as never, { status: 'applied', result: action.result } as never)
  if (action.status === 'rejected') return kind.decisionNote(action as never, { status: 'rejected' })
  return null
}

export function createDraftRewrites(deps: {
  db: Db
  clock: Clock
  events: CoreEvents
  gateway: ChatPort
  /** The model that rewrites: the default one (the demo model answers from the template). */
  model(): ModelChoice
  /** This core (core_instances): a rewrite it leaves unwritten is finished by the next start. */
  owner?: string
}): DraftRewrites {
  const { db, clock, events } = deps
  const inFlight = new Set<Promise<unknown>>()
  const now = (): string => clock.now().toISOString()

  /** Writes the new text over whatever the draft holds now; a person's edit since is rewritten by the template. */
  const finish = (
    pending: PendingRewrite,
    text: string,
    writtenBy: 'model' | 'template'
  ): Draft | undefined => {
    const written = db.transaction(() => {
      const draft = getDraft(db, pending.draftId)
      if (!draft || draft.rewrite?.revisionId !== pending.revisionId) return false
      const edited = draft.body !== pending.body
      const body = edited ? rewriteWithDecision(draft.body, pending.decision) : text
      const at = now()
      if (
        !writeDraftRevision(db, {
          revisionId: pending.revisionId,
          bodyBefore: draft.body,
          bodyAfter: body,
          writtenBy: edited ? 'template' : writtenBy,
          now: at
        })
      )
        return false
      setDraftBody(db, draft.id, body, at)
      return true
    })()
    if (!written) return undefined
    const draft = getDraft(db, pending.draftId)
    if (draft) {
      events.emit('draft.changed', draft)
      events.emit('tickets.changed', { ticketIds: [draft.ticketId] })
    }
    return draft
  }

  /** The model's rewrite, when it answers with one that no longer awaits the decision. */
  const askModel = async (pending: PendingRewrite): Promise<string | undefined> => {
    const outcome = await deps.gateway.chat({
      ...deps.model(),
      messages: buildRewriteMessages(
        { reply: pending.body, decision: pending.decision },
        listConversation(db, pending.ticketId)
      ),
      ticketId: pending.ticketId,
      draftId: pending.draftId,
      stream: false
    })
    if (!outcome.ok) return undefined
    const text = outcome.content.trim()
    // A model that kept "awaiting approval", or dropped the decision, would send a contradiction.
    if (!text || awaitsDecision(text)) return undefined
    return text
  }

  return {
    begin(action, decision, at) {
      const draft = action.draftId ? getDraft(db, action.draftId) : undefined
      if (!decision || !draft || !REWRITABLE.includes(draft.status) || !draft.body.trim()) return undefined
      // A second decision while the first one's text is still being written replaces that rewrite:
      // the new one tells both, so neither is lost.
      const earlier =
        draft.rewrite?.state === 'writing' && draft.rewrite.actionId
          ? getAction(db, draft.rewrite.actionId)
          : undefined
      const earlierWords = earlier && earlier.id !== action.id ? decisionWordsOf(earlier) : null
      if (earlierWords) decision = `${earlierWords} ${decision}`
      const revisionId = startDraftRevision(db, {
        draftId: draft.id,
        actionId: action.id,
        bodyBefore: draft.body,
        owner: deps.owner ?? null,
        now: at
      })
      return { revisionId, draftId: draft.id, ticketId: draft.ticketId, body: draft.body, decision }
    },

    write(pending) {
      const job = askModel(pending)
        .catch((error: unknown) => {
          console.error(`[agent] rewriting draft ${pending.draftId} failed`, error)
          return undefined
        })
        .then((text) =>
          text === undefined
            ? finish(pending, rewriteWithDecision(pending.body, pending.decision), 'template')
            : finish(pending, text, 'model')
        )
      inFlight.add(job)
      void job.finally(() => inFlight.delete(job))
      return job
    },

    finishOrphans() {
      let count = 0
      for (const revision of listOrphanedRevisions(db)) {
        const draft = getDraft(db, revision.draftId)
        const action = revision.actionId ? getAction(db, revision.actionId) : undefined
        if (!draft) continue
        // Without its decision's words (the action is gone) the text stays, for a person to review.
        const decision = (action ? decisionWordsOf(action) : null) ?? ''
        const pending = {
          revisionId: revision.id,
          draftId: draft.id,
          ticketId: draft.ticketId,
          body: draft.body,
          decision
        }
        const text = decision ? rewriteWithDecision(draft.body, decision) : draft.body
        if (finish(pending, text, 'template')) count += 1
      }
      return count
    },

    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight])
    }
  }
}
