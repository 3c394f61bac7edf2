import { useFrontlineStore } from '../../store'
import type { ModelChoice } from '../../store/draft-slice'

const SEPARATOR = '\u0000'
const encode = (choice: ModelChoice): string => `${choice.providerId}${SEPARATOR}${choice.model}`
const decode = (value: string): ModelChoice => {
  const [providerId = '', model = ''] = value.split(SEPARATOR)
  return { providerId, model }
}

interface ModelPickerProps {
  value: ModelChoice | null
  onChange(choice: ModelChoice): void
  disabled?: boolean
}

/** Which model writes the next draft: every provider's models from Settings; those without a key cannot be picked. */
export function ModelPicker({ value, onChange, disabled }: ModelPickerProps) {
  const settings = useFrontlineStore((s) => s.settings.data)
  if (!settings) return null
  const selected = value ?? settings.defaultModel
  return (
    <label className="model-picker">
      <span className="visually-hidden">Model</span>
      <select
        value={encode(selected)}
        disabled={disabled}
        onChange={(event) => onChange(decode(event.target.value))}
      >
        {settings.providers.map((provider) => (
          <optgroup
            key={provider.id}
            label={provider.keySet ? provider.name : `${provider.name} (no API key)`}
          >
            {provider.models.map((model) => {
              const choice = { providerId: provider.id, model: model.id }
              const isDefault =
                settings.defaultModel.providerId === provider.id && settings.defaultModel.model === model.id
              return (
                <option key={model.id} value={encode(choice)} disabled={!provider.keySet}>
                  {model.id}
                  {isDefault ? ' (default)' : ''}
                </option>
              )
            })}
          </optgroup>
        ))}
      </select>
    </label>
  )
}
