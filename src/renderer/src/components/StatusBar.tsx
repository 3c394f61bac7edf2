import type { StatusView } from '../../../shared/domain/settings'
import { formatCount, formatMicroUsd, formatTime, plural } from '../format'
import { useFrontlineStore } from '../store'
import { usePendingApprovals } from './NavRail'

type ProviderStatus = StatusView['providers'][number]

const hostLabel = { electron: 'Desktop', web: 'Browser', 'in-process': 'Local', team: 'Team server' } as const

/** The breaker's state in the words of someone who does not know what a breaker is, and in its own. */
function healthWords(provider: ProviderStatus): { tone: string; text: string; detail: string } {
  if (provider.state === 'open') {
    return {
      tone: 'danger',
      text: `Breaker open: paused${provider.retryAt ? ` until ${formatTime(provider.retryAt)}` : ''}`,
      detail: `Calls to ${provider.name} failed repeatedly, so Frontline stopped calling it for a while; drafts are written without the AI meanwhile.${provider.lastError ? ` Last error: ${provider.lastError}` : ''}`
    }
  }
  if (provider.state === 'half_open') {
    return {
      tone: 'warning',
      text: 'Breaker half-open: testing',
      detail: `${provider.name} was failing; one call is checking whether it is back.`
    }
  }
  return provider.lastError
    ? { tone: 'warning', text: 'Errors', detail: `Last error: ${provider.lastError}` }
    : { tone: 'success', text: 'Healthy', detail: `${provider.name} is answering normally.` }
}

/** The providers worth a glance: the one drafting by default, and any that is busy or unwell. */
function providersToShow(status: StatusView, defaultProviderId: string | null): ProviderStatus[] {
  const main = defaultProviderId ?? (status.demoMode ? 'demo' : null)
  return status.providers.filter(
    (p) => p.providerId === main || p.state !== 'closed' || p.inFlight > 0 || p.queued > 0 || p.lastError
  )
}

function Spend({ status }: { status: StatusView }) {
  const spent = formatMicroUsd(status.spentTodayMicroUsd)
  if (status.budgetMicroUsd === null) {
    return (
      <span className="status-bar__item" title="No daily AI budget is set (Settings).">
        Today {spent} · no budget
      </span>
    )
  }
  const share = status.budgetMicroUsd > 0 ? status.spentTodayMicroUsd / status.budgetMicroUsd : 1
  return (
    <span className={`status-bar__item${share >= 0.9 ? ' status-bar__item--alert' : ''}`}>
      Today {spent} of {formatMicroUsd(status.budgetMicroUsd)}
      <meter
        className="status-bar__meter"
        min={0}
        max={status.budgetMicroUsd}
        low={status.budgetMicroUsd * 0.7}
        high={status.budgetMicroUsd * 0.9}
        optimum={0}
        value={Math.min(status.spentTodayMicroUsd, status.budgetMicroUsd)}
        aria-label="Today's AI spend against the daily budget"
      />
    </span>
  )
}

/** Everywhere, at the bottom: is the AI well, what is being drafted, what it cost today, and demo mode. */
export function StatusBar() {
  const status = useFrontlineStore((s) => s.status)
  const info = useFrontlineStore((s) => s.appInfo.data)
  const defaultProviderId = useFrontlineStore((s) => s.settings.data?.defaultModel.providerId ?? null)
  const bulk = useFrontlineStore((s) => s.bulk)
  const setView = useFrontlineStore((s) => s.setView)
  const loadStatus = useFrontlineStore((s) => s.loadStatus)
  const pending = usePendingApprovals()
  const data = status.data
  const demoMode = data?.demoMode ?? info?.demoMode ?? false

  // Waiting: in the providers' queues, and tickets of a bulk run not yet started.
  const bulkWaiting =
    bulk?.state === 'running' ? Math.max(0, bulk.total - bulk.done - (data?.draftsInFlight ?? 0)) : 0
  const queued = (data?.providers.reduce((n, p) => n + p.queued, 0) ?? 0) + bulkWaiting

  return (
    <footer className="status-bar" aria-label="Status bar">
      {demoMode ? (
        <span
          className="status-bar__demo"
          title="No API key is in use: drafts come from Frontline's offline demo model over the sample shop."
        >
          Demo mode
        </span>
      ) : null}
      {status.status === 'error' && !data ? (
        <span className="status-bar__item status-bar__item--alert">
          Status unavailable: {status.error?.message}{' '}
          <button type="button" className="link-like" onClick={() => void loadStatus()}>
            Retry
          </button>
        </span>
      ) : null}
      {data ? (
        <>
          <ul className="status-bar__providers" aria-label="AI providers">
            {providersToShow(data, defaultProviderId).map((provider) => {
              const health = healthWords(provider)
              return (
                <li
                  key={provider.providerId}
                  className="status-bar__item"
                  title={health.detail}
                  data-breaker={provider.state}
                >
                  <span className={`status-dot status-dot--${health.tone}`} aria-hidden="true" />
                  <span className="status-bar__provider">{provider.name}</span>
                  <span className={`status-bar__health status-bar__health--${health.tone}`}>
                    {health.text}
                  </span>
                </li>
              )
            })}
          </ul>
          <span className="status-bar__item">
            {plural(data.draftsInFlight, 'draft')} in flight · {formatCount(queued)} queued
          </span>
          <Spend status={data} />
          {pending !== null ? (
            <button type="button" className="status-bar__link" onClick={() => setView('approvals')}>
              {plural(pending, 'action')} awaiting approval
            </button>
          ) : null}
        </>
      ) : null}
      <span className="status-bar__spacer" />
      {info ? (
        <span className="status-bar__host" title={info.dbPath}>
          {hostLabel[info.host]} · v{info.version}
        </span>
      ) : null}
    </footer>
  )
}
