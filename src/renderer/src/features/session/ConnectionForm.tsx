import { useId, useState, type FormEvent } from 'react'
import { TextField } from '../../components/TextField'
import { useFrontlineStore } from '../../store'

/**
 * The desktop app's choice of where it works: this computer's own database, or a team server by
 * its address. Switching restarts the app into the other one.
 */
export function ConnectionForm({ submitLabel }: { submitLabel: string }) {
  const connection = useFrontlineStore((s) => s.connectionChoice)
  const choose = useFrontlineStore((s) => s.chooseConnection)
  const op = useFrontlineStore((s) => s.connectionOp)
  const [mode, setMode] = useState<'local' | 'team'>(connection?.mode ?? 'local')
  const [url, setUrl] = useState(connection?.url ?? '')
  const name = useId()

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault()
    void choose(mode === 'local' ? { mode } : { mode, url: url.trim() })
  }

  if (op.restarting) {
    return (
      <p className="callout callout--info" role="status">
        Frontline is restarting to connect{' '}
        {connection?.mode === 'team' ? `to ${connection.url}` : 'to this computer'}…
      </p>
    )
  }
  return (
    <form className="settings-form" aria-label="Where this console works" onSubmit={submit}>
      <fieldset className="settings-fieldset">
        <legend className="field__label">Where do you work?</legend>
        <label>
          <input type="radio" name={name} checked={mode === 'local'} onChange={() => setMode('local')} /> On
          this computer: its own database (with a demo shop on the first run)
        </label>
        <label>
          <input type="radio" name={name} checked={mode === 'team'} onChange={() => setMode('team')} /> With
          my team, on a team server
        </label>
      </fieldset>
      {mode === 'team' ? (
        <TextField
          label="Team server address"
          placeholder="https://support.shop.example"
          value={url}
          aria-invalid={op.error !== null}
          onChange={(event) => setUrl(event.target.value)}
        />
      ) : null}
      {op.error ? (
        <p className="field__error" role="alert">
          {op.error.message}
        </p>
      ) : null}
      <div className="settings-form__actions">
        <button type="submit" className="button" disabled={op.busy || (mode === 'team' && !url.trim())}>
          {submitLabel}
        </button>
      </div>
    </form>
  )
}
