import type { Agreement, ReplayItem, ReplaySummary, ReplayUsage } from '../../shared/domain/replay'
import { costMicroUsd, type ModelPrice } from '../llm/pricing'

const perThousand = (microUsd: number, tickets: number): number | null =>
  tickets === 0 ? null : Math.round((microUsd * 1000) / tickets)

const addUsage = (sum: ReplayUsage, usage: ReplayUsage): ReplayUsage => ({
  calls: sum.calls + usage.calls,
  tokensIn: sum.tokensIn + usage.tokensIn,
  tokensOut: sum.tokensOut + usage.tokensOut,
  tokensCached: sum.tokensCached + usage.tokensCached,
  costMicroUsd: sum.costMicroUsd + usage.costMicroUsd
})

const NO_USAGE: ReplayUsage = { calls: 0, tokensIn: 0, tokensOut: 0, tokensCached: 0, costMicroUsd: 0 }

/**
 * A replay's results in figures: how often the new drafts agree (overall and per compared set),
 * what they cost, and the cost of 1,000 such tickets with this model, with the shop's default model
 * (this replay's tokens at its list prices), and as the sent AI drafts cost.
 */
export function summarizeReplay(
  items: readonly ReplayItem[],
  spentMicroUsd: number,
  currentPrice: ModelPrice | undefined
): ReplaySummary {
  const completed = items.filter((item) => item.status === 'done')
  const agreements = completed.map((item) => item.agreement).filter((a): a is Agreement => a !== null)
  const dimension = (key: 'tools' | 'orders' | 'actions') => {
    const compared = agreements.filter((a) => a[key] !== null)
    return { agreed: compared.filter((a) => a[key] === true).length, compared: compared.length }
  }
  const agreed = agreements.filter((a) => a.agrees).length
  const usage = completed.map((item) => item.usage).reduce(addUsage, NO_USAGE)
  const sentDrafts = items.filter((item) => item.original.draftId !== null)
  const sentCost = sentDrafts.reduce((sum, item) => sum + item.original.costMicroUsd, 0)
  const currentCost = currentPrice
    ? costMicroUsd(currentPrice, {
        input: usage.tokensIn,
        output: usage.tokensOut,
        cached: usage.tokensCached
      })
    : null
  return {
    completed: completed.length,
    agreed,
    agreementRate: completed.length === 0 ? null : agreed / completed.length,
    dimensions: { tools: dimension('tools'), orders: dimension('orders'), actions: dimension('actions') },
    fallbacks: completed.filter((item) => item.shadow?.status === 'fallback').length,
    usage,
    spentMicroUsd,
    costPerThousand: {
      replay: perThousand(usage.costMicroUsd, completed.length),
      current: currentCost === null ? null : perThousand(currentCost, completed.length),
      sentDrafts: perThousand(sentCost, sentDrafts.length),
      sentDraftTickets: sentDrafts.length,
      sentDraftModels: [
        ...new Set(sentDrafts.map((item) => `${item.original.providerId ?? ''}/${item.original.model ?? ''}`))
      ].sort()
    }
  }
}
