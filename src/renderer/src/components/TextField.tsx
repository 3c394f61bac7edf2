import { useId, type InputHTMLAttributes } from 'react'

/** A labelled text input in the console's field style; other attributes go to the input. */
export function TextField({ label, ...input }: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId()
  return (
    <span className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <input id={id} className="field__input" {...input} />
    </span>
  )
}
