import type { OrderIdFormat } from './order-id-format'
import { parseDemoOrderId } from './demo-order-ids'

const MAX_EXAMPLES = 3
const NUMBERED = /^(.*?)(\d+)$/

/**
 * Learns the shape of a shop's order ids from the ids an import writes, one at a time and in
 * constant memory: whether they all share one prefix followed by a number (and how many digits),
 * are all the demo shop's, or share nothing (then they are kept verbatim).
 */
export class OrderIdShapeObserver {
  private count = 0
  private allDemo = true
  private prefix: string | null = null
  private numbered = true
  private minDigits = Infinity
  private maxDigits = 0
  private readonly examples: string[] = []

  observe(id: string): void {
    this.count += 1
    if (this.examples.length < MAX_EXAMPLES && !this.examples.includes(id)) this.examples.push(id)
    if (this.allDemo && !parseDemoOrderId(id).ok) this.allDemo = false
    if (!this.numbered) return
    const match = NUMBERED.exec(id)
    if (!match) {
      this.numbered = false
      return
    }
    const [, prefix = '', digits = ''] = match
    if (this.prefix === null) this.prefix = prefix
    else if (this.prefix !== prefix) this.numbered = false
    this.minDigits = Math.min(this.minDigits, digits.length)
    this.maxDigits = Math.max(this.maxDigits, digits.length)
  }

  /** The shape of everything observed; null when no id was. */
  format(): OrderIdFormat | null {
    if (this.count === 0) return null
    if (this.allDemo) return { kind: 'demo' }
    if (this.numbered && this.prefix !== null && this.maxDigits <= 20) {
      return {
        kind: 'numbered',
        prefix: this.prefix,
        minDigits: this.minDigits,
        maxDigits: this.maxDigits,
        examples: [...this.examples]
      }
    }
    return { kind: 'verbatim', examples: [...this.examples] }
  }
}

/**
 * The shop's format after an import: the observed one when the shop held no orders before, the
 * two widened into one when they agree (same prefix), otherwise ids are taken verbatim.
 */
export function mergeOrderIdFormats(
  previous: OrderIdFormat,
  observed: OrderIdFormat,
  shopHadOrders: boolean
): OrderIdFormat {
  if (!shopHadOrders || (previous.kind === 'demo' && observed.kind === 'demo')) return observed
  if (previous.kind === 'numbered' && observed.kind === 'numbered' && previous.prefix === observed.prefix) {
    return {
      ...previous,
      minDigits: Math.min(previous.minDigits, observed.minDigits),
      maxDigits: Math.max(previous.maxDigits, observed.maxDigits)
    }
  }
  const examplesOf = (format: OrderIdFormat): string[] => (format.kind === 'demo' ? [] : format.examples)
  const examples = previous.kind === 'demo' ? examplesOf(observed) : examplesOf(previous)
  return { kind: 'verbatim', examples: examples.slice(0, MAX_EXAMPLES) }
}
