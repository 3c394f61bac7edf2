import type { EventName, EventPayload } from '../../shared/contract'
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  NotificationSettings,
  type Notice,
  type NoticeKind
} from '../../shared/domain/notifications'
import { accountOf, type Caller } from '../../shared/domain/caller'
import type { Db } from '../db/connection'
import { getAction } from '../db/repositories/actions'
import { readSetting, writeSetting } from '../db/repositories/settings'
import { statementCache } from '../db/statement-cache'
import type { Clock } from './clock'
import type { CoreEvents } from './events'

export const NOTIFICATIONS_SETTING = 'notifications'

/**
 * Whose switches: on a team server each person has their own (one agent silencing new chats
 * silences only their console); a single desktop and the CLI use the shop's. `caller` is given
 * only on a team server.
 */
const settingKey = (caller?: Caller): string => {
  const account = caller ? accountOf(caller) : null
  return account ? `${NOTIFICATIONS_SETTING}.person.${account.id}` : NOTIFICATIONS_SETTING
}

/** The switches of `caller` on a team server (starting from the shop's), or the shop's. */
export function readNotificationSettings(db: Db, caller?: Caller): NotificationSettings {
  const shop = readSetting(db, NOTIFICATIONS_SETTING, NotificationSettings, DEFAULT_NOTIFICATION_SETTINGS)
  const key = settingKey(caller)
  return key === NOTIFICATIONS_SETTING ? shop : readSetting(db, key, NotificationSettings, shop)
}

export function writeNotificationSettings(db: Db, settings: NotificationSettings, caller?: Caller): void {
  writeSetting(db, settingKey(caller), settings)
}

/** The hot queries, exported so their plans are tested. */
export const noticeSql = {
  lastMessageId: 'SELECT COALESCE(MAX(id), 0) AS id FROM messages',
  // Customers' turns since the last look; the thread's earlier turns say whether it answers the shop.
  customerTurnsAfter: `SELECT m.id, m.ticket_id, m.body, t.subject, t.channel, c.name AS customer_name,
       EXISTS (SELECT 1 FROM messages p WHERE p.ticket_id = m.ticket_id AND p.id < m.id
               AND p.author = 'agent' AND p.internal = 0) AS answers_the_shop,
       EXISTS (SELECT 1 FROM messages p WHERE p.ticket_id = m.ticket_id AND p.id < m.id
               AND p.author = 'customer') AS follows_up
     FROM messages m JOIN tickets t ON t.id = m.ticket_id LEFT JOIN customers c ON c.id = t.customer_id
     WHERE m.id > ? AND m.author = 'customer' ORDER BY m.id`
} as const

const statements = statementCache((db) => ({
  lastMessageId: db.prepare(noticeSql.lastMessageId),
  customerTurnsAfter: db.prepare(noticeSql.customerTurnsAfter)
}))

interface CustomerTurnRow {
  id: number
  ticket_id: string
  body: string
  subject: string
  channel: string
  customer_name: string | null
  answers_the_shop: 0 | 1
  follows_up: 0 | 1
}

const PREVIEW_CHARS = 140
const preview = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS - 1)}…` : flat
}

/** Which notice, if any, a customer's turn is: a chat that just began, or an answer to the shop. */
function kindOfTurn(row: CustomerTurnRow): NoticeKind | null {
  if (row.channel === 'chat' && row.follows_up === 0) return 'newChat'
  return row.answers_the_shop === 1 ? 'customerReply' : null
}

const titles: Record<NoticeKind, (who: string) => string> = {
  newChat: (who) => `New chat from ${who}`,
  customerReply: (who) => `${who} answered`,
  approvalWaiting: () => 'An action waits for approval'
}

/**
 * Watches the core's own events for what a person should hear about while looking elsewhere — a
 * new chat, a customer's answer, an action waiting for approval — and emits one `notification`
 * event for each kind switched on in Settings. The desktop shell shows them with the system's
 * notifications, the browser console with the page's. Returns the unsubscribe.
 */
export function startNotices(deps: {
  db: Db
  events: CoreEvents
  clock: Clock
  /**
   * A team server: every notice is emitted, and the server passes each console those its person
   * switched on (team-server.ts); the shop's own switches decide only for a single desktop.
   */
  perPerson?: boolean
}): () => void {
  const { db, events, clock } = deps
  let seenMessageId = (statements(db).lastMessageId.get() as { id: number }).id
  const announcedActions = new Set<string>()

  const emit = (notice: Omit<Notice, 'at'>): void => {
    if (!deps.perPerson && !readNotificationSettings(db)[notice.kind]) return
    events.emit('notification', { ...notice, at: clock.now().toISOString() })
  }

  const customerTurns = (): void => {
    const rows = statements(db).customerTurnsAfter.all(seenMessageId) as CustomerTurnRow[]
    for (const row of rows) {
      seenMessageId = Math.max(seenMessageId, row.id)
      const kind = kindOfTurn(row)
      if (!kind) continue
      const who = row.customer_name ?? 'A visitor'
      emit({
        kind,
        title: titles[kind](who),
        body: `${row.subject} — ${preview(row.body)}`,
        ticketId: row.ticket_id
      })
    }
  }

  const waitingActions = ({ actionIds }: EventPayload<'actions.changed'>): void => {
    for (const id of actionIds) {
      const action = getAction(db, id)
      if (!action || action.status !== 'pending_approval') {
        announcedActions.delete(id)
        continue
      }
      if (announcedActions.has(id)) continue
      announcedActions.add(id)
      const what = action.kind === 'external_tool' ? 'A tool call' : `A ${action.kind}`
      emit({
        kind: 'approvalWaiting',
        title: titles.approvalWaiting(''),
        body: `${what}${action.orderId ? ` for order ${action.orderId}` : ''} waits for a person in Approvals.`,
        ticketId: action.ticketId
      })
    }
  }

  const reactions: Partial<Record<EventName, (payload: unknown) => void>> = {
    'tickets.changed': customerTurns,
    'actions.changed': (payload) => waitingActions(payload as EventPayload<'actions.changed'>)
  }
  return events.subscribe((event, payload) => reactions[event]?.(payload))
}
