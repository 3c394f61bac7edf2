import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions'
import type { Message } from '../../shared/domain/ticket'

/**
 * The request that asks a model to rewrite an unsent reply after a person decided what it proposed.
 * The demo model reads the same request back (readRewriteRequest) and answers it with the template.
 */

const TASK_LINE = 'Task: rewrite the reply after a decision.'
const REPLY_START = '<<<REPLY'
const REPLY_END = 'REPLY>>>'
const DECISION_PREFIX = 'Decision, in the words the customer reads: '

export interface RewriteRequest {
  /** The reply as it is now (a person may have edited it). */
  reply: string
  /** The decision as the customer is told it (the kind's decision note). */
  decision: string
}

export function buildRewriteMessages(
  request: RewriteRequest,
  thread: readonly Message[]
): ChatCompletionMessageParam[] {
  const system = [
    'You are a customer-support agent for an online shop. A teammate has just decided on the action ' +
      'your earlier reply proposed (a return, a refund, store credit). Rewrite that reply into one ' +
      'consistent text that tells the customer the decision.',
    'Remove every sentence that says it is awaiting approval, will be confirmed or will be reviewed. ' +
      'Keep everything else the reply says, word for word where you can: a teammate may have written ' +
      'some of it. Add no promise and no fact that is not in the reply or the decision.',
    'Answer with the whole rewritten reply only, greeting and sign-off included, in plain text.',
    TASK_LINE,
    `${DECISION_PREFIX}${request.decision}`,
    'The reply to rewrite:',
    REPLY_START,
    request.reply,
    REPLY_END
  ].join('\n')
  const turns: ChatCompletionMessageParam[] = thread
    .filter((m) => m.author === 'customer')
    .map((m) => ({ role: 'user' as const, content: m.body }))
  return [{ role: 'system', content: system }, ...turns]
}

/** The rewrite asked for in a system prompt, if it is one. */
export function readRewriteRequest(system: string): RewriteRequest | undefined {
  if (!system.includes(TASK_LINE)) return undefined
  const decisionLine = system.split('\n').find((line) => line.startsWith(DECISION_PREFIX))
  const start = system.indexOf(`${REPLY_START}\n`)
  const end = system.lastIndexOf(`\n${REPLY_END}`)
  if (!decisionLine || start < 0 || end < start) return undefined
  return {
    decision: decisionLine.slice(DECISION_PREFIX.length),
    reply: system.slice(start + REPLY_START.length + 1, end)
  }
}
