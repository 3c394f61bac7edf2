import { useEffect, useId, useState, type FormEvent } from 'react'
import type { Macro } from '../../../../shared/domain/macro'
import { MACRO_VARIABLES } from '../../../../shared/domain/macro'
import { INTENT_LABELS, TicketIntent } from '../../../../shared/domain/triage'
import type { SettableTicketStatus } from '../../../../shared/domain/ticket'
import { downloadText } from '../../download'
import { getApi } from '../../api'

interface Draft {
  id: number | null
  name: string
  body: string
  tags: string
  setStatus: SettableTicketStatus | ''
  aiIntent: TicketIntent | ''
}

const empty: Draft = { id: null, name: '', body: '', tags: '', setStatus: '', aiIntent: '' }
const draftOf = (m: Macro): Draft => ({
  id: m.id,
  name: m.name,
  body: m.body,
  tags: m.addTags.join(', '),
  setStatus: m.setStatus ?? '',
  aiIntent: m.aiIntent ?? ''
})
const STATUSES: SettableTicketStatus[] = ['open', 'pending', 'on_hold', 'solved', 'closed']

/** The team's saved replies: written here by leads, inserted with / in a reply; import and export as JSON. */
export function MacroSettings() {
  const [macros, setMacros] = useState<Macro[]>([])
  const [edit, setEdit] = useState<Draft | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const formId = useId()

  const reload = () =>
    void getApi()
      .invoke('macros.list', {})
      .then((r) => (r.ok ? setMacros(r.value) : setMessage(r.error.message)))
  useEffect(reload, [])

  const save = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    if (!edit) return
    const macro = {
      name: edit.name,
      body: edit.body,
      addTags: edit.tags
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      setStatus: edit.setStatus || null,
      aiIntent: edit.aiIntent || null
    }
    const result =
      edit.id === null
        ? await getApi().invoke('macros.create', macro)
        : await getApi().invoke('macros.update', { id: edit.id, macro })
    if (!result.ok) {
      const issue = result.error.issues?.[0]
      setMessage(issue ? `${issue.field}: ${issue.message}` : result.error.message)
      return
    }
    setMessage(`Saved "${result.value.name}".`)
    setEdit(null)
    reload()
  }

  const remove = async (macro: Macro): Promise<void> => {
    const result = await getApi().invoke('macros.delete', { id: macro.id })
    setMessage(result.ok ? `Deleted "${macro.name}".` : result.error.message)
    if (result.ok) setMacros(result.value)
  }

  const exportFile = async (): Promise<void> => {
    const result = await getApi().invoke('macros.export', {})
    if (!result.ok) return setMessage(result.error.message)
    downloadText(result.value.filename, result.value.json, 'application/json')
  }

  const importFile = async (file: File | undefined): Promise<void> => {
    if (!file) return
    const result = await getApi().invoke('macros.import', { text: await file.text() })
    if (!result.ok) {
      const issue = result.error.issues?.[0]
      return setMessage(`Not imported: ${issue ? `${issue.field}: ${issue.message}` : result.error.message}`)
    }
    setMessage(`Imported: ${result.value.created} new, ${result.value.updated} updated.`)
    reload()
  }

  return (
    <section className="card settings-card" aria-labelledby="macros-heading">
      <header className="card__header">
        <div>
          <h2 id="macros-heading" className="card__title">
            Macros
          </h2>
          <p className="card__subtitle">
            Saved replies, inserted by typing / in a reply. Variables:{' '}
            {Object.keys(MACRO_VARIABLES)
              .map((name) => `{{${name}}}`)
              .join(', ')}
            .
          </p>
        </div>
      </header>
      <div className="card__body">
        <ul className="helpdesk-list" aria-label="Macros">
          {macros.map((macro) => (
            <li key={macro.id}>
              <span className="helpdesk-list__name">{macro.name}</span>
              <button type="button" className="link-like" onClick={() => setEdit(draftOf(macro))}>
                Edit
              </button>
              <button type="button" className="link-like" onClick={() => void remove(macro)}>
                Delete
              </button>
            </li>
          ))}
        </ul>
        <div className="draft-actions">
          <button type="button" className="button button--quiet" onClick={() => setEdit(empty)}>
            New macro
          </button>
          <button type="button" className="button button--quiet" onClick={() => void exportFile()}>
            Export JSON
          </button>
          <label className="button button--quiet">
            Import JSON
            <input
              type="file"
              accept="application/json,.json"
              className="visually-hidden"
              onChange={(event) => void importFile(event.target.files?.[0])}
            />
          </label>
        </div>
        {edit ? (
          <form id={formId} className="helpdesk-form" onSubmit={(event) => void save(event)}>
            <label>
              Name
              <input
                value={edit.name}
                maxLength={80}
                onChange={(e) => setEdit({ ...edit, name: e.target.value })}
              />
            </label>
            <label>
              Text
              <textarea
                rows={5}
                value={edit.body}
                maxLength={20_000}
                onChange={(e) => setEdit({ ...edit, body: e.target.value })}
              />
            </label>
            <label>
              Tags to add (comma-separated)
              <input value={edit.tags} onChange={(e) => setEdit({ ...edit, tags: e.target.value })} />
            </label>
            <label>
              Set status
              <select
                value={edit.setStatus}
                onChange={(e) => setEdit({ ...edit, setStatus: e.target.value as Draft['setStatus'] })}
              >
                <option value="">Leave as it is</option>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {s.replace('_', ' ')}
                  </option>
                ))}
              </select>
            </label>
            <label>
              The AI prefers this wording for
              <select
                value={edit.aiIntent}
                onChange={(e) => setEdit({ ...edit, aiIntent: e.target.value as Draft['aiIntent'] })}
              >
                <option value="">No intent</option>
                {TicketIntent.options.map((intent) => (
                  <option key={intent} value={intent}>
                    {INTENT_LABELS[intent]}
                  </option>
                ))}
              </select>
            </label>
            <div className="draft-actions">
              <button type="submit" className="button">
                Save macro
              </button>
              <button type="button" className="button button--quiet" onClick={() => setEdit(null)}>
                Cancel
              </button>
            </div>
          </form>
        ) : null}
        {message ? (
          <p role="status" className="muted">
            {message}
          </p>
        ) : null}
      </div>
    </section>
  )
}
