import { describe, expect, it } from 'vitest'
import { customerConfirmed } from '../../src/main/eval/tau2/approver'
import { actionReasons, averagePassHatK, choose, missingInfo, passHatK } from '../../src/main/eval/tau2/score'

describe('τ²-bench scoring', () => {
  it('pass^k is C(successes, k) / C(trials, k) per task, averaged over tasks', () => {
    expect(choose(4, 2)).toBe(6)
    expect(passHatK(3, 4, 1)).toBe(0.75)
    expect(passHatK(3, 4, 2)).toBe(0.5)
    expect(passHatK(3, 4, 4)).toBe(0)
    expect(passHatK(4, 4, 4)).toBe(1)
    expect(passHatK(1, 1, 2)).toBeNaN()
    expect(
      averagePassHatK(
        [
          { successes: 4, trials: 4 },
          { successes: 2, trials: 4 }
        ],
        2
      )
    ).toBeCloseTo((1 + 1 / 6) / 2)
  })

  it('names the missing and extra actions, counting repeats', () => {
    expect(actionReasons(['cancel_order #W1'], ['cancel_order #W1', 'cancel_order #W2'])).toEqual([
      { kind: 'missing_action', action: 'cancel_order #W2' }
    ])
    expect(actionReasons(['return #W1', 'return #W1'], ['return #W1'])).toEqual([
      { kind: 'extra_action', action: 'return #W1' }
    ])
  })

  it('finds required information in what the agent said, ignoring case and thousands commas', () => {
    expect(missingInfo(['8276.23', 'Polyester'], ['Your total is $8,276.23 for the polyester one.'])).toEqual(
      []
    )
    expect(missingInfo(['54.04'], ['It costs $54.40.'])).toEqual([{ kind: 'info_not_given', info: '54.04' }])
  })

  it('the approver approves an explicit confirmation only', () => {
    expect(customerConfirmed('Yes, please go ahead.')).toBe(true)
    expect(customerConfirmed('confirm')).toBe(true)
    expect(customerConfirmed('No, wait, I meant the other one')).toBe(false)
    expect(customerConfirmed('I want to cancel order #W123 because I no longer need it')).toBe(false)
  })
})
