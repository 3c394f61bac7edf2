import { CellProblem } from './columns'

/**
 * Cell readers shared by the CSV formats. Each returns the value or throws a CellProblem naming the
 * field, which the reader turns into a refused row with its line and column.
 */

const PLAIN_AMOUNT = /^-?\d+(?:\.(\d+))?$/
const THOUSANDS_AMOUNT = /^-?\d{1,3}(?:,\d{3})+(?:\.(\d+))?$/

/**
 * "12.50", "1234", "1,234.50" → cents, exactly (no float arithmetic). Money is kept in hundredths
 * of the currency's unit; an amount with a third decimal that is not 0 is refused, never rounded.
 */
export function parseCents(field: string, text: string): number {
  const trimmed = text.replace(/^[$€£¥]\s*/, '')
  const match = PLAIN_AMOUNT.exec(trimmed) ?? THOUSANDS_AMOUNT.exec(trimmed)
  if (!match) throw new CellProblem(field, `"${text}" is not an amount (expected e.g. 12.50)`)
  const plain = trimmed.replaceAll(',', '')
  if (plain.startsWith('-') && /[1-9]/.test(plain)) throw new CellProblem(field, `"${text}" is negative`)
  const [whole = '0', fraction = ''] = plain.replace('-', '').split('.')
  if (/[1-9]/.test(fraction.slice(2)))
    throw new CellProblem(field, `"${text}" has more than two decimals; amounts are kept in hundredths`)
  const cents = Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'))
  if (!Number.isSafeInteger(cents)) throw new CellProblem(field, `"${text}" is too large`)
  return cents
}

export function parseOptionalCents(field: string, text: string): number | null {
  return text === '' ? null : parseCents(field, text)
}

export function parseQuantity(field: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 1_000_000)
    throw new CellProblem(field, `"${text}" is not a quantity (a whole number from 1)`)
  return Number(text)
}

/** Stock as a shop counts it: empty is unknown; an oversold (negative) count is none in stock. */
export function parseStock(field: string, text: string): number | undefined {
  if (text === '') return undefined
  if (!/^-?\d+$/.test(text)) throw new CellProblem(field, `"${text}" is not a stock count (a whole number)`)
  return Math.max(0, Number(text))
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC)?$/i

/**
 * "2024-03-01 09:30:00 +0100" (Shopify), "2024-03-01 09:30:00" and "2024-03-01T09:30:00Z"
 * (WooCommerce, JSON) → a UTC ISO string. A time without a zone is taken as UTC.
 */
export function parseTimestamp(field: string, text: string): string {
  const match = TIMESTAMP.exec(text)
  if (!match)
    throw new CellProblem(field, `"${text}" is not a date (expected e.g. 2024-03-01 09:30:00 +0100)`)
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone = 'Z'] = match
  const offset = /^(Z|UTC)$/i.test(zone)
    ? 'Z'
    : zone.includes(':')
      ? zone
      : `${zone.slice(0, 3)}:${zone.slice(3)}`
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`)
  const date = new Date(`${y}-${mo}-${d}T00:00:00Z`)
  if (Number.isNaN(ms) || date.getUTCDate() !== Number(d))
    throw new CellProblem(field, `"${text}" is not a real date`)
  return new Date(ms).toISOString()
}

export function parseOptionalTimestamp(field: string, text: string): string | null {
  return text === '' ? null : parseTimestamp(field, text)
}

export function parseCurrency(field: string, text: string): string {
  if (!/^[A-Za-z]{3}$/.test(text))
    throw new CellProblem(field, `"${text}" is not a currency code (e.g. USD, EUR)`)
  return text.toUpperCase()
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function parseEmail(field: string, text: string): string {
  if (text === '')
    throw new CellProblem(field, 'required: Frontline finds a customer, and their tickets, by email')
  if (!EMAIL.test(text) || text.length > 254)
    throw new CellProblem(field, `"${text}" is not an email address`)
  return text.toLowerCase()
}

export function requireText(field: string, text: string, max = 300): string {
  if (text === '') throw new CellProblem(field, 'required')
  if (text.length > max) throw new CellProblem(field, `longer than ${max} characters`)
  return text
}

const TAG = /<[^>]*>/g
const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  nbsp: ' '
}

/** A product description from HTML: the text a person reads, bounded. */
export function plainText(html: string, max = 5000): string {
  return html
    .replace(/<(?:br|\/p|\/li|\/h\d)\s*\/?>/gi, '\n')
    .replace(TAG, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name] ?? '')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim()
    .slice(0, max)
}

/** "1 Main St, Apt 2, Paris, 75001, FR" from its parts, the empty ones left out. */
export const joinAddress = (parts: readonly string[]): string =>
  parts
    .filter((part) => part !== '')
    .join(', ')
    .slice(0, 1000)

/** The order's currency: its own cell, else the import's (--currency, or the shop's). */
export function orderCurrency(field: string, text: string, fallback: string | null): string {
  if (text !== '') return parseCurrency(field, text)
  if (fallback === null)
    throw new CellProblem(field, 'required (or name the shop’s currency with --currency)')
  return fallback
}

/** An order's amounts from its cells: the subtotal defaults to its lines' sum, shipping to 0, the total to both. */
export function orderAmounts(
  items: readonly { quantity: number; unitPriceCents: number }[],
  cells: {
    subtotal: [field: string, text: string]
    shipping: [field: string, text: string]
    total: [field: string, text: string]
  }
): { subtotalCents: number; shippingCents: number; totalCents: number } {
  const itemsCents = items.reduce((sum, item) => sum + item.unitPriceCents * item.quantity, 0)
  const subtotalCents = parseOptionalCents(...cells.subtotal) ?? itemsCents
  const shippingCents = parseOptionalCents(...cells.shipping) ?? 0
  const totalCents = parseOptionalCents(...cells.total) ?? subtotalCents + shippingCents
  return { subtotalCents, shippingCents, totalCents }
}

/** Orders that have left the warehouse carry their shipping date; the others none. */
export const hasShipped = (status: string): boolean => status === 'shipped' || status === 'returned'
