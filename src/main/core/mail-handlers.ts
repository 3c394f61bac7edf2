import type { Handlers } from '../../shared/contract'
import { deciderOf } from '../agent/decider'
import type { CoreContext } from './create-core'

type MailHandlers = Pick<
  Handlers,
  | 'mailbox.get'
  | 'mailbox.update'
  | 'mailbox.setPassword'
  | 'mailbox.test'
  | 'email.thread'
  | 'email.retry'
  | 'email.markSent'
>

/** The email channel: the shop's mailbox in Settings, the emails of a ticket's thread. */
export function createMailHandlers(ctx: CoreContext): MailHandlers {
  const { mail } = ctx
  return {
    'mailbox.get': () => mail.view(),
    'mailbox.update': (patch) => mail.update(patch),
    'mailbox.setPassword': ({ server, password }) => mail.setPassword(server, password),
    'mailbox.test': () => mail.test(),
    'email.thread': ({ ticketId }) => mail.thread(ticketId),
    'email.retry': ({ messageId }) => mail.retry(messageId),
    'email.markSent': ({ messageId, by }, caller) => mail.markSent(messageId, deciderOf(caller, by))
  }
}
