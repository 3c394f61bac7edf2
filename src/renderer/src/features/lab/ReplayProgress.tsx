import type { ReplayRun } from '../../../../shared/domain/replay'
import { IssueList } from '../../components/ErrorNotice'
import { useFrontlineStore } from '../../store'

const ENDED: Record<string, string> = {
  done: 'Done',
  cancelled: 'Cancelled',
  stopped: 'Stopped',
  failed: 'Failed',
  interrupted: 'Interrupted'
}

/** Preparing the scratch copy, then one step per ticket; how it ended, and why. */
export function ReplayProgress({ run }: { run: ReplayRun }) {
  const preparing = run.status === 'preparing'
  const value = preparing
    ? run.preparedPercent
    : run.total === 0
      ? 100
      : Math.floor((run.finished * 100) / run.total)
  // Once it has ended, the tickets it did draft; while it runs, those it is through with.
  const text = preparing
    ? `Copying the shop for the replay: ${run.preparedPercent}%`
    : `${ENDED[run.status] ? run.completed : run.finished} of ${run.total} tickets replayed`
  return (
    <div className="lab-progress">
      <p className="lab-progress__headline" aria-live="polite" data-testid="lab-status">
        {ENDED[run.status] ? `${ENDED[run.status]}: ` : ''}
        {text}
        {run.failed > 0 ? `, ${run.failed} failed` : ''}
      </p>
      <div
        className="lab-progress__bar"
        role="progressbar"
        aria-label="Replay progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={text}
      >
        <span className="lab-progress__fill" style={{ width: `${value}%` }} />
      </div>
      {run.note ? <p className="field__hint">{run.note}</p> : null}
    </div>
  )
}

/** Why the last start, cancel, export or save was refused, naming the fields. */
export function LabError() {
  const error = useFrontlineStore((s) => s.labError)
  if (!error) return null
  return (
    <div className="error-notice" role="alert">
      <div>
        <p className="error-notice__message">{error.message}</p>
        <IssueList issues={error.issues} />
      </div>
    </div>
  )
}
