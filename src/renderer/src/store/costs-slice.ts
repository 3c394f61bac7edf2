import type { StateCreator, StoreApi } from 'zustand'
import type { FrontlineApi } from '../../../shared/contract'
import type { CostSummary, TicketCostPage } from '../../../shared/domain/costs'
import type { AppError } from '../../../shared/result'
import { getApi } from '../api'
import { idle, loading, settled, type Loadable } from './load-state'
import type { FrontlineState } from './index'

export interface CostsExport {
  filename: string
  csv: string
}

/** What the AI costs: today, 7 and 30 days, per model and per ticket, against the daily budget. */
export interface CostsSlice {
  costs: Loadable<CostSummary>
  costsExport: { state: 'idle' | 'exporting' } | { state: 'failed'; error: AppError }
  loadCosts(): Promise<void>
  /** Every ticket that used the AI in the last 30 days, most expensive first, a page at a time. */
  ticketCosts: Loadable<TicketCostPage>
  ticketCostsPage: number
  loadTicketCosts(page?: number): Promise<void>
  /** Fetches the CSV of the last `days` days; null when the core refused (the error is in costsExport). */
  exportCosts(days: number): Promise<CostsExport | null>
}

let latestLoad = 0
let latestTicketsLoad = 0

export const TICKET_COSTS_PAGE_SIZE = 25

export const createCostsSlice: StateCreator<FrontlineState, [], [], CostsSlice> = (set, get) => ({
  costs: idle(),
  costsExport: { state: 'idle' },
  ticketCosts: idle(),
  ticketCostsPage: 0,

  async loadCosts() {
    const request = ++latestLoad
    set({ costs: loading(get().costs) })
    const [result] = await Promise.all([
      getApi().invoke('costs.summary', {}),
      get().loadTicketCosts(get().ticketCostsPage)
    ])
    if (request === latestLoad) set({ costs: settled(get().costs, result) })
  },

  async loadTicketCosts(page = get().ticketCostsPage) {
    const request = ++latestTicketsLoad
    set({ ticketCostsPage: page, ticketCosts: loading(get().ticketCosts) })
    const result = await getApi().invoke('costs.tickets', {
      days: 30,
      limit: TICKET_COSTS_PAGE_SIZE,
      offset: page * TICKET_COSTS_PAGE_SIZE
    })
    if (request === latestTicketsLoad) set({ ticketCosts: settled(get().ticketCosts, result) })
  },

  async exportCosts(days) {
    set({ costsExport: { state: 'exporting' } })
    const result = await getApi().invoke('costs.exportCsv', { days })
    if (!result.ok) {
      set({ costsExport: { state: 'failed', error: result.error } })
      return null
    }
    set({ costsExport: { state: 'idle' } })
    return result.value
  }
})

/** The ledger grew: fetch the summary again, once per burst, if anyone has looked at it. Returns the unsubscribe. */
export function followCosts(
  api: FrontlineApi,
  store: Pick<StoreApi<FrontlineState>, 'getState'>
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  const reload = (): void => {
    if (store.getState().costs.status === 'idle') return
    timer ??= setTimeout(() => {
      timer = null
      void store.getState().loadCosts()
    }, COALESCE_MS)
  }
  const offCosts = api.on('costs.changed', reload)
  // Free calls (the demo model) add tokens and calls but no cost, so they send no costs.changed.
  const offDrafts = api.on('draft.changed', (draft) => {
    if (draft.status !== 'generating') reload()
  })
  return () => {
    offCosts()
    offDrafts()
    if (timer) clearTimeout(timer)
  }
}

const COALESCE_MS = 300
