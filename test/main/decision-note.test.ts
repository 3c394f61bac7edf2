import { describe, expect, it } from 'vitest'
import { withDecisionNote } from '../../src/main/agent/decision-note'

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
})
