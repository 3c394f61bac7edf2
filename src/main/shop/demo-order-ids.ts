import { listOrderIdsOnDate } from '../db/repositories/orders'
import type { NormalizedOrderId, OrderIdRules } from './order-id-rules'
import { compactId } from './order-id-text'

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

export type ParsedDemoOrderId =
  { ok: true; id: string; date: string; suffix: string } | { ok: false; reason: 'format' | 'date' }

function isRealDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4))
  const month = Number(yyyymmdd.slice(4, 6))
  const dayOfMonth = Number(yyyymmdd.slice(6, 8))
  const date = new Date(Date.UTC(year, month - 1, dayOfMonth))
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === dayOfMonth
  )
}

/**
 * The canonical `ORD-YYYYMMDD-XXXX` form of what a person or a model typed: any case, spaces, dashes,
 * dots or a leading `#` / "order" are tolerated ("ord 20261103 ab12", "ORD20261103AB12", "#ord-20261103-ab12").
 * Pure: whether the order exists is the resolver's question.
 */
export function parseDemoOrderId(raw: string): ParsedDemoOrderId {
  const match = /^(?:ORDER|ORD)?(\d{8})([A-Z0-9]{4})$/.exec(compactId(raw))
  if (!match) return { ok: false, reason: 'format' }
  const [, date = '', suffix = ''] = match
  if (!isRealDate(date)) return { ok: false, reason: 'date' }
  return { ok: true, id: `ORD-${date}-${suffix}`, date, suffix }
}

/** Ids one typo away: one character replaced (date digits keep to real dates) or two neighbours swapped. */
export function demoIdsOneTypoAway(id: string): string[] {
  const parsed = parseDemoOrderId(id)
  if (!parsed.ok) return []
  const key = parsed.date + parsed.suffix
  const variants = new Set<string>()
  const add = (candidate: string) => {
    const date = candidate.slice(0, 8)
    if (candidate !== key && /^\d{8}$/.test(date) && isRealDate(date)) {
      variants.add(`ORD-${date}-${candidate.slice(8)}`)
    }
  }
  for (let i = 0; i < key.length; i++) {
    for (const ch of i < 8 ? '0123456789' : SUFFIX_ALPHABET) add(key.slice(0, i) + ch + key.slice(i + 1))
    if (i + 1 < key.length) add(key.slice(0, i) + key.charAt(i + 1) + key.charAt(i) + key.slice(i + 2))
  }
  return [...variants]
}

const dateOf = (id: string): string => id.slice(4, 12)

/** The demo shop's ids carry their date, so a mistyped id's day is a good place to look. */
export const demoOrderIds: OrderIdRules = {
  normalize(raw): NormalizedOrderId {
    const parsed = parseDemoOrderId(raw)
    if (parsed.ok) return { ok: true, id: parsed.id }
    return {
      ok: false,
      why: parsed.reason === 'date' ? 'does not contain a real date after ORD-' : 'is not an order id'
    }
  },
  oneTypoAway: demoIdsOneTypoAway,
  related: {
    describe: (id) => {
      const date = dateOf(id)
      return `placed on ${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}`
    },
    find: (db, id, customerIdFirst, limit) => listOrderIdsOnDate(db, dateOf(id), customerIdFirst, limit),
    isRelated: (id, candidate) => candidate.startsWith(`ORD-${dateOf(id)}-`)
  },
  pattern: 'ORD-YYYYMMDD-XXXX',
  examples: ['ORD-20261103-AB12']
}
