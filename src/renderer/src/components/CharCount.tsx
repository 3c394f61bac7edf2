import { formatCount } from '../format'

/** From this share of a limit on, the field says how much room is left. */
const SHOW_FROM = 0.8

/**
 * A text field with a limit shows how much room is left once it gets close, so what a person
 * writes is never cut off without warning (the field's maxLength stops typing at the limit).
 */
export function CharCount({ length, max, id }: { length: number; max: number; id?: string }) {
  if (length < max * SHOW_FROM) return null
  const left = Math.max(0, max - length)
  return (
    <span id={id} className={`char-count${left === 0 ? ' char-count--full' : ''}`} aria-live="polite">
      {left === 0
        ? `Limit reached: ${formatCount(max)} characters`
        : `${formatCount(left)} ${left === 1 ? 'character' : 'characters'} left`}
    </span>
  )
}
