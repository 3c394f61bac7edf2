import type { Behaviour, RecordedRequest, Script } from '../../src/main/bench/mock-openai-server'
import type { Db } from '../../src/main/db/connection'
import { toFrontlineCall, type FrontlineCall } from '../../src/main/eval/tau2/expected-actions'
import type { RetailData } from '../../src/main/eval/tau2/retail-data'
import type { RetailTask } from '../../src/main/eval/tau2/retail-task'
import { STOP_TOKEN } from '../../src/main/eval/tau2/user-simulator'

/**
 * Scripted models for proving the τ²-bench harness offline, served by the mock OpenAI-compatible
 * server through the real SDK:
 * - the oracle agent makes each task's expected actions with Frontline's tools: its look-ups on the
 *   customer's first message, then one change per "yes" (the approver approves on it), and at the
 *   end says what the customer had to be told;
 * - `skip_last` leaves out the last change, `wrong_item` makes the last change on another line of
 *   the same order;
 * - the scripted customer opens with the task's id, its reason for calling and what it knows, then
 *   answers "yes" until the agent says it is done (a dozen times at most).
 */
export type OracleMode = 'oracle' | 'skip_last' | 'wrong_item'

const DONE = 'All done.'
const TASK_MARK = /\(task (\w+)\)/

const textOf = (content: unknown): string =>
  typeof content === 'string' ? content : JSON.stringify(content ?? '')

const answer = (request: RecordedRequest, content: string): Behaviour => ({
  kind: request.body.stream ? 'stream' : 'json',
  content
})

const callsOf = (request: RecordedRequest, calls: FrontlineCall[], tag: string): Behaviour => ({
  kind: request.body.stream ? 'stream' : 'json',
  toolCalls: calls.map((call, i) => ({
    id: `call_${tag}_${i}`,
    name: call.tool,
    arguments: JSON.stringify(call.arguments)
  }))
})

/** The customer a task is about, for tasks whose expected actions identify nobody (the oracle asks their email). */
function identification(data: RetailData, task: RetailTask): FrontlineCall | null {
  for (const action of task.evaluation_criteria.actions) {
    const args = action.arguments as { order_id?: string; user_id?: string }
    const userId = args.user_id ?? (args.order_id ? data.shop.orders[args.order_id]?.user_id : undefined)
    const user = userId ? data.shop.users[userId] : undefined
    if (user) return { tool: 'find_customer', arguments: { email: user.email }, mutating: false }
  }
  return null
}

/** Another line of the same order than those the call names: the "wrong item". */
function onWrongItem(db: Db, call: FrontlineCall): FrontlineCall {
  const args = call.arguments as { order_id: string; items?: { item_id: number }[] }
  if (!args.items) return call
  const named = new Set(args.items.map((i) => i.item_id))
  const lines = db
    .prepare('SELECT id FROM order_items WHERE order_id = ? ORDER BY id')
    .all(args.order_id) as { id: number }[]
  const other = lines.find((l) => !named.has(l.id))
  if (!other) return call
  const [first, ...rest] = args.items
  return { ...call, arguments: { ...args, items: [{ ...first, item_id: other.id }, ...rest] } }
}

interface Plan {
  lookups: FrontlineCall[]
  changes: FrontlineCall[]
  info: string[]
}

export function planOf(data: RetailData, db: Db, task: RetailTask, mode: OracleMode): Plan {
  const calls = task.evaluation_criteria.actions
    .map((action) => toFrontlineCall(db, action))
    .filter((call): call is FrontlineCall => call !== null)
  const lookups = calls.filter((c) => !c.mutating)
  if (!lookups.some((c) => c.tool === 'find_customer')) {
    const found = identification(data, task)
    if (found) lookups.unshift(found)
  }
  let changes = calls.filter((c) => c.mutating)
  if (mode === 'skip_last') changes = changes.slice(0, -1)
  if (mode === 'wrong_item' && changes.length > 0)
    changes = [...changes.slice(0, -1), onWrongItem(db, changes.at(-1)!)]
  return { lookups, changes, info: task.evaluation_criteria.communicate_info }
}

export function oracleAgent(data: RetailData, db: Db, mode: OracleMode): Script {
  const plans = new Map<string, Plan>()
  const planFor = (taskId: string) => {
    let plan = plans.get(taskId)
    if (!plan) {
      const task = data.tasks.find((t) => t.id === taskId)
      if (!task) throw new Error(`no task ${taskId}`)
      plan = planOf(data, db, task, mode)
      plans.set(taskId, plan)
    }
    return plan
  }
  return (request) => {
    const messages = request.body.messages ?? []
    const customer = messages.filter((m) => m.role === 'user').map((m) => textOf(m.content))
    const taskId = customer.map((text) => TASK_MARK.exec(text)?.[1]).find(Boolean)
    if (!taskId) return answer(request, 'How can I help?')
    const plan = planFor(taskId)
    const finished = `${DONE} ${plan.info.join(', ')}`.trim()
    const turn = customer.length
    const change = plan.changes[turn - 2]
    if (messages.at(-1)?.role === 'tool') {
      if (turn === 1)
        return answer(
          request,
          plan.changes.length > 0 ? 'Shall I make the change? Please confirm.' : finished
        )
      return answer(request, 'I have submitted it for approval.')
    }
    if (turn === 1) {
      if (plan.lookups.length === 0)
        return answer(request, plan.changes.length > 0 ? 'Please confirm.' : finished)
      return callsOf(request, plan.lookups, `t${taskId}_look`)
    }
    return change ? callsOf(request, [change], `t${taskId}_c${turn}`) : answer(request, finished)
  }
}

/** The scripted customer: opens with the task's id, says yes until the agent is done. */
export function scriptedCustomer(data: RetailData): Script {
  return (request) => {
    const messages = request.body.messages ?? []
    const system = textOf(messages[0]?.content)
    const task = data.tasks.find((t) => system.includes(t.user_scenario.instructions.reason_for_call))
    const said = messages.filter((m) => m.role === 'assistant').length
    const lastAgent = textOf(messages.at(-1)?.content)
    const content =
      said === 0
        ? `Hello, I need help (task ${task?.id ?? '?'}). ${task?.user_scenario.instructions.reason_for_call ?? ''} ${task?.user_scenario.instructions.known_info ?? ''}`
        : lastAgent.includes(DONE) || said > 12
          ? STOP_TOKEN
          : 'yes'
    return { kind: request.body.stream ? 'stream' : 'json', content }
  }
}
