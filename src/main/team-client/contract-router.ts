import { isChannel, type Handlers } from '../../shared/contract'
import { LOCAL_OWNER } from '../../shared/domain/caller'
import type { Result } from '../../shared/result'
import { dispatch } from '../core/dispatch'

/**
 * What the desktop's IPC forwards to: the channels the app answers itself (where it works) for its
 * owner, and everything else to its backend, a local core or a team server. Found by channel in the
 * map; the rules and input checks are the contract's, as in any core.
 */
export function routeContract(
  backend: { invoke(channel: unknown, input: unknown): Promise<Result<unknown>> },
  ownHandlers: Partial<Handlers>
): { invoke(channel: unknown, input: unknown): Promise<Result<unknown>> } {
  return {
    invoke(channel, input) {
      if (isChannel(channel) && Object.prototype.hasOwnProperty.call(ownHandlers, channel)) {
        return dispatch(ownHandlers as Handlers, channel, input, LOCAL_OWNER)
      }
      return backend.invoke(channel, input)
    }
  }
}
