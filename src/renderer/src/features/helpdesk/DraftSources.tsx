import { useState } from 'react'
import type { Article, DraftSource } from '../../../../shared/domain/kb'
import { getApi } from '../../api'

function Source({ source }: { source: DraftSource }) {
  const [open, setOpen] = useState(false)
  const [article, setArticle] = useState<Article | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  const toggle = (): void => {
    setOpen((was) => !was)
    if (article || open) return
    void getApi()
      .invoke('kb.get', { articleId: source.articleId })
      .then((result) => {
        if (result.ok) setArticle(result.value)
        else setProblem(result.error.message)
      })
  }

  return (
    <li className="draft-sources__item">
      <button type="button" className="link-like" aria-expanded={open} onClick={toggle}>
        {source.title} <span className="mono muted">{source.articleId}</span>
      </button>
      {open ? (
        <div className="draft-sources__article" role="region" aria-label={source.title}>
          {problem ? (
            <p className="inline-error">Could not open the article: {problem}</p>
          ) : article ? (
            <pre className="draft-sources__body" dir="auto">
              {article.body}
            </pre>
          ) : (
            <p className="muted">Opening…</p>
          )}
        </div>
      ) : null}
    </li>
  )
}

/** The help-center articles the agent looked up for this draft (from its trace), to open and check. */
export function DraftSources({ sources }: { sources: readonly DraftSource[] }) {
  if (sources.length === 0) return null
  return (
    <section className="draft-sources" aria-label="Sources">
      <h4 className="draft-sources__title">Sources</h4>
      <ul className="draft-sources__list">
        {sources.map((source) => (
          <Source key={source.articleId} source={source} />
        ))}
      </ul>
    </section>
  )
}
