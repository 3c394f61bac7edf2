import type { StateCreator } from 'zustand'
import type { PersonView, PresenceEntry, TeamSettings } from '../../../shared/domain/team'
import type { AppError } from '../../../shared/result'
import { getApi } from '../api'
import { idle, loading, settled, type Loadable } from './load-state'
import type { FrontlineState } from './index'

/** This console's id for itself in presence: one per page, so two windows are two places. */
export const VIEW_ID = `view-${Math.random().toString(36).slice(2, 12)}${Date.now().toString(36)}`

/** Team mode: the people (for assigning and filtering), who is where, the team's settings. */
export interface TeamSlice {
  people: Loadable<PersonView[]>
  presence: readonly PresenceEntry[]
  teamSettings: Loadable<TeamSettings>
  /** This person is in the reply's field: others see them editing. */
  editingDraft: boolean
  setEditingDraft(editing: boolean): void
  /** Inbox rows picked for a bulk assignment. */
  selectedTicketIds: ReadonlySet<string>
  assignOp: { busy: boolean; error: AppError | null }
  loadPeople(): Promise<void>
  loadPresence(): Promise<void>
  applyPresence(entries: readonly PresenceEntry[]): void
  /** Says where this console is: the open ticket, and whether its person is editing the reply. */
  reportPresence(ticketId: string | null, editing: boolean): Promise<void>
  loadTeamSettings(): Promise<void>
  /** Changes the team's settings (admins); the answer is the settings as saved. */
  updateTeamSettings(patch: { caps?: TeamSettings['caps']; autoAssign?: boolean }): Promise<AppError | null>
  toggleTicketSelection(ticketId: string, selected?: boolean): void
  clearTicketSelection(): void
  assignTickets(ticketIds: readonly string[], assigneeId: string | null): Promise<boolean>
}

export const createTeamSlice: StateCreator<FrontlineState, [], [], TeamSlice> = (set, get) => ({
  people: idle(),
  presence: [],
  teamSettings: idle(),
  selectedTicketIds: new Set(),
  assignOp: { busy: false, error: null },
  editingDraft: false,

  setEditingDraft(editing) {
    if (get().editingDraft !== editing) set({ editingDraft: editing })
  },

  async loadPeople() {
    set({ people: loading(get().people) })
    const result = await getApi().invoke('people.list', {})
    set({ people: settled(get().people, result) })
  },

  async loadPresence() {
    const result = await getApi().invoke('presence.list', {})
    if (result.ok) set({ presence: result.value.entries })
  },

  applyPresence(entries) {
    set({ presence: entries })
  },

  async reportPresence(ticketId, editing) {
    if (!get().me?.team) return
    const result = await getApi().invoke('presence.set', { viewId: VIEW_ID, ticketId, editing })
    if (result.ok) set({ presence: result.value.entries })
  },

  async loadTeamSettings() {
    set({ teamSettings: loading(get().teamSettings) })
    const result = await getApi().invoke('team.settings.get', {})
    set({ teamSettings: settled(get().teamSettings, result) })
  },

  async updateTeamSettings(patch) {
    const result = await getApi().invoke('team.settings.update', patch)
    if (result.ok) set({ teamSettings: { status: 'ready', data: result.value, error: null } })
    return result.ok ? null : result.error
  },

  toggleTicketSelection(ticketId, selected) {
    const next = new Set(get().selectedTicketIds)
    const on = selected ?? !next.has(ticketId)
    if (on) next.add(ticketId)
    else next.delete(ticketId)
    set({ selectedTicketIds: next })
  },

  clearTicketSelection() {
    set({ selectedTicketIds: new Set() })
  },

  async assignTickets(ticketIds, assigneeId) {
    if (ticketIds.length === 0) return false
    set({ assignOp: { busy: true, error: null } })
    const result = await getApi().invoke('tickets.assign', { ticketIds: [...ticketIds], assigneeId })
    set({ assignOp: { busy: false, error: result.ok ? null : result.error } })
    if (!result.ok) return false
    set({ selectedTicketIds: new Set() })
    // The change comes back as tickets.changed too; the person who made it sees it at once.
    await get().loadInbox()
    if (get().openTicketId && ticketIds.includes(get().openTicketId!)) await get().reloadOpenTicket()
    return true
  }
})
