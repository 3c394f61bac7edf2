import { useId, useState, type FormEvent } from 'react'

interface RejectFormProps {
  /** What is being rejected, for the field's label: "return for order ORD-…". */
  subject: string
  busy: boolean
  onReject(reason: string): void
  onCancel(): void
}

/** Rejecting needs a reason the team and the audit log can read later; it is asked for inline. */
export function RejectForm({ subject, busy, onReject, onCancel }: RejectFormProps) {
  const [reason, setReason] = useState('')
  const [showMissing, setShowMissing] = useState(false)
  const fieldId = useId()
  const hintId = useId()
  const missing = reason.trim().length === 0

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault()
    if (missing) {
      setShowMissing(true)
      return
    }
    onReject(reason.trim())
  }

  return (
    <form className="reject-form" onSubmit={submit} aria-label={`Reject the ${subject}`} noValidate>
      <label htmlFor={fieldId} className="reject-form__label">
        Reason for rejecting
      </label>
      <textarea
        id={fieldId}
        className="field__input reject-form__input"
        rows={2}
        maxLength={1000}
        value={reason}
        placeholder="e.g. The photos show wear, not damage in transit"
        aria-invalid={showMissing && missing}
        aria-describedby={showMissing && missing ? hintId : undefined}
        autoFocus
        onChange={(event) => setReason(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onCancel()
        }}
      />
      {showMissing && missing ? (
        <p id={hintId} className="field__error" role="alert">
          Say why, so the team knows what happened.
        </p>
      ) : null}
      <div className="reject-form__actions">
        <button type="submit" className="button button--warn-solid" disabled={busy}>
          {busy ? 'Rejecting…' : 'Confirm rejection'}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  )
}
