import { channels, isChannel, type Handlers } from '../../shared/contract'
import { AppFailure, fail, invalidInput, ok, type Result } from '../../shared/result'

/**
 * The single entry point of every request, whatever the host: checks the channel, validates the
 * input against the contract, runs the handler, and turns any failure into a result.
 */
export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  input: unknown
): Promise<Result<unknown>> {
  if (!isChannel(channel)) return fail('unknown_channel', `Unknown channel: ${String(channel)}`)
  const parsed = channels[channel].input.safeParse(input ?? {})
  if (!parsed.success) return invalidInput(parsed.error, `input for ${channel}`)
  try {
    const handler = handlers[channel] as (input: unknown) => unknown
    return ok(await handler(parsed.data))
  } catch (error) {
    if (error instanceof AppFailure) return fail(error.code, error.message, error.issues)
    console.error(`[core] ${channel} failed`, error)
    return fail('internal', `Frontline could not complete "${channel}". Please try again.`)
  }
}
