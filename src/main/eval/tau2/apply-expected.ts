import { templateRewrites } from '../../agent/draft-rewrites'
import { createApprovals } from '../../agent/approvals'
import type { Clock } from '../../core/clock'
import { CoreEvents } from '../../core/events'
import type { Db } from '../../db/connection'
import type { ToolContext } from '../../tools/define-tool'
import type { ToolRegistry } from '../../tools/registry'
import { LOCAL_OWNER } from '../../../shared/domain/caller'
import { toFrontlineCall } from './expected-actions'
import { labelOfAction } from './score'
import type { RetailTask } from './retail-task'

export interface AppliedExpectation {
  /** The expected mutating actions as Frontline's calls, in order. */
  /** The actions applied, as compared with a trial's ("cancel_order #W123"). */
  mutations: string[]
  /**
   * Expected changes the shop's rules refuse, as τ²-bench's own tools refuse them (task 105's
   * exchange costs more than the gift card holds): they change nothing, in both.
   */
  refused: { actionId: string; tool: string; message: string }[]
}

const NO_EXTERNAL_SERVER = {
  applyTimeoutMs: 1000,
  callTool: () => Promise.reject(new Error('the retail eval has no external MCP server'))
}

/**
 * Brings a shop to the state a task expects: each of its expected actions made with Frontline's
 * tools by a person at the console, and each proposal approved. A proposal approved that does not
 * apply is a defect of the harness, so it throws naming it.
 */
export async function applyExpectedActions(
  db: Db,
  registry: ToolRegistry,
  task: RetailTask,
  clock: Clock
): Promise<AppliedExpectation> {
  const events = new CoreEvents()
  const approvals = createApprovals({
    db,
    clock,
    events,
    rewrites: templateRewrites(db, clock, events),
    services: { mcpClients: NO_EXTERNAL_SERVER }
  })
  const ctx: ToolContext = { db, clock, caller: LOCAL_OWNER, origin: 'cli', originDetail: 'tau2-expected' }
  const mutations: AppliedExpectation['mutations'] = []
  const refused: AppliedExpectation['refused'] = []
  for (const action of task.evaluation_criteria.actions) {
    const call = toFrontlineCall(db, action)
    if (!call) continue
    const outcome = registry.run(ctx, call.tool, call.arguments)
    // A lookup may fail as listed (task 2 asks for a product the shop does not have); it changes nothing.
    if (!call.mutating) continue
    if (!outcome.ok) {
      refused.push({ actionId: action.action_id, tool: call.tool, message: outcome.error.message })
      continue
    }
    const { action_id: actionId } = outcome.value as { action_id: string }
    const decided = await approvals.approve(actionId, { name: 'tau2-expected', id: null })
    if (decided.status !== 'applied') {
      throw new Error(
        `task ${task.id}: expected action ${action.action_id} (${call.tool}) did not apply: ${decided.status}`
      )
    }
    mutations.push(labelOfAction(decided))
  }
  return { mutations, refused }
}
