import { useEffect, useState, type FormEvent } from 'react'
import type { ArticleSummary } from '../../../../shared/domain/kb'
import { getApi } from '../../api'

interface Draft {
  id: string | null
  title: string
  body: string
  tags: string
  language: string
  status: 'published' | 'draft'
}

const empty: Draft = { id: null, title: '', body: '', tags: '', language: 'en', status: 'draft' }

/**
 * The help center's articles: written here by leads (or imported with `frontline kb import DIR`),
 * searched by the agent's search_help_center tool when published. The returns article is written
 * from the rules themselves and is read-only.
 */
export function KbSettings() {
  const [articles, setArticles] = useState<ArticleSummary[]>([])
  const [edit, setEdit] = useState<Draft | null>(null)
  const [message, setMessage] = useState<string | null>(null)

  const reload = () =>
    void getApi()
      .invoke('kb.list', {})
      .then((r) => (r.ok ? setArticles(r.value) : setMessage(r.error.message)))
  useEffect(reload, [])

  const open = async (summary: ArticleSummary): Promise<void> => {
    const result = await getApi().invoke('kb.get', { articleId: summary.id })
    if (!result.ok) return setMessage(result.error.message)
    const a = result.value
    setEdit({
      id: a.id,
      title: a.title,
      body: a.body,
      tags: a.tags.join(', '),
      language: a.language,
      status: a.status
    })
  }

  const save = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    if (!edit) return
    const article = {
      title: edit.title,
      body: edit.body,
      tags: edit.tags
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      language: edit.language,
      status: edit.status
    }
    const result =
      edit.id === null
        ? await getApi().invoke('kb.create', article)
        : await getApi().invoke('kb.update', { articleId: edit.id, article })
    if (!result.ok) {
      const issue = result.error.issues?.[0]
      setMessage(issue ? `${issue.field}: ${issue.message}` : result.error.message)
      return
    }
    setMessage(`Saved "${result.value.title}".`)
    setEdit(null)
    reload()
  }

  const remove = async (article: ArticleSummary): Promise<void> => {
    const result = await getApi().invoke('kb.delete', { articleId: article.id })
    setMessage(result.ok ? `Deleted "${article.title}".` : result.error.message)
    reload()
  }

  return (
    <section className="card settings-card" aria-labelledby="kb-heading">
      <header className="card__header">
        <div>
          <h2 id="kb-heading" className="card__title">
            Help center
          </h2>
          <p className="card__subtitle">
            Articles the AI searches and quotes (published ones only). Import a folder of Markdown with{' '}
            <code>frontline kb import DIR</code>.
          </p>
        </div>
      </header>
      <div className="card__body">
        <ul className="helpdesk-list" aria-label="Articles">
          {articles.map((article) => (
            <li key={article.id}>
              <span className="helpdesk-list__name">{article.title}</span>
              <span className="muted">
                {article.id} · {article.status} · {article.language}
                {article.source === 'policy' ? ' · written from the rules' : ''}
              </span>
              {article.source === 'policy' ? null : (
                <>
                  <button type="button" className="link-like" onClick={() => void open(article)}>
                    Edit
                  </button>
                  <button type="button" className="link-like" onClick={() => void remove(article)}>
                    Delete
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
        <button type="button" className="button button--quiet" onClick={() => setEdit(empty)}>
          New article
        </button>
        {edit ? (
          <form className="helpdesk-form" onSubmit={(event) => void save(event)}>
            <label>
              Title
              <input
                value={edit.title}
                maxLength={200}
                onChange={(e) => setEdit({ ...edit, title: e.target.value })}
              />
            </label>
            <label>
              Body (Markdown)
              <textarea
                rows={8}
                value={edit.body}
                onChange={(e) => setEdit({ ...edit, body: e.target.value })}
              />
            </label>
            <label>
              Tags (comma-separated)
              <input value={edit.tags} onChange={(e) => setEdit({ ...edit, tags: e.target.value })} />
            </label>
            <label>
              Language
              <input
                value={edit.language}
                maxLength={2}
                onChange={(e) => setEdit({ ...edit, language: e.target.value })}
              />
            </label>
            <label>
              Status
              <select
                value={edit.status}
                onChange={(e) => setEdit({ ...edit, status: e.target.value as Draft['status'] })}
              >
                <option value="draft">Draft</option>
                <option value="published">Published</option>
              </select>
            </label>
            <div className="draft-actions">
              <button type="submit" className="button">
                Save article
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
