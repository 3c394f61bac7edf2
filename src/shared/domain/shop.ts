import { z } from 'zod'

/** The shape of the shop's order ids, as people and models are told it. */
export const OrderIdFormatView = z.object({
  kind: z.enum(['demo', 'numbered', 'verbatim']),
  /** `ORD-YYYYMMDD-XXXX`, `#NNNN`, `#NNNN to #NNNNN`. */
  pattern: z.string(),
  examples: z.array(z.string())
})
export type OrderIdFormatView = z.infer<typeof OrderIdFormatView>

/** The platforms whose exports Frontline reads; `jsonl` is its own documented format. */
export const ImportPlatform = z.enum(['shopify', 'woocommerce', 'jsonl'])
export type ImportPlatform = z.infer<typeof ImportPlatform>

const KindCounts = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int()
})

/** A row an import did not take, and why: where it is in the file, and which column is at fault. */
export const RefusedRow = z.object({
  file: z.string(),
  line: z.number().int(),
  column: z.string(),
  message: z.string()
})
export type RefusedRow = z.infer<typeof RefusedRow>

/** How many refused rows an import keeps to show; all of them go to the CLI's report file. */
export const REFUSED_SAMPLE_SIZE = 200

export const ImportProgress = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'cancelled', 'failed']),
  platform: ImportPlatform,
  dryRun: z.boolean(),
  /** The file being read (its name, not its path). */
  file: z.string().nullable(),
  bytesDone: z.number().int(),
  bytesTotal: z.number().int(),
  /** CSV records or JSON lines read so far. */
  rows: z.number().int(),
  rowsPerSecond: z.number(),
  elapsedMs: z.number().int(),
  etaMs: z.number().int().nullable(),
  /** Transactions committed: a cancel or a crash keeps exactly these. */
  batches: z.number().int(),
  customers: KindCounts,
  products: KindCounts,
  orders: KindCounts,
  refused: z.number().int(),
  refusedSample: z.array(RefusedRow).max(REFUSED_SAMPLE_SIZE),
  /** The shop's order-id format once the import is over (learnt from its orders). */
  orderIdFormat: OrderIdFormatView.nullable(),
  error: z.string().nullable()
})
export type ImportProgress = z.infer<typeof ImportProgress>
