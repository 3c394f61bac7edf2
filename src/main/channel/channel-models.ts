import type { ChannelModel } from '../../shared/domain/channel'
import { AppFailure } from '../../shared/result'
import type { ModelChoice } from '../agent/chat-port'
import type { LlmRuntime } from '../core/llm-setup'

/**
 * The provider and model that answer a chat client's `model`: only names the operator listed for
 * the channel, each mapped to a configured provider/model (or to the default model). Any other name
 * is refused naming `model` and the allowed ones, so a client can never choose a provider (and the
 * key that goes with it) the operator did not offer.
 */
export function resolveChannelModel(
  offered: readonly ChannelModel[],
  requested: string,
  llm: Pick<LlmRuntime, 'defaultModel' | 'profiles'>
): ModelChoice {
  const entry = offered.find((m) => m.name === requested)
  if (!entry) {
    const names = offered.map((m) => m.name)
    const allowed = names.length > 0 ? `one of: ${names.join(', ')}` : 'none are offered; send no model'
    throw new AppFailure('invalid_input', `The model "${requested}" is not offered on this channel.`, [
      { field: 'model', message: `not offered; ${allowed}` }
    ])
  }
  const choice = entry.use ?? llm.defaultModel()
  const known = llm
    .profiles()
    .some((p) => p.id === choice.providerId && p.models.some((m) => m.id === choice.model))
  if (!known) {
    throw new AppFailure(
      'unavailable',
      `"${requested}" is mapped to ${choice.providerId}/${choice.model}, which is no longer configured.`,
      [{ field: 'model', message: 'mapped to a model that is no longer configured' }]
    )
  }
  return choice
}

/** Refuses (naming the field) a channel model mapped to a provider or model that is not configured. */
export function checkChannelModels(models: readonly ChannelModel[], llm: Pick<LlmRuntime, 'profiles'>): void {
  const profiles = llm.profiles()
  models.forEach((entry, index) => {
    if (!entry.use) return
    const { providerId, model } = entry.use
    const profile = profiles.find((p) => p.id === providerId)
    if (!profile) {
      throw new AppFailure('invalid_input', `Unknown provider "${providerId}".`, [
        { field: `models.${index}.use.providerId`, message: 'unknown provider' }
      ])
    }
    if (!profile.models.some((m) => m.id === model)) {
      throw new AppFailure('invalid_input', `${profile.name} has no model "${model}".`, [
        { field: `models.${index}.use.model`, message: 'unknown model for this provider' }
      ])
    }
  })
}
