import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { PresenceEntry } from '../../../../shared/domain/team'
import { EmptyState } from '../../components/EmptyState'
import { ErrorNotice } from '../../components/ErrorNotice'
import { LoadingRows } from '../../components/LoadingRows'
import { formatCount } from '../../format'
import { useNow } from '../../hooks/useNow'
import { useOfflineReason } from '../../hooks/useOffline'
import { useFrontlineStore } from '../../store'
import { ticketAt } from '../../store/inbox-slice'
import { BulkDrafting } from './BulkDrafting'
import { hasFilters, InboxFilters } from './InboxFilters'
import { InboxPlaceholderRow, InboxRow, INBOX_ROW_HEIGHT } from './InboxRow'
import { ASSIGN_PICKER_ID, InboxTeamBar } from './InboxTeamBar'

/** Who else has each ticket open, in words: "Grace, Linus ✎" (✎: editing the reply). */
function viewersByTicket(entries: readonly PresenceEntry[], me: string | undefined): Map<string, string> {
  const byTicket = new Map<string, Map<string, boolean>>()
  for (const entry of entries) {
    if (!entry.ticketId || entry.personId === me) continue
    const people = byTicket.get(entry.ticketId) ?? new Map<string, boolean>()
    people.set(entry.name, (people.get(entry.name) ?? false) || entry.editing)
    byTicket.set(entry.ticketId, people)
  }
  return new Map(
    [...byTicket].map(([ticketId, people]) => [
      ticketId,
      [...people].map(([name, editing]) => (editing ? `${name} ✎` : name)).join(', ')
    ])
  )
}

const columns = ['Subject', 'Customer', 'Status', 'Priority', 'Waiting']

/** Rows drawn beyond the visible ones, so a quick scroll or j/k shows rows, not blanks. */
const OVERSCAN = 8

/** Keys that move through the list, as in any list a support agent works through all day. */
function nextIndex(key: string, current: number, count: number, pageRows: number): number | null {
  if (key === 'ArrowDown' || key === 'j') return Math.min(current + 1, count - 1)
  if (key === 'ArrowUp' || key === 'k') return Math.max(current - 1, 0)
  if (key === 'PageDown') return Math.min(current + pageRows, count - 1)
  if (key === 'PageUp') return Math.max(current - pageRows, 0)
  if (key === 'Home') return 0
  if (key === 'End') return count - 1
  return null
}

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))

export function InboxView() {
  const inbox = useFrontlineStore((s) => s.inbox)
  const query = useFrontlineStore((s) => s.inboxQuery)
  const searchSettling = useFrontlineStore((s) => s.inboxSearchText !== (s.inboxQuery.search ?? ''))
  const loadInbox = useFrontlineStore((s) => s.loadInbox)
  const showRange = useFrontlineStore((s) => s.showInboxRange)
  const openTicket = useFrontlineStore((s) => s.openTicket)
  const openTicketId = useFrontlineStore((s) => s.openTicketId)
  const startBulk = useFrontlineStore((s) => s.startBulkDrafting)
  const bulkRunning = useFrontlineStore((s) => s.bulk?.state === 'running' || s.bulkOp.busy === 'start')
  const me = useFrontlineStore((s) => s.me)
  const team = me?.team === true
  const presence = useFrontlineStore((s) => s.presence)
  const picked = useFrontlineStore((s) => s.selectedTicketIds)
  const togglePick = useFrontlineStore((s) => s.toggleTicketSelection)
  const assign = useFrontlineStore((s) => s.assignTickets)
  const viewers = useMemo(() => viewersByTicket(presence, me?.personId), [presence, me?.personId])
  const [activeIndex, setActiveIndex] = useState(0)
  const scrollRef = useRef<HTMLDivElement>(null)
  const focusWanted = useRef<number | null>(null)
  const now = useNow()
  const offline = useOfflineReason()
  const total = inbox.total ?? 0

  // The virtualizer hands back fresh functions each render; nothing here memoizes them.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => INBOX_ROW_HEIGHT,
    overscan: OVERSCAN
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items.at(-1)?.index ?? 0

  useEffect(() => {
    void showRange(first, last)
  }, [first, last, showRange])

  // A new search or filter starts at the top of the new list.
  useEffect(() => {
    setActiveIndex(0)
    if (scrollRef.current) scrollRef.current.scrollTop = 0
  }, [query])

  // Focus follows the keyboard once the row it moved to is drawn (it may need a scroll first).
  useLayoutEffect(() => {
    if (focusWanted.current === null) return
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${focusWanted.current}"]`)
    if (row) {
      row.focus({ preventScroll: true })
      focusWanted.current = null
    }
  })

  const moveTo = useCallback(
    (index: number) => {
      setActiveIndex(index)
      focusWanted.current = index
      virtualizer.scrollToIndex(index, { align: 'auto' })
    },
    [virtualizer]
  )

  const onOpen = useCallback(
    (ticketId: string, index: number) => {
      setActiveIndex(index)
      void openTicket(ticketId)
    },
    [openTicket]
  )

  /** x picks the row, m takes the picked rows (or this one), Shift+A goes to the assign picker (shortcuts.ts lists them). */
  const teamKeys = (event: KeyboardEvent<HTMLDivElement>, current: number): boolean => {
    const ticket = ticketAt(inbox, current)
    if (!ticket || !me) return false
    if (event.key === 'x') {
      togglePick(ticket.id)
    } else if (event.key === 'm') {
      void assign(picked.size > 0 ? [...picked] : [ticket.id], me.personId)
    } else if (event.key === 'A' && event.shiftKey) {
      if (picked.size === 0) togglePick(ticket.id, true)
      // The picker appears with the first picked row: focus it once it is drawn.
      requestAnimationFrame(() => document.getElementById(ASSIGN_PICKER_ID)?.focus())
    } else {
      return false
    }
    event.preventDefault()
    return true
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (total === 0 || event.altKey || event.ctrlKey || event.metaKey) return
    const rowElement = (event.target as HTMLElement).closest<HTMLElement>('[data-index]')
    const current = rowElement ? Number(rowElement.dataset.index) : activeIndex
    if (event.key === 'Enter' || event.key === ' ') {
      const ticket = ticketAt(inbox, current)
      if (!ticket) return
      event.preventDefault()
      onOpen(ticket.id, current)
      return
    }
    if (team && teamKeys(event, current)) return
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / INBOX_ROW_HEIGHT) - 1)
    const next = nextIndex(event.key, current, total, pageRows)
    if (next === null) return
    event.preventDefault()
    moveTo(next)
  }

  // j and k work from anywhere in the inbox view, not only with a row focused, unless the person is typing.
  useEffect(() => {
    const onDocumentKey = (event: globalThis.KeyboardEvent): void => {
      if (event.key !== 'j' && event.key !== 'k') return
      if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return
      if (scrollRef.current?.contains(event.target as Node)) return
      if (total === 0 || useFrontlineStore.getState().view !== 'inbox') return
      event.preventDefault()
      moveTo(event.key === 'j' ? Math.min(activeIndex + 1, total - 1) : Math.max(activeIndex - 1, 0))
    }
    document.addEventListener('keydown', onDocumentKey)
    return () => document.removeEventListener('keydown', onDocumentKey)
  }, [activeIndex, total, moveTo])

  const focusIndex = Math.min(activeIndex, Math.max(total - 1, 0))
  const filtered = hasFilters(query)

  return (
    <section
      className="inbox"
      aria-labelledby="inbox-heading"
      aria-busy={inbox.status === 'loading' || searchSettling}
    >
      <header className="pane-header">
        <h1 id="inbox-heading" className="pane-header__title">
          Inbox
        </h1>
        <span className="pane-header__meta" aria-live="polite">
          {inbox.total !== null
            ? `${formatCount(total)} ${total === 1 ? 'ticket' : 'tickets'}${filtered ? ' match' : ''}`
            : ''}
        </span>
        <button type="button" className="button button--quiet" onClick={() => void loadInbox()}>
          Refresh
        </button>
        <button
          type="button"
          className="button"
          onClick={() => void startBulk()}
          disabled={bulkRunning || offline !== null}
          title={offline ?? 'Write an AI draft for every ticket in status New'}
        >
          Draft all new
        </button>
      </header>

      <BulkDrafting />
      {team ? <InboxTeamBar /> : null}
      <InboxFilters />

      {inbox.status === 'error' && inbox.error ? (
        <ErrorNotice what="the inbox" error={inbox.error} onRetry={() => void loadInbox()} />
      ) : null}

      {inbox.total === null && inbox.status !== 'error' ? <LoadingRows label="Loading the inbox…" /> : null}

      {inbox.total === 0 ? (
        filtered ? (
          <EmptyState title="No tickets match">Try another search or clear the filters.</EmptyState>
        ) : (
          <EmptyState title="No tickets">When customers write in, their tickets appear here.</EmptyState>
        )
      ) : null}

      {total > 0 ? (
        <div
          role="grid"
          aria-label="Inbox"
          aria-rowcount={total + 1}
          aria-busy={inbox.status === 'loading'}
          className="inbox-grid"
        >
          <div role="rowgroup" className="inbox-grid__head">
            <div role="row" className="inbox-row inbox-row--head" aria-rowindex={1}>
              {columns.map((name) => (
                <div role="columnheader" key={name} className={`inbox-row__head-${name.toLowerCase()}`}>
                  {name}
                </div>
              ))}
            </div>
          </div>
          <div role="rowgroup" className="inbox-grid__body" ref={scrollRef} onKeyDown={onKeyDown}>
            <div className="inbox-grid__canvas" style={{ height: virtualizer.getTotalSize() }}>
              {items.map((item) => {
                const ticket = ticketAt(inbox, item.index)
                return ticket ? (
                  <InboxRow
                    key={ticket.id}
                    ticket={ticket}
                    index={item.index}
                    selected={ticket.id === openTicketId}
                    focusable={item.index === focusIndex}
                    now={now}
                    start={item.start}
                    onOpen={onOpen}
                    team={team}
                    picked={picked.has(ticket.id)}
                    onPick={togglePick}
                    viewers={viewers.get(ticket.id)}
                  />
                ) : (
                  <InboxPlaceholderRow
                    key={`placeholder-${item.index}`}
                    index={item.index}
                    start={item.start}
                  />
                )
              })}
            </div>
          </div>
        </div>
      ) : null}
    </section>
  )
}
