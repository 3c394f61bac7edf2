import { formatDateTime } from '../../format'
import { useFrontlineStore } from '../../store'

/** The shop's prompt now, and its versions: who saved each, when, from which replay; restore an older one. */
export function ShopPromptCard() {
  const prompt = useFrontlineStore((s) => s.shopPrompt)
  const history = useFrontlineStore((s) => s.shopPromptHistory)
  const restore = useFrontlineStore((s) => s.restoreShopPrompt)
  const current = prompt.data?.current ?? null
  const versions = history.data?.versions ?? []
  return (
    <section className="card" aria-labelledby="shop-prompt-heading">
      <header className="card__header">
        <h2 id="shop-prompt-heading" className="card__title">
          The shop’s prompt
        </h2>
        <span className="card__subtitle">
          {current ? `Version ${current.id}, saved by ${current.savedBy}` : 'Frontline’s own'}
        </span>
      </header>
      <div className="card__body">
        <pre className="lab__prompt-text" data-testid="shop-prompt">
          {prompt.data?.instructions ?? ''}
        </pre>
        {versions.length > 0 ? (
          <ol className="lab__versions" aria-label="Prompt history">
            {versions.map((version) => (
              <li key={version.id}>
                <span>
                  Version {version.id} · {version.savedBy} · {formatDateTime(version.savedAt)}
                  {version.replayId ? ' · from a replay' : ''}
                  {version.restoredFrom ? ` · restored version ${version.restoredFrom}` : ''}
                  {version.note ? ` · ${version.note}` : ''}
                </span>
                {version.id !== current?.id ? (
                  <button
                    type="button"
                    className="button button--quiet button--compact"
                    onClick={() => void restore(version.id)}
                  >
                    Restore
                  </button>
                ) : (
                  <span className="badge badge--info">In use</span>
                )}
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">No version saved yet: drafts use Frontline’s own instructions.</p>
        )}
      </div>
    </section>
  )
}
