import type { Db } from '../db/connection'

/** An id as typed, made canonical; or why it cannot be one, in words that follow `"<typed>"`. */
export type NormalizedOrderId = { ok: true; id: string } | { ok: false; why: string }

/** Orders worth suggesting beside the near misses, when the format gives ids a neighbourhood. */
export interface RelatedOrderIds {
  /** "placed on 2026-11-03": what the related ids share with the typed one. */
  describe(id: string): string
  /** Up to `limit` ids related to `id`, the given customer's first. */
  find(db: Db, id: string, customerIdFirst: string | undefined, limit: number): string[]
  /** Whether `candidate` is related to `id` (to filter a customer's own orders). */
  isRelated(id: string, candidate: string): boolean
}

/** What the order-id resolver needs of a format; one set of rules per kind. */
export interface OrderIdRules {
  normalize(raw: string): NormalizedOrderId
  /** Ids one typo away from a canonical id: the real orders among them are the "did you mean". */
  oneTypoAway(id: string): string[]
  related?: RelatedOrderIds
  /** The shape in a word, for people and models: `ORD-YYYYMMDD-XXXX`, `#NNNN`. */
  pattern: string
  /** Real ids of this shop, or a made-up one of the right shape. */
  examples: readonly string[]
}
