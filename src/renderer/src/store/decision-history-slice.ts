import type { StateCreator } from 'zustand'
import type { Action, DecidedStatus, DecisionHistoryPage } from '../../../shared/domain/action'
import { getApi } from '../api'
import { idle, loading, settled, type Loadable } from './load-state'
import type { FrontlineState } from './index'

/** The filters of the decision history as the person sets them; days are the person's local days. */
export interface DecisionHistoryFilters {
  status: DecidedStatus[]
  kind: Action['kind'][]
  decidedBy: string | null
  /** Team mode: a person's id or a proposer that is no person (see ProposedBy). */
  proposedBy: string | null
  /** yyyy-mm-dd, from the start of that local day. */
  fromDay: string | null
  /** yyyy-mm-dd, to the end of that local day. */
  untilDay: string | null
}

export const HISTORY_PAGE_SIZE = 25

export const noHistoryFilters: DecisionHistoryFilters = {
  status: [],
  kind: [],
  decidedBy: null,
  proposedBy: null,
  fromDay: null,
  untilDay: null
}

/** The start of a local day as a UTC instant: what the person means by "from Monday". */
export const localDayStart = (day: string, offsetDays = 0): string => {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + offsetDays).toISOString()
}

export interface DecisionHistorySlice {
  decisionHistory: Loadable<DecisionHistoryPage>
  historyFilters: DecisionHistoryFilters
  historyPage: number
  loadDecisionHistory(): Promise<void>
  setHistoryFilters(filters: DecisionHistoryFilters): Promise<void>
  showHistoryPage(page: number): Promise<void>
}

let latestLoad = 0

export const createDecisionHistorySlice: StateCreator<FrontlineState, [], [], DecisionHistorySlice> = (
  set,
  get
) => ({
  decisionHistory: idle(),
  historyFilters: noHistoryFilters,
  historyPage: 0,

  async loadDecisionHistory() {
    const request = ++latestLoad
    const { historyFilters: f, historyPage } = get()
    set({ decisionHistory: loading(get().decisionHistory) })
    const result = await getApi().invoke('actions.history', {
      ...(f.status.length > 0 ? { status: f.status } : {}),
      ...(f.kind.length > 0 ? { kind: f.kind } : {}),
      ...(f.decidedBy ? { decidedBy: f.decidedBy } : {}),
      ...(f.proposedBy ? { proposedBy: f.proposedBy } : {}),
      ...(f.fromDay ? { from: localDayStart(f.fromDay) } : {}),
      ...(f.untilDay ? { until: localDayStart(f.untilDay, 1) } : {}),
      limit: HISTORY_PAGE_SIZE,
      offset: historyPage * HISTORY_PAGE_SIZE
    })
    if (request === latestLoad) set({ decisionHistory: settled(get().decisionHistory, result) })
  },

  async setHistoryFilters(filters) {
    set({ historyFilters: filters, historyPage: 0 })
    await get().loadDecisionHistory()
  },

  async showHistoryPage(page) {
    set({ historyPage: Math.max(0, page) })
    await get().loadDecisionHistory()
  }
})
