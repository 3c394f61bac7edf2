import type { StateCreator } from 'zustand'
import type { ChannelInput } from '../../../shared/contract'
import type { EmailMessageInfo, MailboxTestResult, MailboxView } from '../../../shared/domain/mailbox'
import type { AppError } from '../../../shared/result'
import { getApi } from '../api'
import { idle, loading, settled, type Loadable } from './load-state'
import type { FrontlineState } from './index'

export type MailboxUpdate = ChannelInput<'mailbox.update'>

/** The shop's mailbox in Settings, and the emails of the open ticket's thread. */
export interface MailboxSlice {
  mailbox: Loadable<MailboxView>
  mailboxSave: { state: 'saving' | 'saved' } | { state: 'failed'; error: AppError } | null
  mailboxTest:
    | { state: 'testing' }
    | { state: 'done'; result: MailboxTestResult }
    | { state: 'failed'; error: AppError }
    | null
  loadMailbox(): Promise<void>
  saveMailbox(update: MailboxUpdate): Promise<boolean>
  /** The password goes to the core and is never kept here. */
  saveMailboxPassword(server: 'imap' | 'smtp', password: string): Promise<boolean>
  testMailbox(): Promise<void>
  applyMailboxStatus(status: MailboxView['status']): void
  /** By thread message id; empty for tickets that did not come by email. */
  ticketEmails: Readonly<Record<number, EmailMessageInfo>>
  emailActions: Readonly<Record<number, { busy: boolean; error: AppError | null }>>
  loadTicketEmails(): Promise<void>
  retryEmail(messageId: number): Promise<void>
  markEmailSent(messageId: number): Promise<void>
}

export const createMailboxSlice: StateCreator<FrontlineState, [], [], MailboxSlice> = (set, get) => {
  const emailAction = async (messageId: number, call: () => Promise<{ ok: boolean; error?: AppError }>) => {
    set({ emailActions: { ...get().emailActions, [messageId]: { busy: true, error: null } } })
    const result = await call()
    set({
      emailActions: {
        ...get().emailActions,
        [messageId]: { busy: false, error: result.ok ? null : (result.error ?? null) }
      }
    })
    await get().loadTicketEmails()
  }
  const saved = (view: MailboxView) =>
    set({ mailbox: { status: 'ready', data: view, error: null }, mailboxSave: { state: 'saved' } })

  return {
    mailbox: idle(),
    mailboxSave: null,
    mailboxTest: null,
    ticketEmails: {},
    emailActions: {},

    async loadMailbox() {
      set({ mailbox: loading(get().mailbox) })
      const result = await getApi().invoke('mailbox.get', {})
      set({ mailbox: settled(get().mailbox, result) })
    },

    async saveMailbox(update) {
      set({ mailboxSave: { state: 'saving' } })
      const result = await getApi().invoke('mailbox.update', update)
      if (!result.ok) {
        set({ mailboxSave: { state: 'failed', error: result.error } })
        return false
      }
      saved(result.value)
      return true
    },

    async saveMailboxPassword(server, password) {
      set({ mailboxSave: { state: 'saving' } })
      const result = await getApi().invoke('mailbox.setPassword', { server, password })
      if (!result.ok) {
        set({ mailboxSave: { state: 'failed', error: result.error } })
        return false
      }
      saved(result.value)
      return true
    },

    async testMailbox() {
      set({ mailboxTest: { state: 'testing' } })
      const result = await getApi().invoke('mailbox.test', {})
      set({
        mailboxTest: result.ok
          ? { state: 'done', result: result.value }
          : { state: 'failed', error: result.error }
      })
    },

    applyMailboxStatus(status) {
      const view = get().mailbox.data
      if (view) set({ mailbox: { ...get().mailbox, data: { ...view, status } } })
    },

    async loadTicketEmails() {
      const ticketId = get().openTicketId
      if (!ticketId) return
      const result = await getApi().invoke('email.thread', { ticketId })
      if (get().openTicketId !== ticketId || !result.ok) return
      set({ ticketEmails: Object.fromEntries(result.value.map((info) => [info.messageId, info])) })
    },

    retryEmail: (messageId) => emailAction(messageId, () => getApi().invoke('email.retry', { messageId })),
    markEmailSent: (messageId) =>
      emailAction(messageId, () => getApi().invoke('email.markSent', { messageId }))
  }
}
