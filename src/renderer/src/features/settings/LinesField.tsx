import { useId, type ReactNode } from 'react'

/** A box of one entry a line (origins, model names), with the core's error and a hint below it. */
export function LinesField(props: {
  label: string
  value: string
  placeholder: string
  error: string | null
  hint: ReactNode
  onChange(value: string): void
}) {
  const ids = { field: useId(), error: useId(), hint: useId() }
  return (
    <div className="field">
      <label htmlFor={ids.field} className="field__label">
        {props.label}
      </label>
      <textarea
        id={ids.field}
        className="field__input field__input--mono"
        rows={3}
        value={props.value}
        spellCheck={false}
        placeholder={props.placeholder}
        aria-invalid={props.error !== null}
        aria-describedby={props.error ? `${ids.error} ${ids.hint}` : ids.hint}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.error ? (
        <p id={ids.error} className="field__error">
          {props.error}
        </p>
      ) : null}
      <p id={ids.hint} className="field__hint">
        {props.hint}
      </p>
    </div>
  )
}
