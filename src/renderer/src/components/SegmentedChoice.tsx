import { useRef, type KeyboardEvent } from 'react'

export interface Choice<T extends string> {
  value: T
  label: string
}

interface SegmentedChoiceProps<T extends string> {
  label: string
  choices: readonly Choice<T>[]
  value: T | null
  onChoose(value: T): void
  /** Why nothing can be chosen right now (offline, a change on its way); null when it can. */
  disabledReason?: string | null
  /** For the keyboard shortcut that jumps here. */
  shortcut?: string
}

const step: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }

/**
 * A row of buttons of which one is the current value, worked by mouse or keyboard: Tab reaches
 * the group once (on the current value), the arrow keys move between choices and Enter or Space
 * picks one. Moving does not change anything by itself, so passing by "Closed" on the way to
 * "Solved" records nothing.
 */
export function SegmentedChoice<T extends string>(props: SegmentedChoiceProps<T>) {
  const { label, choices, value, onChoose, disabledReason = null, shortcut } = props
  const buttons = useRef<(HTMLButtonElement | null)[]>([])
  const current = Math.max(
    0,
    choices.findIndex((c) => c.value === value)
  )

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const by = step[event.key]
    if (by === undefined) return
    const from = buttons.current.indexOf(event.target as HTMLButtonElement)
    if (from < 0) return
    event.preventDefault()
    buttons.current[(from + by + choices.length) % choices.length]?.focus()
  }

  return (
    <div role="group" aria-label={label} className="segmented" onKeyDown={onKeyDown} data-shortcut={shortcut}>
      {choices.map((choice, index) => (
        <button
          key={choice.value}
          ref={(element) => {
            buttons.current[index] = element
          }}
          type="button"
          className="segmented__choice"
          aria-pressed={choice.value === value}
          tabIndex={index === current ? 0 : -1}
          aria-disabled={disabledReason !== null}
          title={disabledReason ?? undefined}
          onClick={() => {
            if (disabledReason === null && choice.value !== value) onChoose(choice.value)
          }}
        >
          {choice.label}
        </button>
      ))}
    </div>
  )
}
