import type {
  Agreement,
  ReplayAction,
  ReplayDetail,
  ReplayItem,
  ReplayToolCall
} from '../../../../shared/domain/replay'
import { Pager } from '../../components/Pager'
import { formatCount, formatMicroUsd } from '../../format'
import { LAB_RESULTS_PAGE_SIZE } from '../../store/lab-slice'

const perThousand = (micro: number | null): string => (micro === null ? '—' : formatMicroUsd(micro))
const share = (part: number, whole: number): string =>
  whole === 0 ? '—' : `${Math.round((part * 100) / whole)}%`

function ReplaySummaryCard({ detail }: { detail: ReplayDetail }) {
  const { run, summary } = detail
  const dims = summary.dimensions
  const cost = summary.costPerThousand
  return (
    <section className="card" aria-label="Replay summary">
      <header className="card__header">
        <h2 className="card__title">Summary</h2>
        <span className="card__subtitle">
          {run.providerId}/{run.model} · {run.promptEdited ? 'edited prompt' : 'the shop’s prompt'}
        </span>
      </header>
      <div className="card__body">
        <dl className="lab-summary">
          <div>
            <dt>Agree</dt>
            <dd data-testid="lab-agreement">
              {summary.agreed} of {summary.completed} ({share(summary.agreed, summary.completed)})
            </dd>
          </div>
          <div>
            <dt>Tools · orders · actions</dt>
            <dd>
              {dims.tools.agreed}/{dims.tools.compared} · {dims.orders.agreed}/{dims.orders.compared} ·{' '}
              {dims.actions.agreed}/{dims.actions.compared}
            </dd>
          </div>
          <div>
            <dt>Spent</dt>
            <dd>
              {formatMicroUsd(summary.spentMicroUsd)} · {formatCount(summary.usage.tokensIn)} tokens in,{' '}
              {formatCount(summary.usage.tokensOut)} out
            </dd>
          </div>
          <div>
            <dt>Per 1,000 tickets</dt>
            <dd data-testid="lab-per-thousand">
              {perThousand(cost.replay)} with {run.model} · {perThousand(cost.current)} with the current{' '}
              {run.baseline.model}
              {cost.sentDraftTickets > 0
                ? ` · ${perThousand(cost.sentDrafts)} as the sent AI drafts cost`
                : ''}
            </dd>
          </div>
          {summary.fallbacks > 0 ? (
            <div>
              <dt>Written without the AI</dt>
              <dd>{summary.fallbacks}</dd>
            </div>
          ) : null}
        </dl>
      </div>
    </section>
  )
}

const toolList = (tools: readonly ReplayToolCall[] | null): string =>
  tools === null
    ? 'none recorded (written by hand)'
    : tools.length === 0
      ? 'none'
      : tools.map((t) => (t.status === 'error' ? `${t.tool} (refused)` : t.tool)).join(', ')

const actionList = (actions: readonly ReplayAction[]): string =>
  actions.length === 0
    ? 'none'
    : actions.map((a) => `${a.kind}${a.orderId ? ` of ${a.orderId}` : ''}`).join(', ')

function Work({
  title,
  body,
  tools,
  orders,
  actions
}: {
  title: string
  body: string
  tools: readonly ReplayToolCall[] | null
  orders: readonly string[]
  actions: readonly ReplayAction[]
}) {
  return (
    <div className="lab-item__side">
      <h4 className="lab-item__side-title">{title}</h4>
      <p className="lab-item__body" dir="auto">
        {body}
      </p>
      <dl className="lab-item__facts">
        <div>
          <dt>Tools</dt>
          <dd title={tools?.map((t) => `${t.tool} ${JSON.stringify(t.arguments)}`).join('\n')}>
            {toolList(tools)}
          </dd>
        </div>
        <div>
          <dt>Orders</dt>
          <dd>{orders.length === 0 ? 'none' : orders.join(', ')}</dd>
        </div>
        <div>
          <dt>Proposed</dt>
          <dd>{actionList(actions)}</dd>
        </div>
      </dl>
    </div>
  )
}

function Verdict({ item }: { item: ReplayItem }) {
  const agreement: Agreement | null = item.agreement
  if (!agreement) return <span className="badge badge--muted">{item.status}</span>
  if (agreement.agrees) return <span className="badge badge--success">Agrees</span>
  const differs = (['tools', 'orders', 'actions'] as const).filter((key) => agreement[key] === false)
  return <span className="badge badge--warning">Differs in {differs.join(', ')}</span>
}

function ResultItem({ item }: { item: ReplayItem }) {
  return (
    <li className="card lab-item" aria-label={`Replay of ${item.ticketId}`}>
      <header className="card__header">
        <h3 className="card__title">
          <span className="mono">{item.ticketId}</span> {item.subject ?? ''}
        </h3>
        <span className="lab-item__meta">
          <Verdict item={item} /> {formatCount(item.usage.tokensIn)} in / {formatCount(item.usage.tokensOut)}{' '}
          out · {formatMicroUsd(item.usage.costMicroUsd)}
        </span>
      </header>
      {item.error ? <p className="field__error lab-item__error">{item.error}</p> : null}
      <div className="lab-item__sides">
        <Work
          title={`Sent ${item.original.composedBy === 'ai_draft' ? `(AI draft, ${item.original.model ?? '?'})` : '(by a person)'}`}
          body={item.original.body}
          tools={item.original.tools}
          orders={item.original.orders}
          actions={item.original.actions}
        />
        {item.shadow ? (
          <Work
            title={`New draft (${item.shadow.model}${item.shadow.status === 'fallback' ? ', without the AI' : ''})`}
            body={item.shadow.body}
            tools={item.shadow.tools}
            orders={item.shadow.orders}
            actions={item.shadow.actions}
          />
        ) : (
          <div className="lab-item__side muted">Not drafted.</div>
        )}
      </div>
    </li>
  )
}

/** The summary, then each ticket's sent reply beside its new draft, a page at a time. */
export function ReplayResults({
  detail,
  page,
  onPage
}: {
  detail: ReplayDetail
  page: number
  onPage(page: number): void
}) {
  return (
    <>
      <ReplaySummaryCard detail={detail} />
      <ul className="lab-items" aria-label="Tickets replayed">
        {detail.items.map((item) => (
          <ResultItem key={item.position} item={item} />
        ))}
      </ul>
      {detail.run.total > LAB_RESULTS_PAGE_SIZE ? (
        <Pager
          label="Replay result pages"
          page={page}
          pageSize={LAB_RESULTS_PAGE_SIZE}
          shown={detail.items.length}
          total={detail.run.total}
          onPage={onPage}
        />
      ) : null}
    </>
  )
}
