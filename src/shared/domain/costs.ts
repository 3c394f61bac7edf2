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

/** What one ticket's AI calls cost. */
export const TicketCost = z.object({
  ticketId: z.string(),
  subject: z.string().nullable(),
  calls: z.number().int(),
  costMicroUsd: z.number().int(),
  tokensIn: z.number().int(),
  tokensOut: z.number().int()
})
export type TicketCost = z.infer<typeof TicketCost>

/** Every ticket that used the AI in a window, most expensive first, a page at a time. */
export const TicketCostQuery = z
  .object({
    days: z.number().int().min(1).max(366).default(30),
    limit: z.number().int().min(1).max(200).default(25),
    offset: z.number().int().min(0).default(0)
  })
  .strict()
export const TicketCostPage = z.object({ tickets: z.array(TicketCost), total: z.number().int() })
export type TicketCostPage = z.infer<typeof TicketCostPage>

export const CostSummary = z.object({
  generatedAt: z.string(),
  today: Totals,
  last7Days: Totals,
  last30Days: Totals,
  byModel: z.array(Totals.extend({ provider: z.string(), model: z.string() })),
  byDayAndModel: z.array(
    z.object({
      day: z.string(),
      provider: z.string(),
      model: z.string(),
      costMicroUsd: z.number().int(),
      calls: z.number().int(),
      tokensIn: z.number().int(),
      tokensOut: z.number().int(),
      tickets: z.number().int()
    })
  ),
  tickets: z.object({
    count: z.number().int(),
    averageMicroUsd: z.number().int(),
    mostExpensive: z.array(TicketCost)
  }),
  budget: z.object({
    limitMicroUsd: z.number().int().nullable(),
    spentTodayMicroUsd: z.number().int(),
    remainingMicroUsd: z.number().int().nullable()
  })
})
export type CostSummary = z.infer<typeof CostSummary>
