import { create } from 'zustand'
import { createAppSlice, type AppSlice } from './app-slice'
import { createApprovalsSlice, type ApprovalsSlice } from './approvals-slice'
import { createBulkSlice, type BulkSlice } from './bulk-slice'
import { createChannelSlice, type ChannelSlice } from './channel-slice'
import { createCostsSlice, type CostsSlice } from './costs-slice'
import { createDraftSlice, type DraftSlice } from './draft-slice'
import { createInboxSlice, type InboxSlice } from './inbox-slice'
import { createMailboxSlice, type MailboxSlice } from './mailbox-slice'
import { createSettingsSlice, type SettingsSlice } from './settings-slice'
import { createShopSlice, type ShopSlice } from './shop-slice'
import { createStatusSlice, type StatusSlice } from './status-slice'
import { createTicketSlice, type TicketSlice } from './ticket-slice'
import { createSessionSlice, type SessionSlice } from './session-slice'
import { createTeamSlice, type TeamSlice } from './team-slice'
import { createTicketWorkSlice, type TicketWorkSlice } from './ticket-work-slice'
import { createConnectionSlice, type ConnectionSlice } from './connection-slice'
import { createDecisionHistorySlice, type DecisionHistorySlice } from './decision-history-slice'
import { createNotificationsSlice, type NotificationsSlice } from './notifications-slice'
import { createLabSlice, type LabSlice } from './lab-slice'

export type FrontlineState = AppSlice &
  InboxSlice &
  TicketSlice &
  DraftSlice &
  StatusSlice &
  BulkSlice &
  ApprovalsSlice &
  CostsSlice &
  SettingsSlice &
  ChannelSlice &
  MailboxSlice &
  SessionSlice &
  TeamSlice &
  ShopSlice &
  TicketWorkSlice &
  ConnectionSlice &
  DecisionHistorySlice &
  NotificationsSlice &
  LabSlice

/** One bound store of per-concern slices; middleware, when needed, goes here and only here. */
export const useFrontlineStore = create<FrontlineState>()((...args) => ({
  ...createAppSlice(...args),
  ...createInboxSlice(...args),
  ...createTicketSlice(...args),
  ...createDraftSlice(...args),
  ...createStatusSlice(...args),
  ...createBulkSlice(...args),
  ...createApprovalsSlice(...args),
  ...createCostsSlice(...args),
  ...createSettingsSlice(...args),
  ...createChannelSlice(...args),
  ...createMailboxSlice(...args),
  ...createSessionSlice(...args),
  ...createTeamSlice(...args),
  ...createShopSlice(...args),
  ...createTicketWorkSlice(...args),
  ...createConnectionSlice(...args),
  ...createDecisionHistorySlice(...args),
  ...createNotificationsSlice(...args),
  ...createLabSlice(...args)
}))

/** Back to the first render's state: for tests, which share the module between cases. */
export function resetFrontlineStore(): void {
  useFrontlineStore.setState(useFrontlineStore.getInitialState(), true)
}
