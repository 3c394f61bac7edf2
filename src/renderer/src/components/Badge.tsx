import type { ReactNode } from 'react'
import { capitalize } from '../format'

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'muted'

const tones: Record<string, Tone> = {
  // ticket status
  new: 'info',
  open: 'warning',
  pending: 'neutral',
  on_hold: 'neutral',
  solved: 'success',
  closed: 'muted',
  // ticket priority
  low: 'muted',
  normal: 'neutral',
  high: 'warning',
  urgent: 'danger',
  // order status
  paid: 'info',
  shipped: 'info',
  delivered: 'success',
  cancelled: 'muted',
  returned: 'neutral',
  // draft status
  generating: 'info',
  ready: 'success',
  fallback: 'warning',
  failed: 'danger',
  interrupted: 'danger',
  sent: 'muted',
  discarded: 'muted'
}

/** Words for the values whose name is not already one ("on_hold"). */
const words: Record<string, string> = { on_hold: 'On hold' }

export const statusWord = (value: string): string => words[value] ?? capitalize(value)

export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`badge badge--${tone}`}>{children}</span>
}

/** A status or priority word with its colour; the word itself carries the meaning, not the colour. */
export function StateBadge({ value, label }: { value: string; label?: string }) {
  return (
    <Badge tone={tones[value] ?? 'neutral'}>
      {label ? <span className="visually-hidden">{label} </span> : null}
      {statusWord(value)}
    </Badge>
  )
}
