import { describe, expect, it } from 'vitest'
import { formatAge } from '../../src/renderer/src/format'
import { tokenFromHash } from '../../src/shared/web-bridge-protocol'

describe('formatAge', () => {
  const now = Date.parse('2026-03-10T12:00:00Z')
  it.each([
    ['2026-03-10T11:59:30Z', 'just now'],
    ['2026-03-10T11:15:00Z', '45m'],
    ['2026-03-10T07:00:00Z', '5h'],
    ['2026-03-07T12:00:00Z', '3d'],
    ['2026-01-20T12:00:00Z', '7w'],
    ['not a date', '—']
  ])('%s is %s old', (iso, expected) => {
    expect(formatAge(iso, now)).toBe(expected)
  })
})

describe('tokenFromHash', () => {
  it('reads the launch token from the URL fragment', () => {
    const token = 'AbC_-0123456789abcdefXYZ'
    expect(tokenFromHash(`#token=${token}`)).toBe(token)
    expect(tokenFromHash(`token=${token}&x=1`)).toBe(token)
  })
  it('refuses anything that is not a plausible token', () => {
    expect(tokenFromHash('')).toBeNull()
    expect(tokenFromHash('#token=short')).toBeNull()
    expect(tokenFromHash('#token=has spaces in it, really')).toBeNull()
    expect(tokenFromHash('#other=AbC_-0123456789abcdefXYZ')).toBeNull()
  })
})
