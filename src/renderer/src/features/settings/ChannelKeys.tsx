import { useId, useState, type FormEvent } from 'react'
import type { ChannelKeyInfo, CreatedChannelKey } from '../../../../shared/domain/channel'
import { Badge } from '../../components/Badge'
import { ErrorNotice } from '../../components/ErrorNotice'
import { formatDateTime } from '../../format'
import { useFrontlineStore } from '../../store'
import { CopyBlock } from './CopyBlock'
import { CharCount } from '../../components/CharCount'
import { fieldErrors } from './field-errors'

/** The contract's limit on a key's name (ChannelKeyName). */
const KEY_NAME_MAX = 100
import { SaveFeedback } from './SaveFeedback'
import { ConfirmButton } from '../../components/ConfirmButton'

/** The key just made, in full, this once: Frontline keeps only its hash, so it cannot show it again. */
function NewKey({ created, onDone }: { created: CreatedChannelKey; onDone(): void }) {
  const headingId = useId()
  return (
    <section className="channel-new-key" aria-labelledby={headingId}>
      <h3 id={headingId} className="channel-new-key__title">
        New key “{created.name}”
      </h3>
      <p className="channel-new-key__warning" role="alert">
        Copy this key now and store it where your website&apos;s server keeps its secrets. It will not be
        shown again: Frontline keeps only a fingerprint of it.
      </p>
      <CopyBlock label="New channel key" text={created.key} />
      <p className="field__hint">
        Your server sends it with every request: <code>Authorization: Bearer {created.prefix}…</code>
      </p>
      <div>
        <button type="button" className="button button--quiet" onClick={onDone}>
          I have copied it
        </button>
      </div>
    </section>
  )
}

function KeyRow({ info }: { info: ChannelKeyInfo }) {
  const save = useFrontlineStore((s) => s.channelSaves[`key:${info.id}`])
  const revoke = useFrontlineStore((s) => s.revokeChannelKey)
  const busy = save?.state === 'saving'
  return (
    <tr aria-label={info.name}>
      <th scope="row">{info.name}</th>
      <td className="mono">{info.prefix}…</td>
      <td>{formatDateTime(info.createdAt)}</td>
      <td>{info.lastUsedAt ? formatDateTime(info.lastUsedAt) : <span className="muted">Never</span>}</td>
      <td>
        {info.revokedAt ? (
          <Badge tone="muted">Revoked {formatDateTime(info.revokedAt)}</Badge>
        ) : (
          <Badge tone="success">Active</Badge>
        )}
        {save?.state === 'failed' ? (
          <p className="field__error" role="alert">
            {save.error.message}
          </p>
        ) : null}
      </td>
      <td className="channel-keys__actions">
        {info.revokedAt ? null : (
          <ConfirmButton
            label="Revoke"
            confirmLabel={`Revoke ${info.name}`}
            busy={busy}
            onConfirm={() => revoke(info.id)}
          />
        )}
      </td>
    </tr>
  )
}

function CreateKeyForm({ onCreated }: { onCreated(created: CreatedChannelKey): void }) {
  const create = useFrontlineStore((s) => s.createChannelKey)
  const save = useFrontlineStore((s) => s.channelSaves['key:create'])
  const [name, setName] = useState('')
  const ids = { name: useId(), error: useId(), hint: useId() }
  const errors = fieldErrors(save, '', ['name'])
  const nameError = errors.byField.name ?? null

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const created = await create(name)
    if (created) {
      setName('')
      onCreated(created)
    }
  }

  return (
    <form className="settings-form" onSubmit={(event) => void submit(event)} noValidate>
      <div className="field">
        <label htmlFor={ids.name} className="field__label">
          Key name
        </label>
        <div className="field__row">
          <input
            id={ids.name}
            className="field__input"
            value={name}
            placeholder="e.g. Shop website"
            maxLength={KEY_NAME_MAX}
            aria-invalid={nameError !== null}
            aria-describedby={nameError ? `${ids.error} ${ids.hint}` : ids.hint}
            onChange={(event) => setName(event.target.value)}
          />
          <button type="submit" className="button" disabled={save?.state === 'saving'}>
            {save?.state === 'saving' ? 'Creating…' : 'Create key'}
          </button>
        </div>
        {nameError ? (
          <p id={ids.error} className="field__error">
            {nameError}
          </p>
        ) : null}
        <p id={ids.hint} className="field__hint">
          One key per system that calls the API, so you can revoke one without stopping the others.{' '}
          <CharCount length={name.length} max={KEY_NAME_MAX} />
        </p>
      </div>
      {save?.state === 'failed' && errors.general ? (
        <SaveFeedback save={save} generalError={errors.general} />
      ) : null}
    </form>
  )
}

/** Bearer keys that open the chat API: made here, shown once, listed by name, revoked at any time. */
export function ChannelKeys({ environmentKey }: { environmentKey: boolean }) {
  const keys = useFrontlineStore((s) => s.channelKeys)
  const loadChannelKeys = useFrontlineStore((s) => s.loadChannelKeys)
  // Kept here, not in the store: leaving Settings forgets it for good.
  const [created, setCreated] = useState<CreatedChannelKey | null>(null)

  return (
    <div className="settings-stack">
      {created ? <NewKey created={created} onDone={() => setCreated(null)} /> : null}
      <CreateKeyForm onCreated={setCreated} />
      {keys.status === 'error' && keys.error ? (
        <ErrorNotice what="the channel keys" error={keys.error} onRetry={() => void loadChannelKeys()} />
      ) : null}
      {keys.data && keys.data.length > 0 ? (
        <div className="channel-keys">
          <table className="data-table" aria-label="Channel keys">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((info) => (
                <KeyRow key={info.id} info={info} />
              ))}
            </tbody>
          </table>
        </div>
      ) : keys.data ? (
        <p className="muted">No channel keys yet.</p>
      ) : null}
      {environmentKey ? (
        <p className="field__hint">
          FRONTLINE_CHANNEL_KEY is set where Frontline runs: that key opens the API too. Remove it from the
          environment to revoke it.
        </p>
      ) : null}
    </div>
  )
}
