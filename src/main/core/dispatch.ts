import { refuseCaller } from '../../shared/channel-access'
import { channels, isChannel, type Handlers } from '../../shared/contract'
import type { Caller } from '../../shared/domain/caller'
import { AppFailure, fail, invalidInput, ok, type Result } from '../../shared/result'

/**
 * The single entry point of every request, whatever the host: checks the channel, refuses a caller
 * the channel is not open to (before its input is even read), validates the input against the
 * contract, runs the handler with the caller, and turns any failure into a result.
 */
export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  input: unknown,
  caller: Caller | null
): Promise<Result<unknown>> {
  if (!isChannel(channel)) return fail('unknown_channel', `Unknown channel: ${String(channel)}`)
  const refusal = refuseCaller(channel, caller)
  if (refusal) return fail(refusal.code, refusal.message)
  const parsed = channels[channel].input.safeParse(input ?? {})
  if (!parsed.success) return invalidInput(parsed.error, `input for ${channel}`)
  try {
    // Only the channels open before sign-in can get here without a caller (Handlers types them so).
    const handler = handlers[channel] as (input: unknown, caller: Caller | null) => unknown
    return ok(await handler(parsed.data, caller))
  } catch (error) {
    if (error instanceof AppFailure) return fail(error.code, error.message, error.issues)
    console.error(`[core] ${channel} failed`, error)
    return fail('internal', `Frontline could not complete "${channel}". Please try again.`)
  }
}
