import { memo, type CSSProperties } from 'react'
import { requesterOf } from '../../../../shared/domain/caller'
import type { TicketSummary } from '../../../../shared/domain/ticket'
import { Badge, StateBadge } from '../../components/Badge'
import { formatAge, formatDateTime, plural } from '../../format'
import { INTENT_LABELS } from '../../../../shared/domain/triage'
import { slaBadge } from '../helpdesk/sla-words'

/** Every row is this tall, so the list can place 50,000 of them without measuring any. */
export const INBOX_ROW_HEIGHT = 60

// A number, not a style object, crosses the memo boundary, so unchanged rows skip rendering.
const placed = (start: number): CSSProperties => ({
  transform: `translateY(${start}px)`,
  height: INBOX_ROW_HEIGHT
})

interface InboxRowProps {
  ticket: TicketSummary
  index: number
  selected: boolean
  focusable: boolean
  now: number
  /** Where the row sits in the list, in pixels from the top. */
  start: number
  onOpen(ticketId: string, index: number): void
  /** Team mode: the row can be picked for assigning, and says whose it is and who has it open. */
  team?: boolean
  picked?: boolean
  onPick?(ticketId: string, picked: boolean): void
  /** "Grace, Linus ✎": others with this ticket open; a string, so unchanged rows skip rendering. */
  viewers?: string
}

type DraftState = NonNullable<TicketSummary['draftStatus']>

interface DraftBadge {
  tone: 'info' | 'success' | 'warning' | 'danger'
  text: string
  more?: string
  title: string
}

/** Short words for a narrow column; the hidden rest reads in full to a screen reader. */
const draftBadges: Partial<Record<DraftState, DraftBadge>> = {
  generating: { tone: 'info', text: 'Drafting…', title: 'The AI is writing a draft' },
  ready: { tone: 'success', text: 'Draft', more: ' ready', title: 'A draft is ready to review' },
  fallback: { tone: 'warning', text: 'Fallback', title: 'A draft written without the AI is ready to review' },
  failed: { tone: 'danger', text: 'Failed', more: ' draft', title: 'The draft failed' },
  interrupted: { tone: 'danger', text: 'Interrupted', title: 'The draft was interrupted' }
}

// A sent reply shows no badge, unless it went out without the AI: a lead looks for those.
const sentFallbackBadge: DraftBadge = {
  tone: 'warning',
  text: 'Fallback',
  more: ' sent',
  title: 'The reply sent was written without the AI'
}

const draftBadgeOf = (ticket: TicketSummary): DraftBadge | undefined => {
  if (ticket.draftStatus === 'sent' && ticket.draftWrittenWithoutAi) return sentFallbackBadge
  return ticket.draftStatus ? draftBadges[ticket.draftStatus] : undefined
}

export const InboxRow = memo(function InboxRow({
  ticket,
  index,
  selected,
  focusable,
  now,
  start,
  onOpen,
  team = false,
  picked = false,
  onPick,
  viewers
}: InboxRowProps) {
  const draft = draftBadgeOf(ticket)
  const sla = slaBadge(ticket.sla, now)
  const intent = ticket.triage.intent
  return (
    <div
      role="row"
      className="inbox-row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      tabIndex={focusable ? 0 : -1}
      data-index={index}
      data-ticket-id={ticket.id}
      data-sla={sla?.mark}
      style={placed(start)}
      onClick={() => onOpen(ticket.id, index)}
    >
      <div
        role="gridcell"
        className={team ? 'inbox-row__subject inbox-row__subject--pickable' : 'inbox-row__subject'}
      >
        {team ? (
          <input
            type="checkbox"
            className="inbox-row__pick"
            tabIndex={-1}
            checked={picked}
            aria-label={`Pick ${ticket.id}`}
            onClick={(event) => event.stopPropagation()}
            onChange={(event) => onPick?.(ticket.id, event.target.checked)}
          />
        ) : null}
        <span className="inbox-row__title" dir="auto" title={ticket.subject}>
          {ticket.subject}
        </span>
        <span className="inbox-row__line">
          <span className="inbox-row__id">{ticket.id}</span>
          {draft ? (
            <Badge tone={draft.tone}>
              <span title={draft.title}>
                {draft.text}
                {draft.more ? <span className="visually-hidden">{draft.more}</span> : null}
              </span>
            </Badge>
          ) : null}
          {ticket.pendingActions > 0 ? (
            <Badge tone="danger">
              <span title={`${plural(ticket.pendingActions, 'proposed action')} awaiting approval`}>
                {ticket.pendingActions > 1 ? `${ticket.pendingActions} ` : ''}Approval
                <span className="visually-hidden"> awaiting</span>
              </span>
            </Badge>
          ) : null}
          {team ? (
            <span className="inbox-row__owner" title="Assigned to">
              {ticket.assigneeName ? `→ ${ticket.assigneeName}` : 'Unassigned'}
            </span>
          ) : null}
          {viewers ? (
            <span className="inbox-row__viewers" title="Has this ticket open">
              ● {viewers}
            </span>
          ) : null}
          {ticket.openFollowUps > 0 ? (
            <Badge tone="neutral">
              <span
                title={`${plural(ticket.openFollowUps, 'follow-up')} open${ticket.followUpDueAt ? `, first due ${formatDateTime(ticket.followUpDueAt)}` : ''}`}
              >
                Follow-up
              </span>
            </Badge>
          ) : null}
          {/* After the draft and approval badges: on a narrow screen these are the ones cut off. */}
          {sla && sla.mark !== 'due' ? (
            <Badge tone={sla.tone}>
              <span title={sla.title}>{sla.text}</span>
            </Badge>
          ) : null}
          {intent ? (
            <Badge tone="neutral">
              <span title={ticket.triage.summary ?? undefined}>
                <span className="visually-hidden">Intent: </span>
                {INTENT_LABELS[intent]}
              </span>
            </Badge>
          ) : null}
          {ticket.triage.language && ticket.triage.language !== 'en' ? (
            <Badge tone="muted">
              <span title="The customer's language">{ticket.triage.language.toUpperCase()}</span>
            </Badge>
          ) : null}
        </span>
      </div>
      <div role="gridcell" className="inbox-row__customer">
        {requesterOf(ticket).kind === 'guest' ? 'Guest' : (ticket.customerName ?? 'Unknown customer')}
      </div>
      <div role="gridcell" className="inbox-row__status">
        <StateBadge value={ticket.status} label="Status" />
      </div>
      <div role="gridcell" className="inbox-row__priority">
        <StateBadge value={ticket.priority} label="Priority" />
      </div>
      <div role="gridcell" className="inbox-row__age">
        <time
          dateTime={ticket.lastCustomerMessageAt}
          title={`Customer's last message: ${formatDateTime(ticket.lastCustomerMessageAt)}`}
        >
          {formatAge(ticket.lastCustomerMessageAt, now)}
        </time>
      </div>
    </div>
  )
})

/** A row whose page is still on its way: same height, so nothing jumps when it lands. */
export function InboxPlaceholderRow({ index, start }: { index: number; start: number }) {
  return (
    <div
      role="row"
      className="inbox-row inbox-row--placeholder"
      aria-rowindex={index + 2}
      aria-busy="true"
      style={placed(start)}
    >
      <div role="gridcell" className="inbox-row__skeleton">
        <span className="visually-hidden">Loading…</span>
      </div>
    </div>
  )
}
