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

/** What the console shows of the shop's data: the first-run choice, Settings → Shop data. */
export const ShopStatus = z.object({
  /** No customers, products, orders or tickets: the console offers the demo shop or an import. */
  empty: z.boolean(),
  counts: z.object({
    customers: z.number().int(),
    products: z.number().int(),
    orders: z.number().int(),
    tickets: z.number().int()
  }),
  currency: z.string().nullable(),
  orderIdFormat: OrderIdFormatView,
  /** The import running now, or the last one since the core started. */
  import: ImportProgress.nullable()
})
export type ShopStatus = z.infer<typeof ShopStatus>

/** Files reach the core in chunks of at most this many bytes (base64 in the message): the web bridge's messages are bounded. */
export const UPLOAD_CHUNK_BYTES = 512 * 1024
/** An export larger than this is refused before its first byte is sent. */
export const MAX_UPLOAD_BYTES = 20 * 1024 ** 3
export const MAX_FILES_PER_IMPORT = 20

export const UploadStarted = z.object({ uploadId: z.string(), chunkBytes: z.number().int() })
export const UploadReceived = z.object({
  uploadId: z.string(),
  received: z.number().int(),
  size: z.number().int()
})
