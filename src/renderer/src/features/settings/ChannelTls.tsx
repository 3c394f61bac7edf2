import { useId, useState, type FormEvent } from 'react'
import type { ChannelSettings } from '../../../../shared/domain/channel'
import { useFrontlineStore } from '../../store'
import { fieldErrors } from './field-errors'
import { SaveFeedback } from './SaveFeedback'

/**
 * What lets the API listen beyond this computer: its own TLS certificate (PEM files on this
 * machine), or a TLS proxy in front of it that the operator declares. Without either, the core
 * refuses any address but 127.0.0.1/localhost.
 */
export function ChannelTls({ settings }: { settings: ChannelSettings }) {
  const save = useFrontlineStore((s) => s.channelSaves.tls)
  const saveChannelSettings = useFrontlineStore((s) => s.saveChannelSettings)
  const [certFile, setCertFile] = useState<string | null>(null)
  const [keyFile, setKeyFile] = useState<string | null>(null)
  const [behindProxy, setBehindProxy] = useState<boolean | null>(null)
  const ids = { cert: useId(), key: useId(), proxy: useId(), certError: useId(), keyError: useId() }
  const errors = fieldErrors(save, '', ['tls.certFile', 'tls.keyFile'])
  const cert = certFile ?? settings.tls?.certFile ?? ''
  const key = keyFile ?? settings.tls?.keyFile ?? ''
  const proxy = behindProxy ?? settings.behindProxy

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const tls = cert.trim() === '' && key.trim() === '' ? null : { certFile: cert, keyFile: key }
    if (await saveChannelSettings('tls', { tls, behindProxy: proxy })) {
      setCertFile(null)
      setKeyFile(null)
      setBehindProxy(null)
    }
  }

  const pathField = (
    label: string,
    id: string,
    errorId: string,
    value: string,
    field: string,
    set: (v: string) => void
  ) => (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <input
        id={id}
        className="field__input field__input--mono"
        value={value}
        spellCheck={false}
        placeholder="/etc/ssl/frontline/…"
        aria-invalid={errors.byField[field] !== undefined}
        aria-describedby={errors.byField[field] ? errorId : undefined}
        onChange={(event) => set(event.target.value)}
      />
      {errors.byField[field] ? (
        <p id={errorId} className="field__error">
          {errors.byField[field]}
        </p>
      ) : null}
    </div>
  )

  return (
    <form className="settings-form" onSubmit={(event) => void submit(event)} noValidate>
      <div className="settings-grid-2">
        {pathField('TLS certificate file (PEM)', ids.cert, ids.certError, cert, 'tls.certFile', setCertFile)}
        {pathField('TLS private key file (PEM)', ids.key, ids.keyError, key, 'tls.keyFile', setKeyFile)}
      </div>
      <label className="checkbox-field" htmlFor={ids.proxy}>
        <input
          id={ids.proxy}
          type="checkbox"
          checked={proxy}
          onChange={(event) => setBehindProxy(event.target.checked)}
        />{' '}
        A TLS proxy in front of this server terminates HTTPS (the API may then listen beyond this computer)
      </label>
      <div className="settings-form__actions">
        <button type="submit" className="button" disabled={save?.state === 'saving'}>
          {save?.state === 'saving' ? 'Saving…' : 'Save TLS'}
        </button>
        <SaveFeedback
          save={save}
          generalError={errors.general}
          savedWords="Saved: it applies the next time the API starts."
        />
      </div>
    </form>
  )
}
