import { useEffect, useId, useState, type FormEvent } from 'react'
import type { MailboxSettings as Settings, MailboxView } from '../../../../shared/domain/mailbox'
import { useFrontlineStore } from '../../store'

type Draft = Omit<Settings, 'imapPort' | 'smtpPort' | 'pollSeconds'> & {
  imapPort: string
  smtpPort: string
  pollSeconds: string
}

const toDraft = (s: Settings): Draft => ({
  ...s,
  imapPort: String(s.imapPort),
  smtpPort: String(s.smtpPort),
  pollSeconds: String(s.pollSeconds)
})

const STATE_WORDS: Record<MailboxView['status']['state'], string> = {
  off: 'Off',
  connecting: 'Connecting…',
  watching: 'Watching the folder',
  syncing: 'Reading new email…',
  error: 'Not connected'
}

function Field(props: {
  label: string
  value: string
  onChange(v: string): void
  type?: string
  hint?: string
  error?: string
}) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {props.label}
      </label>
      <input
        id={id}
        className="field__input"
        type={props.type ?? 'text'}
        value={props.value}
        aria-invalid={props.error !== undefined}
        onChange={(event) => props.onChange(event.target.value)}
        autoComplete="off"
      />
      {props.error ? <p className="field__error">{props.error}</p> : null}
      {props.hint ? <p className="field__hint">{props.hint}</p> : null}
    </div>
  )
}

function TlsSelect(props: {
  label: string
  value: Settings['imapTls']
  onChange(v: Settings['imapTls']): void
}) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {props.label}
      </label>
      <select
        id={id}
        className="field__input"
        value={props.value}
        onChange={(event) => props.onChange(event.target.value as Settings['imapTls'])}
      >
        <option value="tls">TLS</option>
        <option value="starttls">STARTTLS</option>
        <option value="none">None (this machine only)</option>
      </select>
    </div>
  )
}

/** Settings → Mailbox: the shop's support mailbox (IMAP in, SMTP out), its password, and Test connection. */
export function MailboxSettings() {
  const mailbox = useFrontlineStore((s) => s.mailbox)
  const load = useFrontlineStore((s) => s.loadMailbox)
  const save = useFrontlineStore((s) => s.saveMailbox)
  const savePassword = useFrontlineStore((s) => s.saveMailboxPassword)
  const saveState = useFrontlineStore((s) => s.mailboxSave)
  const test = useFrontlineStore((s) => s.testMailbox)
  const testState = useFrontlineStore((s) => s.mailboxTest)
  const [draft, setDraft] = useState<Draft | null>(null)
  const [password, setPassword] = useState('')
  const [smtpPassword, setSmtpPassword] = useState('')

  useEffect(() => {
    void load()
  }, [load])

  const view = mailbox.data
  if (!view) return null
  const form = draft ?? toDraft(view.settings)
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft({ ...form, [key]: value })
  const issues = saveState?.state === 'failed' ? (saveState.error.issues ?? []) : []
  const errorOf = (field: string) => issues.find((i) => i.field === field)?.message

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const ok = await save({
      ...form,
      imapPort: Number(form.imapPort),
      smtpPort: Number(form.smtpPort),
      pollSeconds: Number(form.pollSeconds)
    })
    if (ok) setDraft(null)
    if (ok && password) {
      await savePassword('imap', password)
      setPassword('')
    }
    if (ok && smtpPassword) {
      await savePassword('smtp', smtpPassword)
      setSmtpPassword('')
    }
  }

  const { status } = view
  return (
    <section className="card settings-card" aria-labelledby="mailbox-heading">
      <header className="card__header">
        <div>
          <h2 id="mailbox-heading" className="card__title">
            Mailbox
          </h2>
          <p className="card__subtitle">
            Customer email arrives as tickets from one IMAP folder; replies go out over SMTP, threaded in the
            customer&apos;s mail app. Auto-replies, bounces and mailing lists are filed, never answered.
          </p>
        </div>
      </header>
      <form className="card__body settings-form" onSubmit={(event) => void submit(event)} noValidate>
        <p role="status" className="mailbox-status">
          <strong>{STATE_WORDS[status.state]}</strong>
          {status.mode
            ? ` (${status.mode === 'idle' ? 'the server pushes new mail' : `checked every ${view.settings.pollSeconds} s`})`
            : ''}
          {status.lastError ? `: ${status.lastError.message}` : ''}
          {status.outbox.failed + status.outbox.unknown > 0
            ? ` · ${status.outbox.failed + status.outbox.unknown} reply(ies) unsent, see their tickets`
            : ''}
        </p>
        <div className="field">
          <label className="field__label">
            <input
              type="checkbox"
              checked={form.enabled}
              onChange={(e) => set('enabled', e.target.checked)}
            />{' '}
            Read this mailbox and send replies
          </label>
        </div>
        <Field
          label="IMAP host"
          value={form.imapHost}
          onChange={(v) => set('imapHost', v)}
          error={errorOf('imapHost')}
        />
        <Field
          label="IMAP port"
          value={form.imapPort}
          onChange={(v) => set('imapPort', v)}
          error={errorOf('imapPort')}
        />
        <TlsSelect label="IMAP security" value={form.imapTls} onChange={(v) => set('imapTls', v)} />
        <Field label="User" value={form.user} onChange={(v) => set('user', v)} error={errorOf('user')} />
        <Field
          label="Password"
          type="password"
          value={password}
          onChange={setPassword}
          hint={
            view.passwordSet
              ? 'A password is stored (never shown). Type a new one to replace it.'
              : 'Stored like the AI keys: encrypted by the OS in the desktop app, a file only you can read elsewhere.'
          }
        />
        <Field
          label="Folder"
          value={form.folder}
          onChange={(v) => set('folder', v)}
          error={errorOf('folder')}
        />
        <Field
          label="SMTP host"
          value={form.smtpHost}
          onChange={(v) => set('smtpHost', v)}
          error={errorOf('smtpHost')}
        />
        <Field
          label="SMTP port"
          value={form.smtpPort}
          onChange={(v) => set('smtpPort', v)}
          error={errorOf('smtpPort')}
        />
        <TlsSelect label="SMTP security" value={form.smtpTls} onChange={(v) => set('smtpTls', v)} />
        <Field
          label="SMTP user"
          value={form.smtpUser}
          onChange={(v) => set('smtpUser', v)}
          hint="Empty: the same user as IMAP."
        />
        <Field
          label="SMTP password"
          type="password"
          value={smtpPassword}
          onChange={setSmtpPassword}
          hint={view.smtpPasswordSet ? 'An SMTP password is stored.' : 'Empty: the IMAP password.'}
        />
        <Field
          label="From address"
          value={form.address}
          onChange={(v) => set('address', v)}
          error={errorOf('address')}
          hint="Empty: the user, when it is an address."
        />
        <Field label="From name" value={form.displayName} onChange={(v) => set('displayName', v)} />
        <Field
          label="Check every (seconds)"
          value={form.pollSeconds}
          onChange={(v) => set('pollSeconds', v)}
          error={errorOf('pollSeconds')}
        />
        <div className="field">
          <label className="field__label">
            <input
              type="checkbox"
              checked={form.draftOnArrival}
              onChange={(e) => set('draftOnArrival', e.target.checked)}
            />{' '}
            Draft an answer with the AI when a customer&apos;s email arrives
          </label>
        </div>
        <div className="field__row">
          <button type="submit" className="button" disabled={saveState?.state === 'saving'}>
            {saveState?.state === 'saving' ? 'Saving…' : 'Save mailbox'}
          </button>
          <button
            type="button"
            className="button button--quiet"
            disabled={testState?.state === 'testing'}
            onClick={() => void test()}
          >
            {testState?.state === 'testing' ? 'Testing…' : 'Test connection'}
          </button>
        </div>
        {saveState?.state === 'failed' ? (
          <p className="save-feedback save-feedback--error" role="alert">
            Not saved. {saveState.error.message}
          </p>
        ) : saveState?.state === 'saved' ? (
          <p className="save-feedback" role="status">
            Saved.
          </p>
        ) : null}
        {testState?.state === 'done' ? (
          <div className="mailbox-test" aria-label="Connection test">
            <p role={testState.result.ok ? 'status' : 'alert'}>
              {testState.result.failed
                ? `${testState.result.failed.server.toUpperCase()} ${testState.result.failed.step} failed: ${testState.result.failed.message}`
                : 'Both servers answered: the mailbox is ready.'}
            </p>
            <ul>
              {testState.result.steps.map((step) => (
                <li key={`${step.server}-${step.step}`}>
                  {step.ok ? '✓' : '✗'} {step.server.toUpperCase()} {step.step}: {step.message}
                </li>
              ))}
            </ul>
          </div>
        ) : testState?.state === 'failed' ? (
          <p role="alert">{testState.error.message}</p>
        ) : null}
      </form>
    </section>
  )
}
