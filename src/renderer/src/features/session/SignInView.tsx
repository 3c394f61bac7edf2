import { useId, useState, type FormEvent } from 'react'
import { TextField } from '../../components/TextField'
import { useFrontlineStore } from '../../store'
import { SessionCard } from './SessionCard'

/** The team server's front door: email and password. */
export function SignInView() {
  const signIn = useFrontlineStore((s) => s.signIn)
  const op = useFrontlineStore((s) => s.signInOp)
  const notice = useFrontlineStore((s) => s.signInNotice)
  const connection = useFrontlineStore((s) => s.connectionChoice)
  const choose = useFrontlineStore((s) => s.chooseConnection)
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const errorId = useId()
  const described = op.error ? errorId : undefined

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault()
    if (!email.trim() || !password || op.busy) return
    void signIn(email.trim(), password)
  }

  return (
    <SessionCard title="Sign in to Frontline" titleId="sign-in-heading" onSubmit={submit}>
      <p className="session-card__subtitle">Your team&apos;s shared inbox.</p>
      {notice ? (
        <p className="callout callout--info" role="status">
          {notice}
        </p>
      ) : null}
      <TextField
        label="Email"
        type="email"
        autoComplete="username"
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        aria-describedby={described}
        required
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        aria-describedby={described}
        required
      />
      {op.error ? (
        <p id={errorId} className="inline-error" role="alert">
          {op.error.message}
        </p>
      ) : null}
      <button
        type="submit"
        className="button session-card__submit"
        disabled={op.busy || !email.trim() || !password}
      >
        {op.busy ? 'Signing in…' : 'Sign in'}
      </button>
      <p className="session-card__hint muted">
        No account yet? Ask your team&apos;s admin for an invite link.
      </p>
      {connection?.switchable ? (
        <p className="session-card__hint muted">
          Signing in to {connection.url}.{' '}
          <button type="button" className="link-like" onClick={() => void choose({ mode: 'local' })}>
            Work on this computer instead
          </button>
        </p>
      ) : null}
    </SessionCard>
  )
}
