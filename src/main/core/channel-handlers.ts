import type { Handlers } from '../../shared/contract'
import { createChannelRuntime, type ChannelRuntime } from '../channel/runtime'
import type { CoreContext } from './create-core'

type ChannelHandlers = Pick<
  Handlers,
  | 'channel.status'
  | 'channel.start'
  | 'channel.stop'
  | 'channel.settings.get'
  | 'channel.settings.update'
  | 'channel.keys.list'
  | 'channel.keys.create'
  | 'channel.keys.revoke'
>

const runtimes = new WeakMap<CoreContext, ChannelRuntime>()

/** The chat channel of a core, for hosts that start it with more than the contract carries (the CLI). */
export function channelRuntimeOf(ctx: CoreContext): ChannelRuntime {
  const runtime = runtimes.get(ctx)
  if (!runtime) throw new Error('this core has no chat channel')
  return runtime
}

/** The customer chat channel: one runtime per core, closed with it. */
export function createChannelHandlers(ctx: CoreContext): ChannelHandlers {
  const runtime = createChannelRuntime(ctx, { env: ctx.env })
  runtimes.set(ctx, runtime)
  ctx.onClose(() => runtime.close())
  return {
    'channel.status': () => runtime.status(),
    'channel.start': (options) => runtime.start(options),
    'channel.stop': () => runtime.stop(),
    'channel.settings.get': () => runtime.settings(),
    'channel.settings.update': (patch) => runtime.updateSettings(patch),
    'channel.keys.list': () => runtime.listKeys(),
    'channel.keys.create': ({ name }) => runtime.createKey(name),
    'channel.keys.revoke': ({ keyId }) => runtime.revokeKey(keyId)
  }
}
