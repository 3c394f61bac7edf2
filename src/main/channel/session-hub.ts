import type { CoreEvents } from '../core/events'
import type { ChatService, TokenSink } from './chat-service'
import { toWireConversation, toWireMessage } from './wire'

/** One open WebSocket of a chat session. */
export interface HubConnection {
  sessionId: string
  ticketId: string
  /** The last message id this client has; everything newer is sent to it. */
  cursor: number
  send(message: object): void
}

export interface SessionHub extends TokenSink {
  attach(connection: HubConnection): () => void
  /** Sends each connection of the session the messages it lacks, and the state when it changed. */
  sync(sessionId: string): void
  syncAll(): void
  broadcast(sessionId: string, message: object): void
  connectedSessions(): number
  close(): void
}

/**
 * The live side of chat sessions: whatever lands in a session's thread (the autopilot's answer, a
 * teammate's reply sent from the console, an action's outcome) reaches every socket of the session.
 * The thread is the source of truth and each socket keeps a cursor into it, so a push can never be
 * lost or doubled: a reconnecting client says which message it has and receives the rest.
 */
export function createSessionHub(deps: { events: CoreEvents; service: ChatService }): SessionHub {
  const { service } = deps
  const bySession = new Map<string, Set<HubConnection>>()
  const sessionOfTicket = new Map<string, string>()
  const stateKeys = new WeakMap<HubConnection, string>()

  function sync(sessionId: string): void {
    const connections = bySession.get(sessionId)
    if (!connections || connections.size === 0) return
    const from = Math.min(...[...connections].map((c) => c.cursor))
    const snapshot = service.snapshot(sessionId, from)
    const conversation = toWireConversation(snapshot.session, snapshot.pendingActions)
    const stateKey = JSON.stringify([
      conversation.state,
      conversation.pending_actions.map((a) => a.action_id)
    ])
    for (const connection of connections) {
      for (const message of snapshot.messages) {
        if (message.id <= connection.cursor) continue
        connection.send({ type: 'message', message: toWireMessage(message) })
        connection.cursor = message.id
      }
      if (stateKeys.get(connection) !== stateKey) {
        stateKeys.set(connection, stateKey)
        connection.send({ type: 'state', ...conversation })
      }
    }
  }

  const unsubscribe = deps.events.subscribe((event, payload) => {
    if (event !== 'tickets.changed' || sessionOfTicket.size === 0) return
    for (const ticketId of (payload as { ticketIds: string[] }).ticketIds) {
      const sessionId = sessionOfTicket.get(ticketId)
      if (sessionId) sync(sessionId)
    }
  })

  return {
    attach(connection) {
      let set = bySession.get(connection.sessionId)
      if (!set) {
        set = new Set()
        bySession.set(connection.sessionId, set)
        sessionOfTicket.set(connection.ticketId, connection.sessionId)
      }
      set.add(connection)
      return () => {
        set.delete(connection)
        if (set.size === 0 && bySession.get(connection.sessionId) === set) {
          bySession.delete(connection.sessionId)
          sessionOfTicket.delete(connection.ticketId)
        }
      }
    },
    sync,
    syncAll() {
      for (const sessionId of bySession.keys()) sync(sessionId)
    },
    broadcast(sessionId, message) {
      for (const connection of bySession.get(sessionId) ?? []) connection.send(message)
    },
    wants: (sessionId) => (bySession.get(sessionId)?.size ?? 0) > 0,
    token(sessionId, draftId, text) {
      for (const connection of bySession.get(sessionId) ?? []) {
        connection.send({ type: 'token', draft_id: draftId, text })
      }
    },
    connectedSessions: () => bySession.size,
    close() {
      unsubscribe()
      bySession.clear()
      sessionOfTicket.clear()
    }
  }
}
