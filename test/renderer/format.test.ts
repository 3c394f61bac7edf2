import { afterEach, describe, expect, it } from 'vitest'
import { formatAge, formatDate, formatDateTime } from '../../src/renderer/src/format'
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

describe('dates in the person’s locale', () => {
  const original = Object.getOwnPropertyDescriptor(Navigator.prototype, 'languages')
  const speak = (languages: string[]): void => {
    Object.defineProperty(window.navigator, 'languages', { configurable: true, get: () => languages })
  }
  afterEach(() => {
    delete (window.navigator as { languages?: unknown }).languages
    if (original) Object.defineProperty(Navigator.prototype, 'languages', original)
  })

  it('reads a date the way the person writes it, not always American', () => {
    const at = '2026-11-20T12:05:00Z'
    speak(['de-DE'])
    expect(formatDate(at)).toBe('20.11.2026')
    speak(['en-GB'])
    expect(formatDate(at)).toBe('20 Nov 2026')
    speak(['en-US'])
    expect(formatDate(at)).toBe('Nov 20, 2026')
    expect(formatDateTime('not a date')).toBe('not a date')
  })
})
