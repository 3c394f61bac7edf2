import { useId, useState, type FormEvent } from 'react'
import type { ChannelSettings } from '../../../../shared/domain/channel'
import { useFrontlineStore } from '../../store'
import { fieldErrors } from './field-errors'
import { LinesField } from './LinesField'
import { SaveFeedback } from './SaveFeedback'

const originsOf = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')

/** `corsOrigins.2` names the third origin sent; say which line of the box that was. */
function originErrors(byField: Record<string, string>, sent: readonly string[]): string | null {
  const lines = Object.entries(byField).map(([field, message]) => {
    const index = /^corsOrigins\.(\d+)$/.exec(field)?.[1]
    if (index === undefined) return message
    const origin = sent[Number(index)]
    return `Line ${Number(index) + 1}${origin ? ` (${origin})` : ''}: ${message}`
  })
  return lines.length > 0 ? lines.join(' ') : null
}

/** Browser origins allowed to call the API from a web page. */
export function ChannelCorsOrigins({ corsOrigins }: { corsOrigins: readonly string[] }) {
  const save = useFrontlineStore((s) => s.channelSaves.cors)
  const saveChannelSettings = useFrontlineStore((s) => s.saveChannelSettings)
  const saved = corsOrigins.join('\n')
  const [text, setText] = useState<string | null>(null)
  const [sent, setSent] = useState<string[]>([])
  const value = text ?? saved
  const errors = fieldErrors(save, '')
  const fieldError = originErrors(errors.byField, sent)

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const origins = originsOf(value)
    setSent(origins)
    if (await saveChannelSettings('cors', { corsOrigins: origins })) setText(null)
  }

  return (
    <form className="settings-form" onSubmit={(event) => void submit(event)} noValidate>
      <LinesField
        label="Allowed website origins (CORS)"
        value={value}
        placeholder="https://shop.example.com"
        error={fieldError}
        onChange={setText}
        hint="One a line, as the browser sends it: scheme and host, no path. Web pages from other sites cannot call the API. Leave empty when only your server calls it. Applies at once."
      />
      <div className="settings-form__actions">
        <button type="submit" className="button" disabled={save?.state === 'saving' || value === saved}>
          {save?.state === 'saving' ? 'Saving…' : 'Save origins'}
        </button>
        <SaveFeedback
          save={save}
          generalError={fieldError ? null : errors.general}
          savedWords={
            corsOrigins.length === 0
              ? 'No website may call the API from the browser.'
              : `${corsOrigins.length === 1 ? 'One origin' : `${corsOrigins.length} origins`} allowed.`
          }
        />
      </div>
    </form>
  )
}

type Limits = ChannelSettings['rateLimits']
const LIMIT_FIELDS: readonly { id: keyof Limits; label: string; hint: string }[] = [
  {
    id: 'perCustomerPerMinute',
    label: 'Messages per customer per minute',
    hint: 'More than this from one customer is refused with “try again shortly”.'
  },
  {
    id: 'perIpPerMinute',
    label: 'Requests per address (IP) per minute',
    hint: 'Your web server calling for every customer counts as one address: keep this high.'
  },
  {
    id: 'perKeyPerMinute',
    label: 'Requests per channel key per minute',
    hint: 'All requests made with one key, from every address: a key given to browsers is shared by all.'
  }
]

/** Empty stays empty (the core names the field); anything else is sent as the number it reads as. */
const toNumber = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text))

/** How much one customer, one address and one key may send before the API refuses for a while. */
export function ChannelRateLimits({ rateLimits }: { rateLimits: Limits }) {
  const save = useFrontlineStore((s) => s.channelSaves.rateLimits)
  const saveChannelSettings = useFrontlineStore((s) => s.saveChannelSettings)
  const [edits, setEdits] = useState<Partial<Record<keyof Limits, string>>>({})
  const [notNumbers, setNotNumbers] = useState<ReadonlySet<keyof Limits>>(new Set())
  const baseId = useId()
  const errors = fieldErrors(
    save,
    'rateLimits.',
    LIMIT_FIELDS.map((f) => f.id)
  )
  const valueOf = (id: keyof Limits): string => edits[id] ?? String(rateLimits[id])
  const changed = LIMIT_FIELDS.some((f) => valueOf(f.id) !== String(rateLimits[f.id]))

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const numbers = Object.fromEntries(LIMIT_FIELDS.map((f) => [f.id, toNumber(valueOf(f.id))])) as Limits
    // NaN would cross the bridge as null: say it here, in words.
    const bad = new Set(LIMIT_FIELDS.filter((f) => Number.isNaN(numbers[f.id])).map((f) => f.id))
    setNotNumbers(bad)
    if (bad.size > 0) return
    if (await saveChannelSettings('rateLimits', { rateLimits: numbers })) setEdits({})
  }

  return (
    <form className="settings-form" onSubmit={(event) => void submit(event)} noValidate>
      <div className="settings-grid-2 channel-limits">
        {LIMIT_FIELDS.map((f) => {
          const inputId = `${baseId}-${f.id}`
          const error = notNumbers.has(f.id) ? 'Enter a whole number.' : (errors.byField[f.id] ?? null)
          return (
            <div key={f.id} className="field">
              <label htmlFor={inputId} className="field__label">
                {f.label}
              </label>
              <input
                id={inputId}
                className="field__input number-input__input"
                type="text"
                inputMode="numeric"
                value={valueOf(f.id)}
                aria-invalid={error !== null}
                aria-describedby={error ? `${inputId}-error ${inputId}-hint` : `${inputId}-hint`}
                onChange={(event) => {
                  setEdits({ ...edits, [f.id]: event.target.value })
                  setNotNumbers(new Set([...notNumbers].filter((id) => id !== f.id)))
                }}
              />
              {error ? (
                <p id={`${inputId}-error`} className="field__error">
                  {error}
                </p>
              ) : null}
              <p id={`${inputId}-hint`} className="field__hint">
                {f.hint}
              </p>
            </div>
          )
        })}
      </div>
      <div className="settings-form__actions">
        <button type="submit" className="button" disabled={save?.state === 'saving' || !changed}>
          {save?.state === 'saving' ? 'Saving…' : 'Save limits'}
        </button>
        <SaveFeedback
          save={save}
          generalError={errors.general}
          savedWords="Rate limits saved: they apply at once."
        />
      </div>
    </form>
  )
}
