import { useEffect, useId, useState } from 'react'
import type { CostSummary } from '../../../../shared/domain/costs'
import { getApi } from '../../api'
import { downloadCsv } from '../../download'
import { ErrorNotice } from '../../components/ErrorNotice'
import { LoadingRows } from '../../components/LoadingRows'
import { Pager } from '../../components/Pager'
import { formatDateTime } from '../../format'
import { useOpenTicket } from '../../hooks/useOpenTicket'
import { useFrontlineStore } from '../../store'
import { followCosts, TICKET_COSTS_PAGE_SIZE } from '../../store/costs-slice'
import { exactUsd, formatCount, formatMicroUsd, formatTokens } from './format-cost'
import { SpendChart } from './SpendChart'
import { SupportReportCard } from '../helpdesk/SupportReportCard'
import '../console-views.css'
import './costs.css'

type Totals = CostSummary['today']

function StatCard({ label, totals }: { label: string; totals: Totals }) {
  return (
    <section className="card stat-card" aria-label={label}>
      <h2 className="stat-card__label">{label}</h2>
      <p className="stat-card__value" title={`${exactUsd(totals.costMicroUsd)} exactly`}>
        {formatMicroUsd(totals.costMicroUsd)}
      </p>
      <p className="stat-card__detail">
        {formatCount(totals.calls)} {totals.calls === 1 ? 'call' : 'calls'}
        {totals.failedCalls > 0 ? (
          <span className="stat-card__failed"> · {totals.failedCalls} failed</span>
        ) : null}
      </p>
      <dl className="stat-card__tokens">
        <div>
          <dt>Tokens in</dt>
          <dd title={formatCount(totals.tokensIn)}>{formatTokens(totals.tokensIn)}</dd>
        </div>
        <div>
          <dt>Tokens out</dt>
          <dd title={formatCount(totals.tokensOut)}>{formatTokens(totals.tokensOut)}</dd>
        </div>
      </dl>
    </section>
  )
}

function BudgetCard({ budget, onOpenSettings }: { budget: CostSummary['budget']; onOpenSettings(): void }) {
  const labelId = useId()
  if (budget.limitMicroUsd === null) {
    return (
      <section className="card stat-card" aria-label="Daily budget">
        <h2 className="stat-card__label">Daily budget</h2>
        <p className="stat-card__value stat-card__value--muted">No limit</p>
        <p className="stat-card__detail">
          Spent today: {formatMicroUsd(budget.spentTodayMicroUsd)}.{' '}
          <button type="button" className="link-button" onClick={onOpenSettings}>
            Set a budget
          </button>
        </p>
      </section>
    )
  }
  const limit = budget.limitMicroUsd
  const used = limit === 0 ? 1 : Math.min(1, budget.spentTodayMicroUsd / limit)
  const tone = used >= 0.9 ? 'danger' : used >= 0.7 ? 'warning' : 'ok'
  return (
    <section className="card stat-card" aria-label="Daily budget">
      <h2 className="stat-card__label" id={labelId}>
        Daily budget left
      </h2>
      <p className="stat-card__value">{formatMicroUsd(budget.remainingMicroUsd ?? 0)}</p>
      <div
        className={`budget-meter budget-meter--${tone}`}
        role="meter"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={Math.min(limit, budget.spentTodayMicroUsd)}
        aria-valuetext={`${formatMicroUsd(budget.spentTodayMicroUsd)} of ${formatMicroUsd(limit)} spent`}
      >
        <div className="budget-meter__fill" style={{ width: `${used * 100}%` }} />
      </div>
      <p className="stat-card__detail">
        {formatMicroUsd(budget.spentTodayMicroUsd)} of {formatMicroUsd(limit)} spent today (
        {Math.round(used * 100)}%)
      </p>
    </section>
  )
}

function ByModelTable({ rows }: { rows: CostSummary['byModel'] }) {
  if (rows.length === 0) return <p className="muted card__empty">No AI calls in the last 30 days.</p>
  const sorted = [...rows].sort((a, b) => b.costMicroUsd - a.costMicroUsd || b.calls - a.calls)
  const estimated = rows.some((r) => r.estimatedCalls > 0)
  return (
    <>
      <table className="data-table" aria-label="Spend by model, last 30 days">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col" className="num">
              Calls
            </th>
            <th scope="col" className="num">
              Tokens in
            </th>
            <th scope="col" className="num">
              Tokens out
            </th>
            <th scope="col" className="num">
              Cost
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={`${row.provider}/${row.model}`}>
              <th scope="row">
                <span className="model-cell__name">{row.model}</span>
                <span className="model-cell__provider">{row.provider}</span>
              </th>
              <td className="num">
                {formatCount(row.calls)}
                {row.failedCalls > 0 ? <span className="cell-note"> ({row.failedCalls} failed)</span> : null}
              </td>
              <td className="num" title={formatCount(row.tokensIn)}>
                {formatTokens(row.tokensIn)}
                {row.tokensCached > 0 ? (
                  <span className="cell-note" title={`${formatCount(row.tokensCached)} cached`}>
                    {' '}
                    ({formatTokens(row.tokensCached)} cached)
                  </span>
                ) : null}
              </td>
              <td className="num" title={formatCount(row.tokensOut)}>
                {formatTokens(row.tokensOut)}
              </td>
              <td className="num">
                {formatMicroUsd(row.costMicroUsd)}
                {row.estimatedCalls > 0 ? <span aria-label=" (partly estimated)">*</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {estimated ? (
        <p className="table-footnote">
          * Some calls are estimated: the provider did not report their token usage.
        </p>
      ) : null}
    </>
  )
}

function TicketCosts({
  tickets,
  onOpenTicket
}: {
  tickets: CostSummary['tickets']
  onOpenTicket(id: string): void
}) {
  const page = useFrontlineStore((s) => s.ticketCosts)
  const pageNumber = useFrontlineStore((s) => s.ticketCostsPage)
  const showPage = useFrontlineStore((s) => s.loadTicketCosts)
  const rows = page.data?.tickets ?? []
  const total = page.data?.total ?? tickets.count
  return (
    <>
      <dl className="ticket-cost-facts">
        <div>
          <dt>Tickets drafted</dt>
          <dd>{formatCount(tickets.count)}</dd>
        </div>
        <div>
          <dt>Average per ticket</dt>
          <dd>{formatMicroUsd(tickets.averageMicroUsd)}</dd>
        </div>
      </dl>
      {page.status === 'error' && page.error ? (
        <ErrorNotice what="the tickets' costs" error={page.error} onRetry={() => void showPage(pageNumber)} />
      ) : null}
      {total === 0 ? (
        <p className="muted card__empty">No ticket has cost anything yet.</p>
      ) : (
        <>
          <div className="table-scroll">
            <table
              className="data-table data-table--tickets"
              aria-label="Tickets by cost, last 30 days"
              aria-busy={page.status === 'loading'}
            >
              <thead>
                <tr>
                  <th scope="col">Ticket</th>
                  <th scope="col" className="num">
                    Calls
                  </th>
                  <th scope="col" className="num">
                    Tokens in / out
                  </th>
                  <th scope="col" className="num">
                    Cost
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((t) => (
                  <tr key={t.ticketId}>
                    <th scope="row" className="ticket-cell">
                      <button
                        type="button"
                        className="link-button mono"
                        onClick={() => onOpenTicket(t.ticketId)}
                      >
                        {t.ticketId}
                      </button>
                      <span className="ticket-cell__subject" title={t.subject ?? undefined} dir="auto">
                        {t.subject ?? 'Ticket no longer exists'}
                      </span>
                    </th>
                    <td className="num">{formatCount(t.calls)}</td>
                    <td className="num">
                      {formatTokens(t.tokensIn)} / {formatTokens(t.tokensOut)}
                    </td>
                    <td className="num">{formatMicroUsd(t.costMicroUsd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rows.length > 0 ? (
            <Pager
              label="Ticket cost pages"
              page={pageNumber}
              pageSize={TICKET_COSTS_PAGE_SIZE}
              shown={rows.length}
              total={total}
              order=", most expensive first"
              onPage={(next) => void showPage(next)}
            />
          ) : null}
        </>
      )}
    </>
  )
}

const EXPORT_RANGES = [7, 30, 90] as const

export function CostsView() {
  const costs = useFrontlineStore((s) => s.costs)
  const costsExport = useFrontlineStore((s) => s.costsExport)
  const loadCosts = useFrontlineStore((s) => s.loadCosts)
  const exportCosts = useFrontlineStore((s) => s.exportCosts)
  const setView = useFrontlineStore((s) => s.setView)
  const openTicket = useOpenTicket()
  const [exportDays, setExportDays] = useState<number>(30)
  const rangeId = useId()

  useEffect(() => {
    void loadCosts()
    return followCosts(getApi(), useFrontlineStore)
  }, [loadCosts])

  const summary = costs.data
  const runExport = async (): Promise<void> => {
    const file = await exportCosts(exportDays)
    if (file) downloadCsv(file.filename, file.csv)
  }

  return (
    <section className="console-view costs" aria-labelledby="costs-heading">
      <header className="view-header">
        <div>
          <h1 id="costs-heading" className="view-header__title">
            Costs
          </h1>
          <p className="view-header__meta">
            {summary ? (
              <>
                What the AI cost, in US dollars · updated{' '}
                <time dateTime={summary.generatedAt}>{formatDateTime(summary.generatedAt)}</time>
              </>
            ) : (
              'What the AI cost, in US dollars'
            )}
          </p>
        </div>
        <div className="view-header__actions">
          <label htmlFor={rangeId} className="visually-hidden">
            Export range
          </label>
          <select
            id={rangeId}
            className="field__input costs__range"
            value={exportDays}
            onChange={(event) => setExportDays(Number(event.target.value))}
          >
            {EXPORT_RANGES.map((days) => (
              <option key={days} value={days}>
                Last {days} days
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button"
            onClick={() => void runExport()}
            disabled={costsExport.state === 'exporting'}
          >
            {costsExport.state === 'exporting' ? 'Exporting…' : 'Export CSV'}
          </button>
        </div>
      </header>

      <div className="view-body">
        {costsExport.state === 'failed' ? (
          <ErrorNotice what="the CSV export" error={costsExport.error} onRetry={() => void runExport()} />
        ) : null}
        {costs.status === 'error' && costs.error ? (
          <ErrorNotice what="the costs" error={costs.error} onRetry={() => void loadCosts()} />
        ) : null}
        {!summary && costs.status !== 'error' ? <LoadingRows rows={4} label="Loading the costs…" /> : null}

        {summary ? (
          <>
            <div className="stat-grid">
              <StatCard label="Today" totals={summary.today} />
              <StatCard label="Last 7 days" totals={summary.last7Days} />
              <StatCard label="Last 30 days" totals={summary.last30Days} />
              <BudgetCard budget={summary.budget} onOpenSettings={() => setView('settings')} />
            </div>

            <section className="card" aria-labelledby="chart-heading">
              <header className="card__header">
                <h2 id="chart-heading" className="card__title">
                  Daily spend by model
                </h2>
                <span className="card__subtitle">Last 30 days, UTC</span>
              </header>
              <div className="card__body">
                <SpendChart summary={summary} />
              </div>
            </section>

            <div className="costs__columns">
              <section className="card" aria-labelledby="by-model-heading">
                <header className="card__header">
                  <h2 id="by-model-heading" className="card__title">
                    By model
                  </h2>
                  <span className="card__subtitle">Last 30 days</span>
                </header>
                <div className="card__body card__body--table">
                  <ByModelTable rows={summary.byModel} />
                </div>
              </section>
              <section className="card" aria-labelledby="by-ticket-heading">
                <header className="card__header">
                  <h2 id="by-ticket-heading" className="card__title">
                    Per ticket
                  </h2>
                  <span className="card__subtitle">Last 30 days</span>
                </header>
                <div className="card__body card__body--table">
                  <TicketCosts tickets={summary.tickets} onOpenTicket={openTicket} />
                </div>
              </section>
            </div>
            <SupportReportCard />
          </>
        ) : null}
      </div>
    </section>
  )
}
