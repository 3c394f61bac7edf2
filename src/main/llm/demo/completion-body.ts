import type { DemoTurn } from './demo-policy'

/** The chat-completions response objects (JSON and SSE chunks) for one demo turn. */

export interface Usage {
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
}

export interface CompletionMeta {
  id: string
  created: number
  model: string
  /** Tool call ids, one per call of the turn. */
  callIds: readonly string[]
}

/** The usual rule of thumb, about four characters a token; the ledger marks these counts as estimates. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4)

export function usageOf(promptText: string, turn: DemoTurn): Usage {
  const prompt = estimateTokens(promptText)
  const completion = estimateTokens(
    turn.kind === 'text' ? turn.text : turn.calls.map((c) => c.name + JSON.stringify(c.arguments)).join('')
  )
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion }
}

const finishReason = (turn: DemoTurn) => (turn.kind === 'text' ? 'stop' : 'tool_calls')

export function completionJson(meta: CompletionMeta, turn: DemoTurn, usage: Usage) {
  const message =
    turn.kind === 'text'
      ? { role: 'assistant', content: turn.text, refusal: null }
      : {
          role: 'assistant',
          content: null,
          refusal: null,
          tool_calls: turn.calls.map((call, i) => ({
            id: meta.callIds[i],
            type: 'function',
            function: { name: call.name, arguments: JSON.stringify(call.arguments) }
          }))
        }
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    system_fingerprint: null,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(turn) }],
    usage
  }
}

/** Word-sized pieces, so a streaming UI shows the reply growing; joined they are exactly `text`. */
export const textPieces = (text: string): string[] => text.match(/\s*\S+/g) ?? []

const argumentPieces = (json: string, size = 12): string[] => {
  const pieces: string[] = []
  for (let at = 0; at < json.length; at += size) pieces.push(json.slice(at, at + size))
  return pieces
}

/** The SSE chunks in order, without the `data:` framing, ending before `[DONE]`. */
export function completionChunks(meta: CompletionMeta, turn: DemoTurn, usage: Usage | undefined): object[] {
  const base = { id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: meta.model }
  // With include_usage, OpenAI sends `usage: null` on every chunk but the last one.
  const withUsage = usage ? { usage: null } : {}
  const chunk = (delta: object, finish: string | null = null) => ({
    ...base,
    system_fingerprint: null,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...withUsage
  })
  const chunks: object[] = []
  if (turn.kind === 'text') {
    chunks.push(chunk({ role: 'assistant', content: '' }))
    for (const piece of textPieces(turn.text)) chunks.push(chunk({ content: piece }))
  } else {
    chunks.push(chunk({ role: 'assistant', content: null }))
    turn.calls.forEach((call, index) => {
      chunks.push(
        chunk({
          tool_calls: [
            { index, id: meta.callIds[index], type: 'function', function: { name: call.name, arguments: '' } }
          ]
        })
      )
      for (const piece of argumentPieces(JSON.stringify(call.arguments))) {
        chunks.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }))
      }
    })
  }
  chunks.push(chunk({}, finishReason(turn)))
  if (usage) chunks.push({ ...base, system_fingerprint: null, choices: [], usage })
  return chunks
}
