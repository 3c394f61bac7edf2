import { useEffect, useState } from 'react'

/** The current time, refreshed every `intervalMs`, so ages like "5m" stay true while the console is open. */
export function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}
