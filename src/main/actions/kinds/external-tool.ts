import { applyExternalToolAction } from '../../mcp-client/external-tools'
import { defineActionKind, type DecidedStatus } from '../define-action-kind'
import { forOrder } from './customer-words'

/**
 * A call to an external MCP server's mutating tool. The tool and server are named by whoever runs
 * that system: not for the customer, and neither a return nor a refund. The customer hears only
 * that the step their request needed was taken or not.
 */
export const externalToolKind = defineActionKind({
  kind: 'external_tool',
  appliedBy: 'call',
  call: (action, services) => applyExternalToolAction(services.mcpClients, action),
  decisionNote(action, decision) {
    if (decision.status === 'applied') return null
    return `A teammate has reviewed the step your request${forOrder(action)} needed and is not able to take it as it stands. Reply to this message if you would like us to take another look.`
  },
  outcome(action, status) {
    const order = forOrder(action)
    const words: Record<DecidedStatus, string> = {
      applied: `a teammate has completed the step needed for your request${order}.`,
      rejected:
        `a teammate has declined the step needed for your request${order}. ` +
        'They will follow up here with the details.',
      failed:
        `a teammate approved the step needed for your request${order}, but it could not be completed just now. ` +
        'They will follow up here with the details.'
    }
    return words[status]
  }
})
