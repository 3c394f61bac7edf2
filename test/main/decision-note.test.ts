import { describe, expect, it } from 'vitest'
import { decisionNote, withDecisionNote } from '../../src/main/agent/decision-note'

const NOTE = 'Update: approved.'

describe('the decision note on an unsent reply', () => {
  it('goes before the closing line the reply ends with, whichever the model wrote', () => {
    for (const closing of ['Best regards,', 'Kind regards,', 'Thanks,', 'Sincerely,', 'Cheers,']) {
      const body = `Hi Ada,\n\nI have prepared your return.\n\n${closing}\nThe Frontline support team\n`
      expect(withDecisionNote(body, NOTE)).toBe(
        `Hi Ada,\n\nI have prepared your return.\n\n${NOTE}\n\n${closing}\nThe Frontline support team`
      )
    }
  })

  it('goes at the end of a reply without one, and ignores a "thanks" early in the text', () => {
    const body =
      'Hi Ada,\n\nThanks,\nfor your patience: your return is prepared and a teammate will confirm it.'
    expect(withDecisionNote(`${body}${' More words.'.repeat(20)}`, NOTE)).toMatch(
      / More words\.\n\nUpdate: approved\.$/
    )
    expect(withDecisionNote('Your return is prepared.', NOTE)).toBe(`Your return is prepared.\n\n${NOTE}`)
  })

  it('states an approval with the return id and the refund, a rejection without any reason', () => {
    expect(
      decisionNote(
        { orderId: 'ORD-20261110-CD34' },
        { kind: 'approved', returnId: 'RET-000007', refundCents: 5_900, currency: 'USD' }
      )
    ).toBe(
      'Update: your return RET-000007 for order ORD-20261110-CD34 has been approved, and a refund of $59.00 is on its way to your original payment method.'
    )
    expect(decisionNote({ orderId: null }, { kind: 'rejected' })).toBe(
      'Update: we have reviewed your return request and are not able to accept it as it stands. Reply to this message if you would like us to take another look.'
    )
  })
})
