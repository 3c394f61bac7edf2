import { z } from 'zod'

const Totals = z.object({
  calls: z.number().int(),
  failedCalls: z.number().int(),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  tokensCached: z.number().int(),
  costMicroUsd: z.number().int(),
  estimatedCalls: z.number().int()
})

export const CostSummary = z.object({
  generatedAt: z.string(),
  today: Totals,
  last7Days: Totals,
  last30Days: Totals,
  byModel: z.array(Totals.extend({ provider: z.string(), model: z.string() })),
  byDayAndModel: z.array(
    z.object({ day: z.string(), provider: z.string(), model: z.string(), costMicroUsd: z.number().int() })
  ),
  tickets: z.object({
    count: z.number().int(),
    averageMicroUsd: z.number().int(),
    mostExpensive: z.array(
      z.object({
        ticketId: z.string(),
        subject: z.string().nullable(),
        calls: z.number().int(),
        costMicroUsd: z.number().int(),
        tokensIn: z.number().int(),
        tokensOut: z.number().int()
      })
    )
  }),
  budget: z.object({
    limitMicroUsd: z.number().int().nullable(),
    spentTodayMicroUsd: z.number().int(),
    remainingMicroUsd: z.number().int().nullable()
  })
})
export type CostSummary = z.infer<typeof CostSummary>
