import { useId, useState, type FormEvent, type ReactNode } from 'react'
import type { ProviderView } from '../../../../shared/domain/settings'
import { Badge } from '../../components/Badge'
import { formatDate } from '../../format'
import { useFrontlineStore } from '../../store'
import type { SettingsUpdate } from '../../store/settings-slice'
import { parseDecimalText } from '../../../../shared/domain/setting-values'
import { fieldErrors } from './field-errors'
import { SaveFeedback } from './SaveFeedback'

interface ModelDraft {
  id: string
  input: string
  output: string
  cached: string
}

interface ProviderDraft {
  baseURL: string
  models: ModelDraft[]
  requestsPerMinute: string
  tokensPerMinute: string
  maxInFlight: string
}

const draftOf = (provider: ProviderView): ProviderDraft => ({
  baseURL: provider.baseURL,
  models: provider.models.map((m) => ({
    id: m.id,
    input: String(m.inputPerMTok),
    output: String(m.outputPerMTok),
    cached: m.cachedInputPerMTok === undefined ? '' : String(m.cachedInputPerMTok)
  })),
  requestsPerMinute: String(provider.rateLimits.requestsPerMinute),
  tokensPerMinute: String(provider.rateLimits.tokensPerMinute),
  maxInFlight: String(provider.rateLimits.maxInFlight)
})

/**
 * Only a plain decimal is a number here ("0x10" and "1e999" are not); anything else, an empty box
 * included, goes to the core as "no number", which the core refuses by field.
 */
const numberOf = parseDecimalText

const updateOf = (id: string, draft: ProviderDraft): NonNullable<SettingsUpdate['provider']> => ({
  id,
  baseURL: draft.baseURL.trim(),
  models: draft.models.map((m) => ({
    id: m.id,
    inputPerMTok: numberOf(m.input),
    outputPerMTok: numberOf(m.output),
    ...(m.cached.trim() === '' ? {} : { cachedInputPerMTok: numberOf(m.cached) })
  })),
  rateLimits: {
    requestsPerMinute: numberOf(draft.requestsPerMinute),
    tokensPerMinute: numberOf(draft.tokensPerMinute),
    maxInFlight: numberOf(draft.maxInFlight)
  }
})

interface NumberFieldProps {
  label: ReactNode
  value: string
  error: string | undefined
  onChange(value: string): void
  /** Visible label or, in a table, only an accessible one. */
  hiddenLabel?: boolean
  suffix?: string
}

function NumberField({ label, value, error, onChange, hiddenLabel, suffix }: NumberFieldProps) {
  const id = useId()
  const errorId = useId()
  return (
    <div className="field">
      <label htmlFor={id} className={hiddenLabel ? 'visually-hidden' : 'field__label'}>
        {label}
      </label>
      <div className="number-input">
        <input
          id={id}
          className="field__input number-input__input"
          type="text"
          inputMode="decimal"
          value={value}
          aria-invalid={error !== undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
        {suffix ? <span className="number-input__suffix">{suffix}</span> : null}
      </div>
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
    </div>
  )
}

function ApiKeyForm({ provider }: { provider: ProviderView }) {
  const saveApiKey = useFrontlineStore((s) => s.saveApiKey)
  const save = useFrontlineStore((s) => s.settingsSaves[`key:${provider.id}`])
  const keychain = useFrontlineStore((s) => s.settings.data?.keyStorage.kind === 'os-keychain')
  const [key, setKey] = useState('')
  const id = useId()
  const errorId = useId()
  const errors = fieldErrors(save, '', ['apiKey'])
  const fieldError = errors.byField.apiKey

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    if (await saveApiKey(provider.id, key)) setKey('')
  }

  return (
    <form className="settings-form api-key-form" onSubmit={(event) => void submit(event)} noValidate>
      <div className="field">
        <label htmlFor={id} className="field__label">
          API key{' '}
          {provider.keySet ? (
            <Badge tone="success">Set</Badge>
          ) : provider.keyNeeded ? (
            <Badge tone="warning">Key needed</Badge>
          ) : (
            <Badge tone="warning">Not set</Badge>
          )}
        </label>
        <div className="field__row">
          <input
            id={id}
            className="field__input field__input--mono"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={key}
            placeholder={
              provider.keySet
                ? 'Enter a new key to replace the saved one'
                : 'Paste the key from your provider'
            }
            aria-invalid={fieldError !== undefined}
            aria-describedby={fieldError ? errorId : undefined}
            onChange={(event) => setKey(event.target.value)}
          />
          <button type="submit" className="button" disabled={key.trim() === '' || save?.state === 'saving'}>
            {save?.state === 'saving' ? 'Saving…' : 'Save key'}
          </button>
        </div>
        {fieldError ? (
          <p id={errorId} className="field__error">
            {fieldError}
          </p>
        ) : null}
        {provider.keyNeeded ? <p className="field__hint field__hint--warning">{provider.keyNeeded}</p> : null}
        <p className="field__hint">
          {`${keychain ? 'Encrypted with your system’s keychain' : 'Kept by Frontline’s core in a file only you can read'}; this page only ever learns whether one is set.`}
        </p>
      </div>
      <SaveFeedback save={save} generalError={errors.general} savedWords="Key saved." />
    </form>
  )
}

function ProviderForm({ provider }: { provider: ProviderView }) {
  const saveSettings = useFrontlineStore((s) => s.saveSettings)
  const save = useFrontlineStore((s) => s.settingsSaves[`provider:${provider.id}`])
  const [draft, setDraft] = useState<ProviderDraft>(() => draftOf(provider))
  const baseUrlId = useId()
  const baseUrlErrorId = useId()
  const errors = fieldErrors(save, 'provider.')
  const at = (field: string): string | undefined => errors.byField[field]

  const setModel = (index: number, change: Partial<ModelDraft>): void =>
    setDraft((d) => ({ ...d, models: d.models.map((m, i) => (i === index ? { ...m, ...change } : m)) }))

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    await saveSettings(`provider:${provider.id}`, { provider: updateOf(provider.id, draft) })
  }

  return (
    <form className="settings-form" onSubmit={(event) => void submit(event)} noValidate>
      <div className="field">
        <label htmlFor={baseUrlId} className="field__label">
          Base URL
        </label>
        <input
          id={baseUrlId}
          className="field__input field__input--mono"
          type="url"
          value={draft.baseURL}
          aria-invalid={at('baseURL') !== undefined}
          aria-describedby={at('baseURL') ? baseUrlErrorId : undefined}
          onChange={(event) => setDraft((d) => ({ ...d, baseURL: event.target.value }))}
        />
        {at('baseURL') ? (
          <p id={baseUrlErrorId} className="field__error">
            {at('baseURL')}
          </p>
        ) : null}
      </div>

      <fieldset className="settings-fieldset">
        <legend className="field__label">Models and prices (USD per million tokens)</legend>
        <table className="data-table price-table">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Input</th>
              <th scope="col">Output</th>
              <th scope="col">Cached input</th>
            </tr>
          </thead>
          <tbody>
            {draft.models.map((model, index) => (
              <tr key={model.id}>
                <th scope="row" className="mono">
                  {model.id}
                </th>
                <td>
                  <NumberField
                    hiddenLabel
                    label={`${model.id} input price per million tokens`}
                    value={model.input}
                    error={at(`models.${index}.inputPerMTok`)}
                    onChange={(input) => setModel(index, { input })}
                  />
                </td>
                <td>
                  <NumberField
                    hiddenLabel
                    label={`${model.id} output price per million tokens`}
                    value={model.output}
                    error={at(`models.${index}.outputPerMTok`)}
                    onChange={(output) => setModel(index, { output })}
                  />
                </td>
                <td>
                  <NumberField
                    hiddenLabel
                    label={`${model.id} cached input price per million tokens`}
                    value={model.cached}
                    error={at(`models.${index}.cachedInputPerMTok`)}
                    onChange={(cached) => setModel(index, { cached })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="field__hint price-source">
          Default prices from <span className="price-source__url">{provider.source.url}</span>, checked{' '}
          {formatDate(`${provider.source.checkedOn}T12:00:00Z`)}
          {provider.source.note ? <> — {provider.source.note}</> : null}
        </p>
      </fieldset>

      <fieldset className="settings-fieldset">
        <legend className="field__label">Rate limits</legend>
        <div className="settings-grid-3">
          <NumberField
            label="Requests per minute"
            value={draft.requestsPerMinute}
            error={at('rateLimits.requestsPerMinute')}
            onChange={(requestsPerMinute) => setDraft((d) => ({ ...d, requestsPerMinute }))}
          />
          <NumberField
            label="Tokens per minute"
            value={draft.tokensPerMinute}
            error={at('rateLimits.tokensPerMinute')}
            onChange={(tokensPerMinute) => setDraft((d) => ({ ...d, tokensPerMinute }))}
          />
          <NumberField
            label="Requests at once"
            value={draft.maxInFlight}
            error={at('rateLimits.maxInFlight')}
            onChange={(maxInFlight) => setDraft((d) => ({ ...d, maxInFlight }))}
          />
        </div>
      </fieldset>

      <div className="settings-form__actions">
        <button type="submit" className="button" disabled={save?.state === 'saving'}>
          {save?.state === 'saving' ? 'Saving…' : 'Save provider'}
        </button>
        <button
          type="button"
          className="button button--quiet"
          onClick={() => setDraft(draftOf(provider))}
          disabled={save?.state === 'saving'}
        >
          Undo changes
        </button>
        <SaveFeedback save={save} generalError={errors.general} savedWords={`${provider.name} saved.`} />
      </div>
    </form>
  )
}

/** One AI provider: its key (set or not), endpoint, prices and limits, folded until opened. */
export function ProviderCard({ provider, isDefault }: { provider: ProviderView; isDefault: boolean }) {
  const headingId = useId()
  const demo = provider.id === 'demo'
  return (
    <section className="provider-card" aria-labelledby={headingId}>
      <details open={isDefault && !demo}>
        <summary className="provider-card__summary">
          <span className="provider-card__title">
            <span id={headingId} className="provider-card__name">
              {provider.name}
            </span>
            <span className="provider-card__url mono">{demo ? 'built in, offline' : provider.baseURL}</span>
          </span>
          <span className="provider-card__badges">
            {isDefault ? <Badge tone="info">Default</Badge> : null}
            {demo ? (
              <Badge tone="neutral">Free</Badge>
            ) : provider.keySet ? (
              <Badge tone="success">Key set</Badge>
            ) : provider.keyNeeded ? (
              <Badge tone="warning">Key needed</Badge>
            ) : (
              <Badge tone="muted">No key</Badge>
            )}
            <span className="provider-card__models muted">{provider.models.map((m) => m.id).join(', ')}</span>
          </span>
        </summary>
        <div className="provider-card__body">
          {demo ? (
            <p className="muted">
              The demo model runs inside Frontline over the sample shop: no key, no network, no cost. It
              cannot be edited.
            </p>
          ) : (
            <>
              <ApiKeyForm provider={provider} />
              <ProviderForm provider={provider} />
            </>
          )}
        </div>
      </details>
    </section>
  )
}
