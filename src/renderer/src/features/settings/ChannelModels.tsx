import { useState, type FormEvent } from 'react'
import type { ChannelModel } from '../../../../shared/domain/channel'
import { useFrontlineStore } from '../../store'
import { fieldErrors } from './field-errors'
import { LinesField } from './LinesField'
import { SaveFeedback } from './SaveFeedback'

const DEFAULT_WORD = 'default'

const lineOf = (m: ChannelModel): string =>
  `${m.name} = ${m.use ? `${m.use.providerId}/${m.use.model}` : DEFAULT_WORD}`

/** `name = provider/model` or `name = default`, one a line; a line without "=" means the default model. */
function modelsOf(text: string): ChannelModel[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [name = '', target = DEFAULT_WORD] = line.split('=').map((part) => part.trim())
      const slash = target.indexOf('/')
      return {
        name,
        use:
          target === DEFAULT_WORD || target === ''
            ? null
            : {
                providerId: slash < 0 ? target : target.slice(0, slash),
                model: slash < 0 ? '' : target.slice(slash + 1)
              }
      }
    })
}

/** `models.2.use.model` names the third line sent. */
function lineErrors(byField: Record<string, string>): string | null {
  const lines = Object.entries(byField).map(([field, message]) => {
    const index = /^models\.(\d+)/.exec(field)?.[1]
    return index === undefined ? message : `Line ${Number(index) + 1}: ${message}`
  })
  return lines.length > 0 ? lines.join(' ') : null
}

/** The model names chat clients may send, each answered by a provider/model the operator chose. */
export function ChannelModels({ models }: { models: readonly ChannelModel[] }) {
  const save = useFrontlineStore((s) => s.channelSaves.models)
  const saveChannelSettings = useFrontlineStore((s) => s.saveChannelSettings)
  const saved = models.map(lineOf).join('\n')
  const [text, setText] = useState<string | null>(null)
  const value = text ?? saved
  const errors = fieldErrors(save, '')
  const fieldError = lineErrors(errors.byField)

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    if (await saveChannelSettings('models', { models: modelsOf(value) })) setText(null)
  }

  return (
    <form className="settings-form" onSubmit={(event) => void submit(event)} noValidate>
      <LinesField
        label="Models clients may ask for"
        value={value}
        placeholder="deepseek-v3.2 = default"
        error={fieldError}
        onChange={setText}
        hint="One a line: the name a client sends, then “= provider/model” (e.g. fast = openai/gpt-4.1-mini) or “= default” for the default model. A chat without a model uses the default; any other name is refused."
      />
      <div className="settings-form__actions">
        <button type="submit" className="button" disabled={save?.state === 'saving' || value === saved}>
          {save?.state === 'saving' ? 'Saving…' : 'Save channel models'}
        </button>
        <SaveFeedback
          save={save}
          generalError={fieldError ? null : errors.general}
          savedWords={`${models.length === 1 ? 'One model name' : `${models.length} model names`} offered.`}
        />
      </div>
    </form>
  )
}
