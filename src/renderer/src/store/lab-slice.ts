import type { StateCreator, StoreApi } from 'zustand'
import type { FrontlineApi } from '../../../shared/contract'
import type {
  AnsweredTicketFilter,
  ReplayCandidatePage,
  ReplayDetail,
  ReplayRun,
  ReplayStartInput
} from '../../../shared/domain/replay'
import type { ShopPromptHistory, ShopPromptVersion, ShopPromptView } from '../../../shared/domain/shop-prompt'
import type { AppError } from '../../../shared/result'
import { getApi } from '../api'
import { idle, loading, settled, type Loadable } from './load-state'
import type { FrontlineState } from './index'

export const LAB_CANDIDATES_PAGE_SIZE = 25
export const LAB_RESULTS_PAGE_SIZE = 25

/** A replay that still runs: its progress arrives as `replay.progress` events. */
export const isRunning = (run: Pick<ReplayRun, 'status'>): boolean =>
  run.status === 'preparing' || run.status === 'running'

/**
 * The Lab: answered tickets to choose from, the replay under way (or looked at) with its results,
 * and the shop's prompt with its history. A replay runs in the core; leaving the view loses nothing.
 */
export interface LabSlice {
  labFilter: AnsweredTicketFilter
  labCandidates: Loadable<ReplayCandidatePage>
  labCandidatesPage: number
  /** Tickets ticked one by one. */
  labChosen: string[]
  loadLabCandidates(filter?: AnsweredTicketFilter, page?: number): Promise<void>
  toggleLabTicket(ticketId: string): void
  clearLabChosen(): void

  /** The run shown: the one started here, or one picked from the recent runs. */
  labRun: ReplayRun | null
  labDetail: Loadable<ReplayDetail>
  labResultsPage: number
  labRuns: Loadable<ReplayRun[]>
  /** Why the last start, cancel, export or save was refused. */
  labError: AppError | null
  startReplay(input: ReplayStartInput): Promise<boolean>
  cancelReplay(): Promise<void>
  showReplay(replayId: string, page?: number): Promise<void>
  loadReplays(): Promise<void>
  exportReplay(): Promise<{ filename: string; csv: string } | null>
  applyReplayProgress(run: ReplayRun): void

  shopPrompt: Loadable<ShopPromptView>
  shopPromptHistory: Loadable<ShopPromptHistory>
  loadShopPrompt(): Promise<void>
  /** Saves the shown replay's instructions as the shop's prompt. */
  saveReplayPrompt(note?: string): Promise<ShopPromptVersion | null>
  restoreShopPrompt(versionId: number): Promise<void>
}

let latestCandidates = 0
let latestDetail = 0

export const createLabSlice: StateCreator<FrontlineState, [], [], LabSlice> = (set, get) => ({
  labFilter: {},
  labCandidates: idle(),
  labCandidatesPage: 0,
  labChosen: [],
  labRun: null,
  labDetail: idle(),
  labResultsPage: 0,
  labRuns: idle(),
  labError: null,
  shopPrompt: idle(),
  shopPromptHistory: idle(),

  async loadLabCandidates(filter = get().labFilter, page = 0) {
    const request = ++latestCandidates
    set({ labFilter: filter, labCandidatesPage: page, labCandidates: loading(get().labCandidates) })
    const result = await getApi().invoke('replay.candidates', {
      filter,
      limit: LAB_CANDIDATES_PAGE_SIZE,
      offset: page * LAB_CANDIDATES_PAGE_SIZE
    })
    if (request === latestCandidates) set({ labCandidates: settled(get().labCandidates, result) })
  },

  toggleLabTicket(ticketId) {
    const chosen = get().labChosen
    set({
      labChosen: chosen.includes(ticketId) ? chosen.filter((id) => id !== ticketId) : [...chosen, ticketId]
    })
  },

  clearLabChosen: () => set({ labChosen: [] }),

  async startReplay(input) {
    set({ labError: null })
    const result = await getApi().invoke('replay.start', input)
    if (!result.ok) {
      set({ labError: result.error })
      return false
    }
    set({ labRun: result.value, labDetail: idle(), labResultsPage: 0 })
    void get().loadReplays()
    return true
  },

  async cancelReplay() {
    const run = get().labRun
    if (!run) return
    const result = await getApi().invoke('replay.cancel', { replayId: run.id })
    if (!result.ok) set({ labError: result.error })
  },

  async showReplay(replayId, page = 0) {
    const request = ++latestDetail
    set({ labResultsPage: page, labDetail: loading(get().labDetail) })
    const result = await getApi().invoke('replay.get', {
      replayId,
      limit: LAB_RESULTS_PAGE_SIZE,
      offset: page * LAB_RESULTS_PAGE_SIZE
    })
    if (request !== latestDetail) return
    set({ labDetail: settled(get().labDetail, result), ...(result.ok ? { labRun: result.value.run } : {}) })
  },

  async loadReplays() {
    set({ labRuns: loading(get().labRuns) })
    const result = await getApi().invoke('replay.list', { limit: 20 })
    set({ labRuns: settled(get().labRuns, result) })
  },

  async exportReplay() {
    const run = get().labRun
    if (!run) return null
    const result = await getApi().invoke('replay.exportCsv', { replayId: run.id })
    if (!result.ok) {
      set({ labError: result.error })
      return null
    }
    return result.value
  },

  applyReplayProgress(run) {
    const shown = get().labRun
    if (shown && shown.id !== run.id) return
    set({ labRun: run })
    // The results are read once the run has ended: while it runs the progress says enough.
    if (!isRunning(run)) {
      void get().showReplay(run.id, get().labResultsPage)
      void get().loadReplays()
    }
  },

  async loadShopPrompt() {
    set({ shopPrompt: loading(get().shopPrompt), shopPromptHistory: loading(get().shopPromptHistory) })
    const [view, history] = await Promise.all([
      getApi().invoke('shopPrompt.get', {}),
      getApi().invoke('shopPrompt.history', { limit: 20 })
    ])
    set({
      shopPrompt: settled(get().shopPrompt, view),
      shopPromptHistory: settled(get().shopPromptHistory, history)
    })
  },

  async saveReplayPrompt(note) {
    const run = get().labRun
    if (!run) return null
    set({ labError: null })
    const result = await getApi().invoke('shopPrompt.save', { replayId: run.id, ...(note ? { note } : {}) })
    if (!result.ok) {
      set({ labError: result.error })
      return null
    }
    void get().loadShopPrompt()
    return result.value
  },

  async restoreShopPrompt(versionId) {
    set({ labError: null })
    const result = await getApi().invoke('shopPrompt.restore', { versionId })
    if (!result.ok) set({ labError: result.error })
    else void get().loadShopPrompt()
  }
})

/** Follows replays' progress while the Lab has been opened. Returns the unsubscribe. */
export function followReplays(
  api: FrontlineApi,
  store: Pick<StoreApi<FrontlineState>, 'getState'>
): () => void {
  return api.on('replay.progress', (run) => store.getState().applyReplayProgress(run))
}
