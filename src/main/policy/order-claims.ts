/**
 * What actions already hold on an order, for the rules that decide what is left to return or
 * refund. Each kind of action says what it holds (src/main/actions, `holds`); this sums it up.
 */

/**
 * A change that excludes others on the same order while it waits for a person: a cancellation, a
 * change of items, an exchange (each happens once per order).
 */
export type OrderLock = 'cancellation' | 'item_change' | 'exchange'

/** What one action holds on its order. */
export interface OrderHold {
  /** Order lines it takes back (a return). */
  items?: readonly { itemId: number; quantity: number }[]
  /** Money it sends back to the order's payment method (a return's refund, a refund). */
  refundCents?: number
  /** The order's shipping, when it refunds it. */
  shippingCents?: number
  /** Changes it excludes while it waits. */
  locks?: readonly OrderLock[]
}

export interface HeldBy {
  actionId: string
  status: 'pending_approval' | 'applied'
  hold: OrderHold
}

export interface OrderClaims {
  /** Quantities in actions still awaiting a person, by order item. */
  pendingByItem: Map<number, { quantity: number; actionIds: string[] }>
  /** The action (pending or applied) that already refunds the shipping, if any. */
  shippingClaimedBy: string | null
  /** Money in actions awaiting a person; applied money is in the refunds table. */
  pendingAmountCents: number
  /** The actions awaiting a person that lock the order against another change of the kind. */
  pendingLocks: Map<OrderLock, string[]>
}

export const noClaims = (): OrderClaims => ({
  pendingByItem: new Map(),
  shippingClaimedBy: null,
  pendingAmountCents: 0,
  pendingLocks: new Map()
})

/** `excludeActionId` lets the approval step re-check an action without counting it against itself. */
export function summarizeClaims(holds: readonly HeldBy[], excludeActionId?: string): OrderClaims {
  const summary = noClaims()
  for (const { actionId, status, hold } of holds) {
    if (actionId === excludeActionId) continue
    if ((hold.shippingCents ?? 0) > 0) summary.shippingClaimedBy ??= actionId
    if (status !== 'pending_approval') continue
    summary.pendingAmountCents += hold.refundCents ?? 0
    for (const lock of hold.locks ?? []) {
      summary.pendingLocks.set(lock, [...(summary.pendingLocks.get(lock) ?? []), actionId])
    }
    for (const item of hold.items ?? []) {
      const entry = summary.pendingByItem.get(item.itemId) ?? { quantity: 0, actionIds: [] }
      entry.quantity += item.quantity
      entry.actionIds.push(actionId)
      summary.pendingByItem.set(item.itemId, entry)
    }
  }
  return summary
}
