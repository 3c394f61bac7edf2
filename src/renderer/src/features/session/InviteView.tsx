import { useId, useState, type FormEvent } from 'react'
import { useFrontlineStore } from '../../store'
import '../console-views.css'
import './session.css'

const MIN_PASSWORD = 10

/** An invite link opened: the person chooses their password and is signed in. */
export function InviteView() {
  const invite = useFrontlineStore((s) => s.invite)
  const accept = useFrontlineStore((s) => s.acceptInvite)
  const op = useFrontlineStore((s) => s.signInOp)
  const [password, setPassword] = useState('')
  const [again, setAgain] = useState('')
  const [tried, setTried] = useState(false)
  const passwordId = useId()
  const againId = useId()
  const problemId = useId()

  const problem =
    password.length < MIN_PASSWORD
      ? `Use at least ${MIN_PASSWORD} characters.`
      : password !== again
        ? 'The two passwords differ.'
        : null

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault()
    setTried(true)
    if (problem || op.busy) return
    void accept(password)
  }

  const info = invite?.info
  return (
    <main className="session-screen">
      <form className="card session-card" aria-labelledby="invite-heading" onSubmit={submit} noValidate>
        <div className="session-card__brand" aria-hidden="true">
          F
        </div>
        <h1 id="invite-heading" className="session-card__title">
          Join your team on Frontline
        </h1>
        {invite?.error ? (
          <p className="inline-error" role="alert">
            {invite.error.message}
          </p>
        ) : info ? (
          <p className="session-card__subtitle">
            {info.name} · {info.email} · {info.role}. Choose a password to sign in with.
          </p>
        ) : (
          <p className="session-card__subtitle muted">Reading the invite…</p>
        )}
        {info ? (
          <>
            <label htmlFor={passwordId} className="field__label">
              New password
            </label>
            <input
              id={passwordId}
              className="field__input"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-describedby={tried && problem ? problemId : undefined}
              aria-invalid={tried && problem !== null}
            />
            <label htmlFor={againId} className="field__label">
              The same password again
            </label>
            <input
              id={againId}
              className="field__input"
              type="password"
              autoComplete="new-password"
              value={again}
              onChange={(event) => setAgain(event.target.value)}
            />
            {tried && problem ? (
              <p id={problemId} className="inline-error" role="alert">
                {problem}
              </p>
            ) : null}
            {op.error ? (
              <p className="inline-error" role="alert">
                {op.error.message}
              </p>
            ) : null}
            <button type="submit" className="button session-card__submit" disabled={op.busy}>
              {op.busy ? 'Signing in…' : 'Set password and sign in'}
            </button>
          </>
        ) : null}
      </form>
    </main>
  )
}
