import { z } from 'zod'

/** The shape of the shop's order ids, as people and models are told it. */
export const OrderIdFormatView = z.object({
  kind: z.enum(['demo', 'numbered', 'verbatim']),
  /** `ORD-YYYYMMDD-XXXX`, `#NNNN`, `#NNNN to #NNNNN`. */
  pattern: z.string(),
  examples: z.array(z.string())
})
export type OrderIdFormatView = z.infer<typeof OrderIdFormatView>
