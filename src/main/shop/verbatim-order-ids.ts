import type { OrderIdFormat } from './order-id-format'
import type { OrderIdRules } from './order-id-rules'

type VerbatimFormat = Extract<OrderIdFormat, { kind: 'verbatim' }>

const LEADING_ORDER_WORD = /^order\s*(?:number|no\.?|nr\.?)?\s*(?=\S)/i
const MAX_ID_LENGTH = 64

/**
 * Ids that share no prefix-and-number shape: they are matched as the shop wrote them, with the
 * obvious slips (case, a leading "order", a `#` added or left out) tried as near misses.
 */
export function verbatimOrderIds(format: VerbatimFormat): OrderIdRules {
  return {
    normalize(raw) {
      const id = raw.normalize('NFKC').trim().replace(LEADING_ORDER_WORD, '')
      return id.length > 0 && id.length <= MAX_ID_LENGTH
        ? { ok: true, id }
        : { ok: false, why: 'is not an order id' }
    },
    oneTypoAway(id) {
      const bare = id.replace(/^#/, '')
      const forms = [
        id.toUpperCase(),
        id.toLowerCase(),
        bare,
        `#${bare}`,
        bare.toUpperCase(),
        `#${bare.toUpperCase()}`
      ]
      return [...new Set(forms)].filter((form) => form !== id)
    },
    pattern: format.examples[0] ?? 'the order number in the confirmation email',
    examples: format.examples
  }
}
