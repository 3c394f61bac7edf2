import { describe, expect, it } from 'vitest'
import { fuzzyRank, fuzzyScore } from '../../src/renderer/src/features/helpdesk/fuzzy'

describe('fuzzy matching for the macro picker', () => {
  it('finds a name by letters in order, not together', () => {
    expect(fuzzyScore('thtrk', 'Thanks and tracking')).not.toBeNull()
    expect(fuzzyScore('thx', 'Thanks and tracking')).toBeNull()
    expect(fuzzyScore('', 'Anything')).toBe(0)
  })

  it('ranks word starts and letters that run together first, ties in the list order', () => {
    const names = ['Return label', 'Refund issued', 'Where is my order', 'Returns policy']
    expect(fuzzyRank(names, 'ret', (n) => n)).toEqual(['Return label', 'Returns policy'])
    expect(fuzzyRank(names, 'ri', (n) => n)[0]).toBe('Refund issued')
    expect(fuzzyRank(names, '', (n) => n)).toEqual(names)
  })
})
