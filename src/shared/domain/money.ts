import { z } from 'zod'

/** What a person or a model reads: a decimal amount and its currency. The database keeps cents. */
export const Money = z.object({ amount: z.number(), currency: z.string().length(3) })
export type Money = z.infer<typeof Money>

export const centsToMoney = (cents: number, currency = 'USD'): Money => ({
  amount: Math.round(cents) / 100,
  currency
})

export const moneyToCents = (amount: number): number => Math.round(amount * 100)

/** LLM costs are kept in micro-dollars; a draft often costs less than a cent. */
export const microUsdToUsd = (micro: number): number => micro / 1_000_000

export function formatMoney(money: Money): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: money.currency }).format(money.amount)
}
