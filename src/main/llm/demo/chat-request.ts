import { z } from 'zod'

/**
 * The subset of the chat-completions request the demo model understands. Objects are loose because
 * real clients send fields (temperature, seed, metadata…) that a deterministic model simply ignores.
 */
const TextPart = z.looseObject({ type: z.literal('text'), text: z.string() })
const Content = z.union([z.string(), z.array(TextPart)])

const ToolCall = z.looseObject({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.looseObject({ name: z.string().min(1), arguments: z.string() })
})

const SystemMessage = z.looseObject({ role: z.enum(['system', 'developer']), content: Content })
const UserMessage = z.looseObject({ role: z.literal('user'), content: Content })
const AssistantMessage = z.looseObject({
  role: z.literal('assistant'),
  content: Content.nullish(),
  tool_calls: z.array(ToolCall).optional()
})
const ToolMessage = z.looseObject({
  role: z.literal('tool'),
  tool_call_id: z.string().min(1),
  content: Content
})

export const ChatMessage = z.discriminatedUnion('role', [
  SystemMessage,
  UserMessage,
  AssistantMessage,
  ToolMessage
])

const FunctionTool = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({ name: z.string().min(1), description: z.string().optional() })
})

export const ChatCompletionRequest = z.looseObject({
  model: z.string().min(1),
  messages: z.array(ChatMessage).min(1),
  tools: z.array(FunctionTool).optional(),
  tool_choice: z.unknown().optional(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  n: z.literal(1).nullish()
})
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>

/** A message reduced to what the policy reads: plain text content and the tool calls it carries. */
export interface DemoMessage {
  role: 'system' | 'user' | 'assistant' | 'tool'
  content: string
  toolCalls?: { id: string; name: string; arguments: string }[]
  toolCallId?: string
}

const flatten = (content: z.infer<typeof Content> | null | undefined): string =>
  content == null ? '' : typeof content === 'string' ? content : content.map((part) => part.text).join('')

export function toDemoMessages(messages: ChatCompletionRequest['messages']): DemoMessage[] {
  return messages.map((message) => {
    if (message.role === 'assistant') {
      const toolCalls = message.tool_calls?.map((call) => ({
        id: call.id,
        name: call.function.name,
        arguments: call.function.arguments
      }))
      return toolCalls?.length
        ? { role: 'assistant', content: flatten(message.content), toolCalls }
        : { role: 'assistant', content: flatten(message.content) }
    }
    if (message.role === 'tool') {
      return { role: 'tool', content: flatten(message.content), toolCallId: message.tool_call_id }
    }
    return { role: message.role === 'user' ? 'user' : 'system', content: flatten(message.content) }
  })
}

/** The tools the caller offered; `tool_choice: 'none'` offers none. */
export function offeredToolNames(request: ChatCompletionRequest): ReadonlySet<string> {
  if (request.tool_choice === 'none') return new Set()
  return new Set((request.tools ?? []).map((tool) => tool.function.name))
}
