import { useState } from 'react'

/**
 * A destructive button that asks once more in place: "Remove" becomes "Remove <name>" and "Keep".
 * `onConfirm` resolves true when it worked, which puts the button back; false leaves the question
 * up so the person can try again after the error shown beside it.
 */
export function ConfirmButton({
  label,
  confirmLabel,
  busy,
  onConfirm
}: {
  label: string
  confirmLabel: string
  busy: boolean
  onConfirm(): Promise<boolean | void>
}) {
  const [confirming, setConfirming] = useState(false)
  if (!confirming) {
    return (
      <button
        type="button"
        className="button button--quiet button--compact"
        onClick={() => setConfirming(true)}
      >
        {label}
      </button>
    )
  }
  return (
    <>
      <button
        type="button"
        className="button button--warn-solid button--compact"
        disabled={busy}
        onClick={() => void onConfirm().then((done) => done !== false && setConfirming(false))}
      >
        {confirmLabel}
      </button>
      <button
        type="button"
        className="button button--quiet button--compact"
        onClick={() => setConfirming(false)}
      >
        Keep
      </button>
    </>
  )
}
