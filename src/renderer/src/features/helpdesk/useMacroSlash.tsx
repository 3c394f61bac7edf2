import { useId, useRef, useState, type ChangeEvent, type KeyboardEvent, type ReactNode } from 'react'
import { unfilledVariables, type Macro } from '../../../../shared/domain/macro'
import { getApi } from '../../api'
import { fuzzyRank } from './fuzzy'

/** `/` then the letters of a macro's name, at the start of the text or after a space. */
const SLASH = /(?:^|\s)\/([^\s/]{0,40})$/u
const SHOWN = 8

interface Open {
  /** Where the `/` is in the text. */
  start: number
  query: string
}

export interface MacroSlash {
  onChange(event: ChangeEvent<HTMLTextAreaElement>): void
  /** True when the picker took the key (the field must not act on it too). */
  onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean
  /** For the field: the option the keyboard is on, and the list it belongs to. */
  fieldProps: { 'aria-activedescendant'?: string; 'aria-controls'?: string; 'aria-expanded': boolean }
  picker: ReactNode
  /** The macros inserted since the last reset: sent with the reply, so their tags and status apply. */
  macroIds: number[]
  reset(): void
}

/**
 * Saved replies in a text field: typing `/` opens the team's macros, the letters after it narrow
 * them (fuzzy), arrows move, Enter or Tab inserts the one chosen with its variables filled from the
 * ticket, Escape closes. A variable the ticket has no value for stays written `{{name}}` and is
 * named, so the person fills it in: the core refuses a reply that still holds one.
 */
export function useMacroSlash(options: {
  ticketId: string
  text: string
  setText(text: string): void
}): MacroSlash {
  const { ticketId, text, setText } = options
  const [open, setOpen] = useState<Open | null>(null)
  const [active, setActive] = useState(0)
  const [macros, setMacros] = useState<Macro[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [macroIds, setMacroIds] = useState<number[]>([])
  const dismissedAt = useRef<number | null>(null)
  const field = useRef<HTMLTextAreaElement | null>(null)
  const listId = useId()

  // Named from the text itself, so the note goes as the person fills the values in.
  const missing = unfilledVariables(text)
  const results = open && macros ? fuzzyRank(macros, open.query, (m) => m.name).slice(0, SHOWN) : []

  const load = (): void => {
    if (macros) return
    void getApi()
      .invoke('macros.list', {})
      .then((result) => {
        if (result.ok) setMacros(result.value)
        else setProblem(`Could not load the macros: ${result.error.message}`)
      })
  }

  const close = (): void => setOpen(null)

  const choose = async (macro: Macro): Promise<void> => {
    if (!open) return
    const { start, query } = open
    close()
    const result = await getApi().invoke('macros.render', { macroId: macro.id, ticketId })
    if (!result.ok) {
      setProblem(`Could not insert "${macro.name}": ${result.error.message}`)
      return
    }
    const before = text.slice(0, start)
    const after = text.slice(start + 1 + query.length)
    setText(`${before}${result.value.body}${after}`)
    setMacroIds((ids) => (ids.includes(macro.id) ? ids : [...ids, macro.id]))
    setProblem(null)
    const caret = before.length + result.value.body.length
    requestAnimationFrame(() => {
      field.current?.focus()
      field.current?.setSelectionRange(caret, caret)
    })
  }

  const onChange = (event: ChangeEvent<HTMLTextAreaElement>): void => {
    field.current = event.target
    const value = event.target.value
    const caret = event.target.selectionStart ?? value.length
    const match = SLASH.exec(value.slice(0, caret))
    if (!match) {
      dismissedAt.current = null
      close()
      return
    }
    const query = match[1] ?? ''
    const start = caret - query.length - 1
    if (dismissedAt.current === start) return
    load()
    setOpen({ start, query })
    setActive(0)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    field.current = event.currentTarget
    if (!open) return false
    const move = (by: number): void => {
      event.preventDefault()
      if (results.length > 0) setActive((i) => (i + by + results.length) % results.length)
    }
    if (event.key === 'ArrowDown') move(1)
    else if (event.key === 'ArrowUp') move(-1)
    else if ((event.key === 'Enter' || event.key === 'Tab') && !event.ctrlKey && !event.metaKey) {
      const macro = results[Math.min(active, results.length - 1)]
      if (!macro) return false
      event.preventDefault()
      void choose(macro)
    } else if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      dismissedAt.current = open.start
      close()
    } else return false
    return true
  }

  const optionId = (i: number): string => `${listId}-${i}`
  const picker = (
    <>
      {open ? (
        <div className="macro-picker">
          <ul id={listId} role="listbox" aria-label="Macros" className="macro-picker__list">
            {macros === null ? (
              <li className="macro-picker__empty">Loading macros…</li>
            ) : results.length === 0 ? (
              <li className="macro-picker__empty">
                {macros.length === 0 ? 'No macros yet: a lead adds them in Settings.' : 'No macro matches.'}
              </li>
            ) : (
              results.map((macro, i) => (
                <li
                  key={macro.id}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === active}
                  className="macro-picker__option"
                  onMouseDown={(event) => {
                    event.preventDefault()
                    void choose(macro)
                  }}
                >
                  <span className="macro-picker__name">{macro.name}</span>
                  <span className="macro-picker__body">{macro.body.slice(0, 90)}</span>
                </li>
              ))
            )}
          </ul>
          <p className="macro-picker__hint">↑ ↓ to choose · Enter to insert · Esc to close</p>
        </div>
      ) : null}
      {missing.length > 0 ? (
        <p className="macro-missing" role="status">
          Fill in {missing.map((name) => `{{${name}}}`).join(', ')}: this ticket has no value for{' '}
          {missing.length === 1 ? 'it' : 'them'}.
        </p>
      ) : null}
      {problem ? (
        <p className="inline-error" role="alert">
          {problem}
        </p>
      ) : null}
    </>
  )

  return {
    onChange,
    onKeyDown,
    fieldProps: {
      'aria-expanded': open !== null,
      ...(open ? { 'aria-controls': listId } : {}),
      ...(open && results.length > 0
        ? { 'aria-activedescendant': optionId(Math.min(active, results.length - 1)) }
        : {})
    },
    picker,
    macroIds,
    reset() {
      setMacroIds([])
    }
  }
}
