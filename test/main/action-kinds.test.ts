import { afterEach, describe, expect, it, vi } from 'vitest'
import { actionKindOf } from '../../src/main/actions/action-kinds'
import { getAction, insertProposedAction, listActions } from '../../src/main/db/repositories/actions'
import { Action, ActionKind, actionSchemaByKind } from '../../src/shared/domain/action'
import { AppFailure } from '../../src/shared/result'
import {
  aRefundAction,
  aReturnAction,
  anExternalToolAction,
  proposedReturn,
  returnPayload
} from '../support/actions'
import { ShopBuilder } from '../support/shop-builder'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('actions typed by kind', () => {
  it('every kind of the contract has its schemas and a definition with an applier', () => {
    expect(ActionKind.options).toEqual(['return', 'refund', 'goodwill_credit', 'external_tool'])
    for (const kind of ActionKind.options) {
      expect(actionSchemaByKind[kind].shape.kind.value).toBe(kind)
      const definition = actionKindOf({ kind } as Action)
      expect(definition.kind).toBe(kind)
      expect(definition.appliedBy === 'transaction' ? definition.apply : definition.call).toBeTypeOf(
        'function'
      )
    }
  })

  it('refuses to write an action whose payload does not match its kind', () => {
    const shop = new ShopBuilder()
    const broken = proposedReturn({ payload: { ...returnPayload(), items: 'all' as never } })
    expect(() => insertProposedAction(shop.db, broken)).toThrow(/items/)
    expect(listActions(shop.db, {})).toEqual([])
  })

  it('reports a stored row that does not match its kind, naming the field, instead of passing it on', () => {
    const shop = new ShopBuilder()
    insertProposedAction(shop.db, proposedReturn({ id: 'ACT-good' }))
    insertProposedAction(shop.db, proposedReturn({ id: 'ACT-bad', createdAt: '2026-11-05T11:00:00.000Z' }))
    shop.db
      .prepare(
        `UPDATE actions SET payload = json_set(payload, '$.items[0].quantity', 'two') WHERE id = 'ACT-bad'`
      )
      .run()
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})

    let thrown: unknown
    try {
      getAction(shop.db, 'ACT-bad')
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(AppFailure)
    expect((thrown as AppFailure).code).toBe('internal')
    expect((thrown as AppFailure).message).toMatch(/ACT-bad \(kind "return"\)/)
    expect((thrown as AppFailure).issues?.map((i) => i.field)).toEqual(['payload.items.0.quantity'])

    expect(listActions(shop.db, {}).map((a) => a.id)).toEqual(['ACT-good'])
    expect(listActions(shop.db, {}).map((a) => a.id)).toEqual(['ACT-good'])
    // Said once, not on every read of the list.
    expect(errors).toHaveBeenCalledTimes(1)
    expect(String(errors.mock.calls[0]?.[0])).toMatch(
      /ACT-bad .*payload\.items\.0\.quantity.*left out of lists/
    )
  })
})

describe('what the customer is told in the unsent reply, by kind', () => {
  it('a return: approved with the return id and the refund; rejected without any reason', () => {
    const action = aReturnAction({ orderId: 'ORD-20261110-CD34' })
    const note = actionKindOf(action).decisionNote(action, {
      status: 'applied',
      result: {
        returnId: 'RET-000007',
        refundId: 'REF-1',
        refundCents: 5_900,
        currency: 'USD',
        orderStatus: 'delivered'
      }
    })
    expect(note).toBe(
      'Your return RET-000007 for order ORD-20261110-CD34 has been approved, and a refund of $59.00 is on its way to your original payment method.'
    )
    const orderless = aReturnAction({ orderId: null })
    expect(actionKindOf(orderless).decisionNote(orderless, { status: 'rejected' })).toBe(
      'We have reviewed your return request and are not able to accept it as it stands. Reply to this message if you would like us to take another look.'
    )
  })

  it('a refund and a goodwill credit say what was given; a call to another system only a rejection', () => {
    const refund = aRefundAction()
    expect(
      actionKindOf(refund).decisionNote(refund, {
        status: 'applied',
        result: { refundId: 'REF-1', refundCents: 1250, currency: 'USD' }
      })
    ).toBe(
      'A refund of $12.50 for order ORD-20261103-AB12 has been approved and is on its way to your original payment method.'
    )
    const external = anExternalToolAction()
    const definition = actionKindOf(external)
    expect(
      definition.decisionNote(external, { status: 'applied', result: { isError: false, text: 'ok' } })
    ).toBeNull()
    const rejected = definition.decisionNote(external, { status: 'rejected' })
    expect(rejected).toMatch(/not able to take it/)
    expect(rejected).not.toMatch(/return|refund|create_label|tiny/i)
  })
})
