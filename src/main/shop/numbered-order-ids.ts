import type { OrderIdFormat } from './order-id-format'
import type { OrderIdRules } from './order-id-rules'
import { compactId, escapeRegExp, ORDER_WORDS_SOURCE } from './order-id-text'

type NumberedFormat = Extract<OrderIdFormat, { kind: 'numbered' }>

/** A digit or two more or fewer than any real id still reads as an id: its near misses are suggested. */
const LENGTH_SLACK = 2

/**
 * A fixed prefix and a number: Shopify's `#1001`, WooCommerce's `1001`, τ²-bench's `#W2378156`.
 * "#1001", "1001", "order 1001", "Order no. 1001" and "#w2378156" all name the same order.
 */
export function numberedOrderIds(format: NumberedFormat): OrderIdRules {
  const prefixLetters = compactId(format.prefix)
  const shape = new RegExp(
    `^${ORDER_WORDS_SOURCE}?(?:${escapeRegExp(prefixLetters)})?(\\d{1,${format.maxDigits + LENGTH_SLACK}})$`
  )
  const digitsOf = (id: string): string => id.slice(format.prefix.length)
  const fits = (digits: string): boolean =>
    digits.length >= format.minDigits && digits.length <= format.maxDigits
  const shapeText = (n: number): string => `${format.prefix}${'N'.repeat(n)}`

  return {
    normalize(raw) {
      const match = shape.exec(compactId(raw))
      return match?.[1]
        ? { ok: true, id: format.prefix + match[1] }
        : { ok: false, why: 'is not an order id' }
    },
    oneTypoAway(id) {
      const digits = digitsOf(id)
      const variants = new Set<string>()
      const add = (candidate: string) => {
        if (candidate !== digits && fits(candidate)) variants.add(format.prefix + candidate)
      }
      for (let i = 0; i <= digits.length; i++) {
        for (const d of '0123456789') {
          add(digits.slice(0, i) + d + digits.slice(i))
          if (i < digits.length) add(digits.slice(0, i) + d + digits.slice(i + 1))
        }
        if (i < digits.length) add(digits.slice(0, i) + digits.slice(i + 1))
        if (i + 1 < digits.length)
          add(digits.slice(0, i) + digits.charAt(i + 1) + digits.charAt(i) + digits.slice(i + 2))
      }
      return [...variants]
    },
    pattern:
      format.minDigits === format.maxDigits
        ? shapeText(format.minDigits)
        : `${shapeText(format.minDigits)} to ${shapeText(format.maxDigits)}`,
    examples:
      format.examples.length > 0 ? format.examples : [`${format.prefix}${'1'.padEnd(format.minDigits, '0')}`]
  }
}
