import type { StateCreator } from 'zustand'
import type { Message, SettableTicketStatus, TicketPriority } from '../../../shared/domain/ticket'
import type { AppError, Result } from '../../../shared/result'
import { getApi } from '../api'
import type { FrontlineState } from './index'

/** What a person does to the open ticket by hand. */
export type TicketWork = 'reply' | 'note' | 'status' | 'priority' | 'tag' | 'followUp'
/** Text a person writes: a reply to the customer, or a note for the team. */
export type WrittenKind = 'reply' | 'note'

export interface TicketWorkState {
  busy: TicketWork | null
  /** The last change refused, and why; cleared by the next attempt. */
  failed: { work: TicketWork; error: AppError } | null
}

export interface TicketWorkSlice {
  ticketWork: TicketWorkState
  /**
   * Text written but not yet sent, per ticket and kind: it stays while the person looks at other
   * tickets or views, and goes only once the core has taken it.
   */
  unsent: Readonly<Record<string, Partial<Record<WrittenKind, string>>>>
  setUnsent(ticketId: string, kind: WrittenKind, text: string): void
  /**
   * Sends the open ticket's text of this kind. A reply says which message the person had seen, so
   * the core asks first when someone else replied since; `sendAnyway` is their answer. `macroIds`:
   * the macros inserted in a reply, whose tags and status apply with it.
   */
  sendWritten(
    kind: WrittenKind,
    options?: { sendAnyway?: boolean; macroIds?: readonly number[] }
  ): Promise<boolean>
  setOpenTicketStatus(status: SettableTicketStatus): Promise<boolean>
  setOpenTicketPriority(priority: TicketPriority): Promise<boolean>
  addOpenTicketTag(tag: string): Promise<boolean>
  removeOpenTicketTag(tag: string): Promise<boolean>
  /** A follow-up of the open ticket done (or not done after all). */
  setFollowUpDone(followUpId: string, done: boolean): Promise<boolean>
}

const written: Record<
  WrittenKind,
  (input: {
    ticketId: string
    body: string
    seenMessageId?: number
    sendAnyway?: boolean
    macroIds?: number[]
  }) => Promise<Result<Message>>
> = {
  reply: (input) => getApi().invoke('tickets.reply', input),
  note: ({ ticketId, body }) => getApi().invoke('tickets.addNote', { ticketId, body })
}

// Changes go to the core one after another, in the order the person made them.
let queue: Promise<unknown> = Promise.resolve()

export const createTicketWorkSlice: StateCreator<FrontlineState, [], [], TicketWorkSlice> = (set, get) => {
  /** Runs one change on the open ticket after those before it, then shows the ticket as the core has it. */
  const work = <T>(kind: TicketWork, call: (ticketId: string) => Promise<Result<T>>): Promise<T | null> => {
    const ticketId = get().openTicketId
    if (!ticketId) return Promise.resolve(null)
    const run = async (): Promise<T | null> => {
      set({ ticketWork: { busy: kind, failed: null } })
      const result = await call(ticketId)
      set({ ticketWork: { busy: null, failed: result.ok ? null : { work: kind, error: result.error } } })
      if (!result.ok) return null
      if (get().openTicketId === ticketId) await get().reloadOpenTicket()
      return result.value
    }
    const next = queue.then(run, run)
    queue = next
    return next
  }

  return {
    ticketWork: { busy: null, failed: null },
    unsent: {},

    setUnsent(ticketId, kind, text) {
      const unsent = get().unsent
      set({ unsent: { ...unsent, [ticketId]: { ...unsent[ticketId], [kind]: text } } })
    },

    async sendWritten(kind, options) {
      const ticketId = get().openTicketId
      const body = ticketId ? (get().unsent[ticketId]?.[kind] ?? '') : ''
      if (!ticketId || body.trim() === '') return false
      const seenMessageId = get().seenMessageId ?? undefined
      const macroIds = options?.macroIds && options.macroIds.length > 0 ? [...options.macroIds] : undefined
      const sent = await work(kind, () =>
        written[kind]({ ticketId, body, seenMessageId, sendAnyway: options?.sendAnyway, macroIds })
      )
      if (!sent) return false
      // What this person has seen now runs to their own reply: only a later one is asked about.
      if (kind === 'reply') set({ seenMessageId: sent.id })
      // Only what was sent is cleared: text typed while it was on its way stays.
      if (get().unsent[ticketId]?.[kind] === body) get().setUnsent(ticketId, kind, '')
      return true
    },

    async setOpenTicketStatus(status) {
      return (
        (await work('status', (ticketId) => getApi().invoke('tickets.update', { ticketId, status }))) !== null
      )
    },

    async setOpenTicketPriority(priority) {
      return (
        (await work('priority', (ticketId) => getApi().invoke('tickets.update', { ticketId, priority }))) !==
        null
      )
    },

    async addOpenTicketTag(tag) {
      return (await work('tag', (ticketId) => getApi().invoke('tickets.addTag', { ticketId, tag }))) !== null
    },

    async setFollowUpDone(followUpId, done) {
      return (
        (await work('followUp', () => getApi().invoke('followUps.setDone', { followUpId, done }))) !== null
      )
    },

    async removeOpenTicketTag(tag) {
      return (
        (await work('tag', (ticketId) => getApi().invoke('tickets.removeTag', { ticketId, tag }))) !== null
      )
    }
  }
}
