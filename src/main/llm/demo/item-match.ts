import type { OrderFacts } from './tool-facts'

/**
 * Which of a customer's items their words name: "the power bank doesn't fit" names the Voltra Tempo
 * 10,000 mAh Power Bank, "the camping hammock" the camping one of two hammocks. Shared by the demo
 * model and the fallback drafter, which must propose only what the customer asked about.
 */

type Item = OrderFacts['items'][number]

/** Words that end a product's name without saying what it is ("Resistance Band Set"). */
const GENERIC = new Set([
  'set',
  'kit',
  'pack',
  'pair',
  'bundle',
  'edition',
  'pro',
  'max',
  'plus',
  'mini',
  'spf'
])
const STOPWORDS = new Set(['and', 'the', 'for', 'with', 'from', 'new', 'one', 'two'])

/** A word as it is compared: lower case and singular ("hammocks" → "hammock", "boxes" → "box"). */
function stem(word: string): string {
  const w = word.toLowerCase()
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`
  if (w.length > 4 && /(?:ches|shes|xes|sses)$/.test(w)) return w.slice(0, -2)
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1)
  return w
}

const wordsOf = (text: string): string[] =>
  text
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 2 && /\p{L}/u.test(w) && !STOPWORDS.has(w.toLowerCase()))
    .map(stem)

/** The word that says what a product is: its last word, unless that word only says how many. */
function headOf(words: readonly string[]): string | undefined {
  for (let i = words.length - 1; i >= 0; i--) {
    const word = words[i]
    if (word !== undefined && !GENERIC.has(word)) return word
  }
  return undefined
}

interface Scored {
  item: Item
  head: string
  score: number
}

/** How well the words name an item: its head noun, and each other word of its name they say. */
function scoreItem(item: Item, said: ReadonlySet<string>): Scored | undefined {
  const words = wordsOf(item.name)
  const head = headOf(words)
  if (head === undefined) return undefined
  const matched = new Set(words.filter((w) => said.has(w)))
  const named = matched.has(head) || matched.size >= 2
  if (!named) return undefined
  return { item, head, score: matched.size + (matched.has(head) ? 1 : 0) }
}

/**
 * The lines of an order the words name: for each kind of thing named (its head noun), the lines
 * that match best. "The camping hammock" keeps the camping hammock and not the travel one; "the
 * mug and the towel" keeps both.
 */
export function itemsNamedIn(order: OrderFacts, text: string): Item[] {
  const said = new Set(wordsOf(text))
  const scored = order.items.map((item) => scoreItem(item, said)).filter((s): s is Scored => s !== undefined)
  const best = new Map<string, number>()
  for (const s of scored) best.set(s.head, Math.max(best.get(s.head) ?? 0, s.score))
  return scored.filter((s) => s.score === best.get(s.head)).map((s) => s.item)
}

/** How well an order's items are named, for picking among the customer's orders. */
const namingScore = (order: OrderFacts, text: string): number => {
  const said = new Set(wordsOf(text))
  return order.items.reduce((sum, item) => sum + (scoreItem(item, said)?.score ?? 0), 0)
}

/** Among the customer's orders, the one holding what their words name best; undefined when none does. */
export function orderNamedIn<O extends OrderFacts>(orders: readonly O[], text: string): O | undefined {
  let best: O | undefined
  let bestScore = 0
  for (const order of orders) {
    const score = namingScore(order, text)
    if (score > bestScore) {
      best = order
      bestScore = score
    }
  }
  return best
}

/** What of a line can still be returned: ordered, less returned, less awaiting approval. */
export const returnableQuantity = (item: Item): number =>
  Math.max(0, (item.quantity ?? 1) - (item.returnedQuantity ?? 0) - (item.pendingQuantity ?? 0))

const NUMBERS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, a: 1, an: 1 }

/** "one of the two mugs", "2 of the candles", "one mug": how many of the item the customer means. */
export function quantityNamed(item: Item, text: string): number | undefined {
  const head = headOf(wordsOf(item.name))
  if (!head) return undefined
  const pattern = new RegExp(
    `\\b(\\d+|one|two|three|four|five|six)\\s+(?:of\\s+(?:the|my|these|those)\\s+)?(?:[\\p{L}\\p{N}'-]+\\s+){0,3}?${head}(?:e?s)?\\b`,
    'iu'
  )
  const match = pattern.exec(text)?.[1]?.toLowerCase()
  if (!match) return undefined
  const n = NUMBERS[match] ?? Number(match)
  return Number.isInteger(n) && n > 0 ? n : undefined
}

export type ReturnLines =
  /** The lines to propose, each with its quantity; empty: the whole order. */
  | { kind: 'lines'; items: { item_id: number; quantity: number }[] }
  /** What was named is already returned or awaiting approval: nothing to propose again. */
  | { kind: 'nothing_left'; named: Item[] }
  /** Nothing named, and part of the order is already returned or awaiting approval: ask which. */
  | { kind: 'ask_which'; left: Item[] }

/** Part of the line was returned or awaits approval already. */
const touched = (item: Item): boolean => (item.returnedQuantity ?? 0) + (item.pendingQuantity ?? 0) > 0

/**
 * The lines a return proposes for the customer's words: only the items they named (the only one
 * of a one-line order), with the quantity they said or all of the line; never a line already
 * returned or awaiting approval, which a second draft of the same request would otherwise ask for
 * again.
 */
export function returnLinesFor(order: OrderFacts, text: string): ReturnLines {
  const named = order.items.length === 1 ? order.items : itemsNamedIn(order, text)
  if (named.length === 0) {
    if (!order.items.some(touched)) return { kind: 'lines', items: [] }
    const left = order.items.filter((i) => !touched(i) && returnableQuantity(i) > 0)
    return left.length === 0 ? { kind: 'nothing_left', named: order.items } : { kind: 'ask_which', left }
  }
  const items = named.flatMap((item) => {
    const left = returnableQuantity(item)
    if (item.itemId === undefined || touched(item) || left === 0) return []
    return [{ item_id: item.itemId, quantity: Math.min(left, quantityNamed(item, text) ?? left) }]
  })
  if (items.length === 0) return { kind: 'nothing_left', named }
  const whole =
    items.length === order.items.length &&
    order.items.every((item) => items.some((i) => i.item_id === item.itemId && i.quantity === item.quantity))
  return { kind: 'lines', items: whole ? [] : items }
}
