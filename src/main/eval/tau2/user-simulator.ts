import OpenAI from 'openai'
import type { RetailTask } from './retail-task'

/**
 * The customer side of a τ²-bench conversation: an OpenAI-compatible model that plays the task's
 * customer from its scenario, one message at a time, and ends the chat with STOP_TOKEN. It sees the
 * agent's messages as its user turns and its own as assistant turns.
 */
export const STOP_TOKEN = '###STOP###'

/** What the agent says before the customer's first message, as τ²-bench's conversations open. */
export const GREETING = 'Hi! How can I help you today?'

export interface UserModel {
  client: OpenAI
  model: string
}

export function userModel(baseURL: string, model: string, apiKey: string): UserModel {
  return { client: new OpenAI({ baseURL, apiKey, maxRetries: 2, timeout: 120_000 }), model }
}

export function userSystemPrompt(task: RetailTask): string {
  const s = task.user_scenario.instructions
  return [
    "You are a customer chatting with an online shop's support agent. Play this customer, in the first person.",
    '',
    `Why you are contacting the shop: ${s.reason_for_call}`,
    s.known_info ? `What you know: ${s.known_info}` : '',
    s.unknown_info ? `What you do not know: ${s.unknown_info}` : '',
    `How you behave: ${s.task_instructions}`,
    '',
    'Rules:',
    '- Write one short message at a time, as a person would type it; give information only when it is needed or asked for.',
    '- Never invent information you were not given (an email, an order id, an address): say you do not know.',
    '- Before the agent changes anything, it will ask you to confirm: confirm ("yes") only what matches what you want.',
    `- When your requests are all handled, or cannot be, write ${STOP_TOKEN} alone as your message.`
  ]
    .filter((line) => line !== '')
    .join('\n')
}

export interface Said {
  role: 'customer' | 'agent'
  text: string
}

export interface UserTurn {
  text: string
  tokensIn: number
  tokensOut: number
}

export async function nextUserMessage(
  user: UserModel,
  task: RetailTask,
  transcript: readonly Said[]
): Promise<UserTurn> {
  const completion = await user.client.chat.completions.create({
    model: user.model,
    messages: [
      { role: 'system', content: userSystemPrompt(task) },
      ...transcript.map((said) => ({
        role: said.role === 'agent' ? ('user' as const) : ('assistant' as const),
        content: said.text
      }))
    ]
  })
  return {
    text: completion.choices[0]?.message.content?.trim() || STOP_TOKEN,
    tokensIn: completion.usage?.prompt_tokens ?? 0,
    tokensOut: completion.usage?.completion_tokens ?? 0
  }
}
