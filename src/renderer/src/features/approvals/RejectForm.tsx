import { useId, useState, type FormEvent } from 'react'
import { CharCount } from '../../components/CharCount'
import { useOfflineReason } from '../../hooks/useOffline'

/** The contract's limit on a rejection's reason. */
const REASON_MAX = 1000

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
  const countId = useId()
  const missing = reason.trim().length === 0
  const offline = useOfflineReason()

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
        maxLength={REASON_MAX}
        value={reason}
        placeholder="e.g. The photos show wear, not damage in transit"
        aria-invalid={showMissing && missing}
        aria-describedby={showMissing && missing ? hintId : countId}
        autoFocus
        onChange={(event) => setReason(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onCancel()
        }}
      />
      <CharCount id={countId} length={reason.length} max={REASON_MAX} />
      {showMissing && missing ? (
        <p id={hintId} className="field__error" role="alert">
          Say why, so the team knows what happened.
        </p>
      ) : null}
      <div className="reject-form__actions">
        <button
          type="submit"
          className="button button--warn-solid"
          disabled={busy || offline !== null}
          title={offline ?? undefined}
        >
          {busy ? 'Rejecting…' : 'Confirm rejection'}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  )
}
