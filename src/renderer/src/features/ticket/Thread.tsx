import type { Message } from '../../../../shared/domain/ticket'
import { capitalize, formatDateTime } from '../../format'
import { useFrontlineStore } from '../../store'
import { EmailDetails } from './EmailDetails'

const roleLabel: Record<Message['author'], string> = {
  customer: 'Customer',
  agent: 'Agent',
  system: 'System'
}

export function Thread({ messages }: { messages: readonly Message[] }) {
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
            const name = message.authorName || capitalize(message.author)
            return (
              <li key={message.id} className={`message message--${message.author}`}>
                <article aria-label={`${name}, ${formatDateTime(message.createdAt)}`}>
                  <header className="message__header">
                    <span className="message__author">{name}</span>
                    <span className="message__role">{roleLabel[message.author]}</span>
                    <time className="message__time" dateTime={message.createdAt}>
                      {formatDateTime(message.createdAt)}
                    </time>
                  </header>
                  <p className="message__body">{message.body}</p>
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
