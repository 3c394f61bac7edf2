import type { StateCreator } from 'zustand'
import type { EventPayload } from '../../../shared/contract'
import type { Draft, DraftDetail, DraftHistoryEntry } from '../../../shared/domain/draft'
import type { AppError } from '../../../shared/result'
import { getApi } from '../api'
import { idle, loading, settled, type Loadable } from './load-state'
import type { FrontlineState } from './index'

export type DraftOperation = 'generate' | 'save' | 'send' | 'discard' | 'restore' | 'review'

export interface ModelChoice {
  providerId: string
  model: string
}

/** What the person last asked of the draft, while it is on its way, or why it failed. */
export interface DraftOpState {
  kind: DraftOperation | null
  busy: boolean
  error: AppError | null
}

/** A draft the person just set aside (Regenerate, Discard): Undo brings it back. */
export interface SetAsideDraft {
  draftId: string
  ticketId: string
  verb: 'replaced' | 'discarded'
}

/** The AI draft of the open ticket: what the core has, and the text streaming in while it is written. */
export interface DraftSlice {
  draft: Loadable<DraftDetail | null>
  /** Text received so far, per draft being written (only the open ticket's drafts are kept). */
  streamedText: Readonly<Record<string, string>>
  draftOp: DraftOpState
  loadDraft(): Promise<void>
  /** The open ticket's drafts, newest first, replaced and discarded ones too (loaded on demand). */
  draftHistory: Loadable<DraftHistoryEntry[]>
  /** The draft the last Regenerate or Discard set aside, while Undo can bring it back. */
  setAside: SetAsideDraft | null
  loadDraftHistory(): Promise<void>
  /** confirmEdited: the person agreed to set aside a draft someone edited (the core asks for it). */
  generateDraft(choice?: ModelChoice, confirmEdited?: boolean): Promise<void>
  saveDraftEdit(body: string): Promise<void>
  /**
   * `sendAnyway`: the person saw that someone else replied meanwhile and sends theirs too.
   * `macroIds`: the macros inserted in it, whose tags and status apply with the reply.
   */
  sendDraft(body: string, options?: { sendAnyway?: boolean; macroIds?: readonly number[] }): Promise<boolean>
  discardDraft(confirmEdited?: boolean): Promise<void>
  /** Brings a replaced or discarded draft back as the live one. */
  restoreDraft(draftId: string): Promise<void>
  /** Keep the text rewritten after a decision, or restore the one it replaced. */
  reviewRewrite(choice: 'accept' | 'restore'): Promise<void>
  resetDraft(): void
  /** Pushed by the core while a draft is written. */
  appendDraftTokens(payload: EventPayload<'draft.tokens'>): void
  applyDraftChanged(draft: Draft): void
}

const noOp: DraftOpState = { kind: null, busy: false, error: null }

export const createDraftSlice: StateCreator<FrontlineState, [], [], DraftSlice> = (set, get) => {
  /** The open ticket's current draft, if the answer is still about it. */
  const stillOpen = (ticketId: string): boolean => get().openTicketId === ticketId

  const fetchDetail = async (draftId: string, ticketId: string): Promise<void> => {
    const result = await getApi().invoke('drafts.get', { draftId })
    if (!stillOpen(ticketId)) return
    const current = get().draft.data
    // A newer draft may have replaced this one while the trace was on its way.
    if (result.ok && current && current.id !== draftId && current.createdAt > result.value.createdAt) return
    set({ draft: settled(get().draft, result) })
  }

  const run = async <T>(
    kind: DraftOperation,
    call: (draft: DraftDetail) => Promise<{ ok: true; value: T } | { ok: false; error: AppError }>
  ): Promise<T | null> => {
    const draft = get().draft.data
    if (!draft) return null
    set({ draftOp: { kind, busy: true, error: null } })
    const result = await call(draft)
    if (!stillOpen(draft.ticketId)) return null
    set({ draftOp: { kind, busy: false, error: result.ok ? null : result.error } })
    return result.ok ? result.value : null
  }

  return {
    draft: idle(),
    streamedText: {},
    draftOp: noOp,
    draftHistory: idle(),
    setAside: null,

    async loadDraftHistory() {
      const ticketId = get().openTicketId
      if (!ticketId) return
      set({ draftHistory: loading(get().draftHistory) })
      const result = await getApi().invoke('drafts.history', { ticketId })
      if (stillOpen(ticketId)) set({ draftHistory: settled(get().draftHistory, result) })
    },

    async loadDraft() {
      const ticketId = get().openTicketId
      if (!ticketId) return
      set({ draft: loading(get().draft) })
      const result = await getApi().invoke('drafts.forTicket', { ticketId })
      if (stillOpen(ticketId)) set({ draft: settled(get().draft, result) })
    },

    async generateDraft(choice, confirmEdited) {
      const ticketId = get().openTicketId
      if (!ticketId) return
      const previous = get().draft.data
      set({ draftOp: { kind: 'generate', busy: true, error: null } })
      const result = await getApi().invoke('drafts.generate', {
        ticketId,
        ...choice,
        ...(confirmEdited ? { confirmEdited } : {})
      })
      if (!stillOpen(ticketId)) return
      if (!result.ok) {
        set({ draftOp: { kind: 'generate', busy: false, error: result.error } })
        return
      }
      const replaced = previous && previous.status !== 'sent' && previous.id !== result.value.id
      set({
        draftOp: noOp,
        setAside: replaced ? { draftId: previous.id, ticketId, verb: 'replaced' } : get().setAside
      })
      get().applyDraftChanged(result.value)
      if (get().draftHistory.data) void get().loadDraftHistory()
    },

    async saveDraftEdit(body) {
      const saved = await run('save', (draft) => getApi().invoke('drafts.edit', { draftId: draft.id, body }))
      if (saved) get().applyDraftChanged(saved)
    },

    async sendDraft(body, options) {
      const seenMessageId = get().seenMessageId ?? undefined
      const macroIds = options?.macroIds ?? []
      const sent = await run('send', (draft) =>
        getApi().invoke('drafts.send', {
          draftId: draft.id,
          body,
          seenMessageId,
          sendAnyway: options?.sendAnyway,
          ...(macroIds.length > 0 ? { macroIds: [...macroIds] } : {})
        })
      )
      if (sent) {
        get().resetSeenMessage()
        // Once a reply went out, an older draft can no longer come back in its place.
        set({ setAside: null })
        get().applyDraftChanged(sent)
      }
      return sent !== null
    },

    async discardDraft(confirmEdited) {
      const discarded = await run('discard', (draft) =>
        getApi().invoke('drafts.discard', { draftId: draft.id, ...(confirmEdited ? { confirmEdited } : {}) })
      )
      if (!discarded) return
      set({ setAside: { draftId: discarded.id, ticketId: discarded.ticketId, verb: 'discarded' } })
      get().applyDraftChanged(discarded)
      if (get().draftHistory.data) void get().loadDraftHistory()
    },

    async restoreDraft(draftId) {
      const ticketId = get().openTicketId
      if (!ticketId) return
      set({ draftOp: { kind: 'restore', busy: true, error: null } })
      const result = await getApi().invoke('drafts.restore', { draftId })
      if (!stillOpen(ticketId)) return
      set({ draftOp: { kind: 'restore', busy: false, error: result.ok ? null : result.error } })
      if (!result.ok) return
      set({
        setAside: null,
        draft: { status: 'ready', data: { ...result.value, trace: [], sources: [] }, error: null }
      })
      void fetchDetail(result.value.id, ticketId)
      if (get().draftHistory.data) void get().loadDraftHistory()
    },

    async reviewRewrite(choice) {
      const reviewed = await run('review', (draft) =>
        getApi().invoke('drafts.reviewRewrite', { draftId: draft.id, choice })
      )
      if (reviewed) get().applyDraftChanged(reviewed)
    },

    resetDraft() {
      set({ draft: idle(), streamedText: {}, draftOp: noOp, draftHistory: idle(), setAside: null })
    },

    appendDraftTokens({ draftId, ticketId, text }) {
      if (!stillOpen(ticketId)) return
      const streamed = get().streamedText
      set({ streamedText: { ...streamed, [draftId]: (streamed[draftId] ?? '') + text } })
    },

    applyDraftChanged(draft) {
      if (!stillOpen(draft.ticketId)) return
      const current = get().draft.data
      const isCurrent = current?.id === draft.id
      // Events can arrive out of order with answers: an older draft never replaces a newer one.
      if (current && !isCurrent && draft.createdAt < current.createdAt) return
      if (draft.status === 'discarded') {
        if (isCurrent || !current) set({ draft: { status: 'ready', data: null, error: null } })
        return
      }
      if (isCurrent) {
        // The answer to drafts.generate can arrive after the events of a draft that already finished.
        if (draft.updatedAt < current.updatedAt) return
        if (draft.status === 'generating' && current.status !== 'generating') return
        if (current.status === draft.status && current.updatedAt === draft.updatedAt) return
      }
      set({
        draft: {
          status: 'ready',
          data: {
            ...draft,
            trace: isCurrent ? current.trace : [],
            sources: isCurrent ? current.sources : []
          },
          error: null
        }
      })
      if (draft.status !== 'generating') {
        // Finished: the body is final and the trace complete; the streamed copy is no longer needed.
        const { [draft.id]: _done, ...others } = get().streamedText
        set({ streamedText: others })
        void fetchDetail(draft.id, draft.ticketId)
      }
    }
  }
}
