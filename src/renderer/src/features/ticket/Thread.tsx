import type { Message } from '../../../../shared/domain/ticket'
import { formatDateTime } from '../../format'
import { useFrontlineStore } from '../../store'
import { EmailDetails } from './EmailDetails'

type Turn = 'customer' | 'agent' | 'system' | 'note'

const roleLabel: Record<Turn, string> = {
  customer: 'Customer',
  agent: 'Agent',
  system: 'System',
  note: 'Internal note'
}

const composedLabel: Record<NonNullable<Message['composedBy']>, string> = {
  ai_draft: 'from the AI draft',
  person: 'written by hand'
}

const turnOf = (message: Message): Turn => (message.internal ? 'note' : message.author)

/**
 * Who wrote a turn, by name. A customer's own messages carry no name (the chat says "you" to
 * them), so the console names them after the ticket's customer.
 */
function authorOf(message: Message, customerName: string | null): string {
  if (message.author === 'customer') return message.authorName || customerName || 'Visitor'
  return message.authorName || roleLabel[turnOf(message)]
}

/** The conversation as the team sees it: the customer's messages, replies, system lines and internal notes. */
export function Thread({
  messages,
  customerName
}: {
  messages: readonly Message[]
  customerName: string | null
}) {
  const emails = useFrontlineStore((s) => s.ticketEmails)
  return (
    <section className="thread" aria-labelledby="thread-heading">
      <h3 id="thread-heading" className="section-title">
        Conversation <span className="section-title__count">{messages.length}</span>
      </h3>
      {messages.length === 0 ? (
        <p className="muted">No messages yet.</p>
      ) : (
        <ol className="thread__list">
          {messages.map((message) => {
            const turn = turnOf(message)
            const name = authorOf(message, customerName)
            const sentBy =
              turn === 'agent' && message.sentBy
                ? `sent by ${message.sentBy}${message.composedBy ? `, ${composedLabel[message.composedBy]}` : ''}`
                : null
            return (
              <li key={message.id} className={`message message--${turn}`}>
                <article
                  aria-label={`${turn === 'note' ? 'Internal note by ' : ''}${name}, ${formatDateTime(message.createdAt)}`}
                >
                  <header className="message__header">
                    <span className="message__author">{name}</span>
                    <span className="message__role">{roleLabel[turn]}</span>
                    {sentBy ? <span className="message__sent-by">{sentBy}</span> : null}
                    <time className="message__time" dateTime={message.createdAt}>
                      {formatDateTime(message.createdAt)}
                    </time>
                  </header>
                  <p className="message__body" dir="auto">
                    {message.body}
                  </p>
                  {turn === 'note' ? (
                    <p className="message__note-hint">Only the team sees this note.</p>
                  ) : null}
                  {emails[message.id] ? <EmailDetails info={emails[message.id]!} /> : null}
                </article>
              </li>
            )
          })}
        </ol>
      )}
    </section>
  )
}
