import type { SaveState } from '../../store/settings-slice'

interface SaveFeedbackProps {
  save: SaveState | undefined
  /** What no single field explains (see fieldErrors); the form's fields show the rest. */
  generalError: string | null
  savedWords?: string
}

/** Under a Save button: done, or why not, in one line a person reads without hunting. */
export function SaveFeedback({ save, generalError, savedWords = 'Saved.' }: SaveFeedbackProps) {
  if (save?.state === 'failed') {
    return (
      <p className="save-feedback save-feedback--error" role="alert">
        Not saved. {generalError ?? 'Check the highlighted fields.'}
      </p>
    )
  }
  return (
    <p className="save-feedback" role="status">
      {save?.state === 'saved' ? savedWords : ''}
    </p>
  )
}
