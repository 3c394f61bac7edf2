import type { StateCreator } from 'zustand'
import { RESOLVED_STATUSES, type TicketListQuery, type TicketSummary } from '../../../shared/domain/ticket'
import type { AppError } from '../../../shared/result'
import { getApi } from '../api'
import type { LoadStatus } from './load-state'
import type { FrontlineState } from './index'

/** What the person filters and sorts by; the store pages through the result itself. */
export type InboxQuery = Omit<TicketListQuery, 'limit' | 'offset'>

/** Rows are fetched a page at a time as they scroll into view, so 50,000 tickets cost what a screenful does. */
export const INBOX_PAGE_SIZE = 100

export interface InboxList {
  status: LoadStatus
  /** Tickets matching the query; null until the first page arrives. */
  total: number | null
  /** Loaded pages by page number; a row outside them shows as a placeholder until its page lands. */
  pages: Readonly<Record<number, readonly TicketSummary[]>>
  error: AppError | null
}

export interface InboxRange {
  start: number
  end: number
}

export interface InboxSlice {
  inbox: InboxList
  inboxQuery: InboxQuery
  /**
   * What is typed in the search box. The list is asked for once typing settles, so until then
   * (and while it loads) the inbox says it is busy: what it shows is not yet what was asked.
   */
  inboxSearchText: string
  typeInboxSearch(text: string): void
  /** Rows the list shows right now (overscan included); reloads fetch exactly these pages. */
  inboxRange: InboxRange
  loadInbox(): Promise<void>
  setInboxQuery(query: InboxQuery): Promise<void>
  showInboxRange(start: number, end: number): Promise<void>
}

export const ticketAt = (inbox: InboxList, index: number): TicketSummary | undefined =>
  inbox.pages[Math.floor(index / INBOX_PAGE_SIZE)]?.[index % INBOX_PAGE_SIZE]

function pagesCovering(range: InboxRange): number[] {
  const first = Math.floor(Math.max(0, range.start) / INBOX_PAGE_SIZE)
  const last = Math.floor(Math.max(range.start, range.end, 0) / INBOX_PAGE_SIZE)
  return Array.from({ length: last - first + 1 }, (_, i) => first + i)
}

/**
 * With no status chosen the inbox shows the work still to do: solved and closed tickets leave it,
 * and come back when their status is picked.
 */
export const listQueryOf = (query: InboxQuery): InboxQuery =>
  (query.status?.length ?? 0) > 0 ? query : { ...query, statusNot: [...RESOLVED_STATUSES] }

const fetchPage = (query: InboxQuery, page: number) =>
  getApi().invoke('tickets.list', {
    ...listQueryOf(query),
    limit: INBOX_PAGE_SIZE,
    offset: page * INBOX_PAGE_SIZE
  })

// Every reload or new query starts a generation; answers from an older one would show stale rows.
let generation = 0
let searchTimer: ReturnType<typeof setTimeout> | null = null

/** Typing settles this long before the list is asked for again. */
export const SEARCH_SETTLE_MS = 250
const pagesInFlight = new Set<string>()

export const createInboxSlice: StateCreator<FrontlineState, [], [], InboxSlice> = (set, get) => ({
  inbox: { status: 'idle', total: null, pages: {}, error: null },
  inboxQuery: { sort: 'age' },
  inboxSearchText: '',
  inboxRange: { start: 0, end: 0 },

  typeInboxSearch(text) {
    set({ inboxSearchText: text })
    if (searchTimer) clearTimeout(searchTimer)
    searchTimer = setTimeout(() => {
      searchTimer = null
      const query = get().inboxQuery
      if ((query.search ?? '') !== text) void get().setInboxQuery({ ...query, search: text || undefined })
    }, SEARCH_SETTLE_MS)
  },

  async loadInbox() {
    const current = ++generation
    const query = get().inboxQuery
    set({ inbox: { ...get().inbox, status: 'loading', error: null } })
    const wanted = pagesCovering(get().inboxRange)
    const results = await Promise.all(wanted.map((page) => fetchPage(query, page)))
    if (current !== generation) return
    const pages: Record<number, readonly TicketSummary[]> = {}
    let total = 0
    for (const [i, result] of results.entries()) {
      if (!result.ok) {
        // The last good rows stay on screen beside the error.
        set({ inbox: { ...get().inbox, status: 'error', error: result.error } })
        return
      }
      pages[wanted[i]!] = result.value.tickets
      total = result.value.total
    }
    set({ inbox: { status: 'ready', total, pages, error: null } })
    // The person may have scrolled while this reload was on its way.
    const { start, end } = get().inboxRange
    await get().showInboxRange(start, end)
  },

  async setInboxQuery(query) {
    // A query set another way (a cleared filter) brings the search box along.
    if (searchTimer && (query.search ?? '') !== get().inboxSearchText) {
      clearTimeout(searchTimer)
      searchTimer = null
    }
    set({ inboxQuery: query, inboxSearchText: query.search ?? '', inboxRange: { start: 0, end: 0 } })
    await get().loadInbox()
  },

  async showInboxRange(start, end) {
    set({ inboxRange: { start, end } })
    const { inbox, inboxQuery } = get()
    if (inbox.total === null || inbox.status === 'loading') return
    const current = generation
    const missing = pagesCovering({ start, end }).filter(
      (page) =>
        page * INBOX_PAGE_SIZE < (inbox.total ?? 0) &&
        !inbox.pages[page] &&
        !pagesInFlight.has(`${current}:${page}`)
    )
    await Promise.all(
      missing.map(async (page) => {
        const key = `${current}:${page}`
        pagesInFlight.add(key)
        const result = await fetchPage(inboxQuery, page)
        pagesInFlight.delete(key)
        if (current !== generation) return
        const latest = get().inbox
        set({
          inbox: result.ok
            ? {
                ...latest,
                total: result.value.total,
                pages: { ...latest.pages, [page]: result.value.tickets }
              }
            : { ...latest, status: 'error', error: result.error }
        })
      })
    )
  }
})
