import {
  BridgePing,
  BridgeRequest,
  type BridgePong,
  type BridgeReply,
  type BridgeRequestId
} from '../../shared/web-bridge-protocol'
import { fail, invalidInput } from '../../shared/result'
import type { Caller } from '../../shared/domain/caller'
import { JsonTooDeepError, parseBoundedJson } from '../bounded-json'
import type { CoreBackend } from './core-backend'

function readableId(message: unknown): BridgeRequestId | null {
  if (typeof message !== 'object' || message === null) return null
  const parsed = BridgeRequest.shape.id.safeParse((message as { id?: unknown }).id)
  return parsed.success ? parsed.data : null
}

/**
 * Answers one WebSocket message. Anything off the wire is untrusted: it is parsed and checked here
 * (the envelope) and again by the core's dispatcher (the channel's input), and every failure
 * becomes a reply naming the field; nothing here throws.
 */
export async function answerBridgeMessage(
  backend: Pick<CoreBackend, 'invoke'>,
  data: Buffer | ArrayBuffer | Buffer[],
  isBinary: boolean,
  /** Who the connection speaks for (the team server's signed-in person); absent: the core's default. */
  caller?: Caller | null
): Promise<BridgeReply | BridgePong> {
  if (isBinary) {
    return {
      id: null,
      result: fail('invalid_input', 'Bridge messages must be JSON text, not binary.', [
        { field: '(message)', message: 'expected a JSON text frame' }
      ])
    }
  }
  const bytes = Array.isArray(data)
    ? Buffer.concat(data)
    : data instanceof ArrayBuffer
      ? Buffer.from(data)
      : data
  const text = bytes.toString('utf8')
  let message: unknown
  try {
    message = parseBoundedJson(text)
  } catch (error) {
    if (error instanceof JsonTooDeepError) {
      return {
        id: null,
        result: fail('invalid_input', `Bridge message is ${error.message}.`, [
          { field: error.field, message: `nested deeper than ${error.limit} levels` }
        ])
      }
    }
    return {
      id: null,
      result: fail('invalid_input', 'Bridge message is not valid JSON.', [
        { field: '(message)', message: 'expected a JSON object {id, channel, input}' }
      ])
    }
  }
  const ping = BridgePing.safeParse(message)
  if (ping.success) return { pong: ping.data.ping }
  const parsed = BridgeRequest.safeParse(message)
  if (!parsed.success)
    return { id: readableId(message), result: invalidInput(parsed.error, 'bridge message') }
  const { id, channel, input } = parsed.data
  try {
    return { id, result: await backend.invoke(channel, input, caller) }
  } catch (error) {
    return {
      id,
      result: fail('unavailable', `The Frontline core did not answer: ${(error as Error).message}`)
    }
  }
}
