/** Time is injected so tests, fixtures and the return window agree on "now". */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

export const fixedClock = (iso: string): Clock => {
  const at = new Date(iso)
  return { now: () => new Date(at) }
}

export const nowIso = (clock: Clock): string => clock.now().toISOString()
