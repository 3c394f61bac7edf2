import { useId, useState, type FormEvent } from 'react'
import { useFrontlineStore } from '../../store'
import { parseDecimalText } from '../../../../shared/domain/setting-values'
import { fieldErrors } from './field-errors'
import { SaveFeedback } from './SaveFeedback'

/** Empty means no budget; a plain decimal is sent, and the core says what it refuses (e.g. fractions of a cent). */
const parseBudget = (text: string): number | null => (text.trim() === '' ? null : parseDecimalText(text))

export function BudgetSettings({ dailyBudgetUsd }: { dailyBudgetUsd: number | null }) {
  const saveSettings = useFrontlineStore((s) => s.saveSettings)
  const save = useFrontlineStore((s) => s.settingsSaves.budget)
  const saved = dailyBudgetUsd === null ? '' : String(dailyBudgetUsd)
  const [text, setText] = useState<string | null>(null)
  const [notANumber, setNotANumber] = useState(false)
  const value = text ?? saved
  const inputId = useId()
  const hintId = useId()
  const errorId = useId()
  const errors = fieldErrors(save, '', ['dailyBudgetUsd'])
  const fieldError = notANumber
    ? 'Enter an amount in dollars, e.g. 25 or 7.50.'
    : (errors.byField.dailyBudgetUsd ?? null)

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const budget = parseBudget(value)
    // NaN (also what "1e999" or "0x10" parse to) would cross the bridge as null, which means "no budget".
    setNotANumber(budget !== null && Number.isNaN(budget))
    if (budget !== null && Number.isNaN(budget)) return
    if (await saveSettings('budget', { dailyBudgetUsd: budget })) setText(null)
  }

  return (
    <section className="card settings-card" aria-labelledby="budget-heading">
      <header className="card__header">
        <div>
          <h2 id="budget-heading" className="card__title">
            Daily budget
          </h2>
          <p className="card__subtitle">
            When today&apos;s AI spend reaches it, drafts are written from templates until midnight UTC.
          </p>
        </div>
      </header>
      <form className="card__body settings-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor={inputId} className="field__label">
            Daily budget (USD)
          </label>
          <div className="field__row">
            <div className="money-input">
              <span className="money-input__prefix" aria-hidden="true">
                $
              </span>
              <input
                id={inputId}
                className="field__input money-input__input"
                type="text"
                inputMode="decimal"
                value={value}
                placeholder="No limit"
                aria-invalid={fieldError !== null}
                aria-describedby={fieldError ? `${errorId} ${hintId}` : hintId}
                onChange={(event) => {
                  setText(event.target.value)
                  setNotANumber(false)
                }}
              />
            </div>
            <button type="submit" className="button" disabled={save?.state === 'saving' || value === saved}>
              {save?.state === 'saving' ? 'Saving…' : 'Save budget'}
            </button>
          </div>
          {fieldError ? (
            <p id={errorId} className="field__error">
              {fieldError}
            </p>
          ) : null}
          <p id={hintId} className="field__hint">
            Leave empty for no limit. The demo model is free and never counts against it.
          </p>
        </div>
        <SaveFeedback
          save={save}
          generalError={errors.general}
          savedWords={
            dailyBudgetUsd === null ? 'No daily budget.' : `Daily budget set to $${dailyBudgetUsd}.`
          }
        />
      </form>
    </section>
  )
}
