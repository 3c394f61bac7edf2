import type { ActionOf } from '../../../../../shared/domain/action'
import { Badge } from '../../../components/Badge'
import { defineActionView } from './action-view'

type ExternalToolAction = ActionOf<'external_tool'>

const hintWords: Record<string, string> = {
  destructiveHint: 'may delete or overwrite data',
  idempotentHint: 'safe to repeat',
  openWorldHint: 'reaches outside systems',
  readOnlyHint: 'read-only'
}

/** The server's own hints about the tool, in words, e.g. "may delete or overwrite data". */
const hintsOf = (action: ExternalToolAction): string[] =>
  Object.entries(action.eligibility.annotations)
    .filter(([name, value]) => value === true && name in hintWords)
    .map(([name]) => hintWords[name]!)

const callOf = (action: ExternalToolAction): string =>
  `${action.payload.tool} on ${action.payload.serverName || 'an external server'}`

function ExternalCallDetails({ action }: { action: ExternalToolAction }) {
  const { tool, serverName, arguments: args } = action.payload
  return (
    <div className="action-card__block action-card__block--wide">
      <h4 className="action-card__block-title">
        Call <span className="mono">{tool}</span> on {serverName || 'an external server'}
        {hintsOf(action).map((hint) => (
          <Badge key={hint} tone={hint.startsWith('may') ? 'warning' : 'neutral'}>
            {hint}
          </Badge>
        ))}
      </h4>
      {action.eligibility.title ? (
        <p className="action-card__call-title">{action.eligibility.title}</p>
      ) : null}
      <pre className="action-card__arguments" aria-label="Arguments">
        {JSON.stringify(args, null, 2)}
      </pre>
    </div>
  )
}

export const externalToolView = defineActionView({
  label: 'External tool',
  tone: 'warning',
  heading: (action) => ({ lead: 'External tool call:', target: callOf(action) }),
  amountLabel: null,
  reason: () => null,
  note: () => null,
  Details: ExternalCallDetails,
  Summary: ({ action }) => (
    <p className="proposal__reason">
      Call <span className="mono">{action.payload.tool}</span> on {action.payload.serverName}
    </p>
  ),
  records: () => []
})
