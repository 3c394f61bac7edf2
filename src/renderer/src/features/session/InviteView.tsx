import { useId, useState, type FormEvent } from 'react'
import { TextField } from '../../components/TextField'
import { useFrontlineStore } from '../../store'
import { SessionCard } from './SessionCard'

const MIN_PASSWORD = 10

/** An invite link opened: the person chooses their password and is signed in. */
export function InviteView() {
  const invite = useFrontlineStore((s) => s.invite)
  const accept = useFrontlineStore((s) => s.acceptInvite)
  const op = useFrontlineStore((s) => s.signInOp)
  const [password, setPassword] = useState('')
  const [again, setAgain] = useState('')
  const [tried, setTried] = useState(false)
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
  const error = invite?.error ?? op.error
  return (
    <SessionCard title="Join your team on Frontline" titleId="invite-heading" onSubmit={submit}>
      {info ? (
        <p className="session-card__subtitle">
          {info.name} · {info.email} · {info.role}. Choose a password to sign in with.
        </p>
      ) : invite?.error ? null : (
        <p className="session-card__subtitle muted">Reading the invite…</p>
      )}
      {info ? (
        <>
          <TextField
            label="New password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-describedby={tried && problem ? problemId : undefined}
            aria-invalid={tried && problem !== null}
          />
          <TextField
            label="The same password again"
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
        </>
      ) : null}
      {error ? (
        <p className="inline-error" role="alert">
          {error.message}
        </p>
      ) : null}
      {info ? (
        <button type="submit" className="button session-card__submit" disabled={op.busy}>
          {op.busy ? 'Signing in…' : 'Set password and sign in'}
        </button>
      ) : null}
    </SessionCard>
  )
}
