import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { z } from 'zod'
import { OrderStatus } from '../../../../shared/domain/order'
import { Currency, Email, type ShopRecord } from '../../shop-records'
import { parseCents, parseTimestamp } from '../cell-values'
import type { ReadContext, ReadItem } from '../source-kinds'

/**
 * Frontline's JSON Lines format, for every shop that is neither Shopify nor WooCommerce: one JSON
 * object a line, `"type"` saying which (customer, product, order). Amounts are decimals in the
 * record's currency ("59.00" or 59), times ISO 8601. docs/shop-import.md has the full reference.
 */
const Amount = z.union([z.string(), z.number()]).transform((value, ctx) => {
  try {
    return parseCents('amount', String(value))
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message })
    return z.NEVER
  }
})
const Time = z.string().transform((value, ctx) => {
  try {
    return parseTimestamp('time', value)
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message })
    return z.NEVER
  }
})
const Text = (max: number) => z.string().trim().max(max)
const Id = (max: number) => z.union([z.string(), z.number()]).transform(String).pipe(Text(max).min(1))

const JsonCustomer = z.object({
  type: z.literal('customer'),
  id: Id(64).optional(),
  email: Email,
  name: Text(200).optional(),
  created_at: Time.optional()
})

const JsonProduct = z.object({
  type: z.literal('product'),
  id: Id(200),
  name: Text(300).min(1),
  description: Text(5000).default(''),
  category: Text(200).default(''),
  price: Amount,
  currency: Currency.optional(),
  stock: z.number().int().nonnegative().optional()
})

const JsonOrder = z.object({
  type: z.literal('order'),
  id: Id(64),
  customer_id: Id(64).optional(),
  customer_email: Email,
  customer_name: Text(200).default(''),
  status: OrderStatus,
  placed_at: Time,
  shipped_at: Time.nullable().default(null),
  delivered_at: Time.nullable().default(null),
  carrier: Text(100).nullable().default(null),
  tracking_number: Text(100).nullable().default(null),
  estimated_delivery: Text(40).nullable().default(null),
  subtotal: Amount.optional(),
  shipping: Amount.default(0),
  total: Amount.optional(),
  currency: Currency.optional(),
  shipping_address: Text(1000).default(''),
  items: z
    .array(
      z.object({
        sku: Id(200).optional(),
        name: Text(300).min(1),
        quantity: z.number().int().positive().max(1_000_000),
        unit_price: Amount
      })
    )
    .min(1, 'an order needs at least one item')
    .max(10_000)
})

const JsonRecord = z.discriminatedUnion('type', [JsonCustomer, JsonProduct, JsonOrder])
type JsonRecord = z.output<typeof JsonRecord>

const toRecord: {
  [K in JsonRecord['type']]: (value: Extract<JsonRecord, { type: K }>, currency: string) => ShopRecord
} = {
  customer: (c) => ({
    kind: 'customer',
    value: {
      ...(c.id ? { id: c.id } : {}),
      email: c.email,
      name: c.name || c.email,
      ...(c.created_at ? { createdAt: c.created_at } : {})
    }
  }),
  product: (p, currency) => ({
    kind: 'product',
    value: {
      id: p.id,
      name: p.name,
      description: p.description,
      category: p.category,
      priceCents: p.price,
      currency: p.currency ?? currency,
      ...(p.stock === undefined ? {} : { stock: p.stock })
    }
  }),
  order: (o, currency) => {
    const items = o.items.map((item) => ({
      productId: item.sku ?? item.name.slice(0, 200),
      name: item.name,
      quantity: item.quantity,
      unitPriceCents: item.unit_price
    }))
    const subtotal = o.subtotal ?? items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0)
    return {
      kind: 'order',
      value: {
        id: o.id,
        customer: {
          ...(o.customer_id ? { id: o.customer_id } : {}),
          email: o.customer_email,
          name: o.customer_name
        },
        status: o.status,
        placedAt: o.placed_at,
        shippedAt: o.shipped_at,
        deliveredAt: o.delivered_at,
        carrier: o.carrier,
        trackingNumber: o.tracking_number,
        estimatedDelivery: o.estimated_delivery,
        subtotalCents: subtotal,
        shippingCents: o.shipping,
        totalCents: o.total ?? subtotal + o.shipping,
        currency: o.currency ?? currency,
        shippingAddress: o.shipping_address,
        items
      }
    }
  }
}

const fieldOfRecord: Readonly<Record<string, string>> = {
  'customer.email': 'customer_email',
  'customer.id': 'customer_id'
}
/** The JSON field a writer's refusal of a record field points at. */
export const jsonColumnOf = (field: string): string => fieldOfRecord[field] ?? field

/** One line of JSON: a record, or why not (the column is the JSON field at fault). */
export function readJsonLine(text: string, line: number, context: ReadContext): ReadItem | null {
  if (text.trim() === '') return null
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { kind: 'refused', line, column: '', message: `not JSON: ${(error as Error).message}` }
  }
  const parsed = JsonRecord.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return {
      kind: 'refused',
      line,
      column: issue?.path.join('.') || 'type',
      message: issue?.path.length
        ? (issue.message ?? 'invalid')
        : 'expected "type": "customer", "product" or "order"'
    }
  }
  const record = parsed.data
  const needsCurrency = record.type !== 'customer' && record.currency === undefined
  if (needsCurrency && context.currency === null) {
    return {
      kind: 'refused',
      line,
      column: 'currency',
      message: 'required (or name the shop’s currency with --currency)'
    }
  }
  const make = toRecord[record.type] as (value: JsonRecord, currency: string) => ShopRecord
  return { kind: 'record', record: make(record, context.currency ?? ''), line }
}

export interface JsonLinesSource {
  chunks(): AsyncGenerator<{ items: ReadItem[]; lines: number }>
  bytesRead(): number
  close(): void
}

const LINES_PER_CHUNK = 2000

export function openJsonLinesSource(path: string, context: ReadContext): JsonLinesSource {
  const file = createReadStream(path, { highWaterMark: 1 << 20 })
  let bytes = 0
  file.on('data', (chunk) => {
    bytes += chunk.length
  })
  const lines = createInterface({ input: file, crlfDelay: Infinity })
  return {
    async *chunks() {
      let items: ReadItem[] = []
      let line = 0
      let counted = 0
      for await (const raw of lines) {
        line += 1
        const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw
        const item = readJsonLine(text, line, context)
        if (item) items.push(item)
        if (line - counted >= LINES_PER_CHUNK) {
          yield { items, lines: line - counted }
          items = []
          counted = line
        }
      }
      if (line > counted) yield { items, lines: line - counted }
    },
    bytesRead: () => bytes,
    close: () => {
      lines.close()
      file.destroy()
    }
  }
}
