import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createCliCore } from '../../cli/cli-core'
import { channelRuntimeOf } from '../../core/channel-handlers'
import type { CoreOptions } from '../../core/create-core'
import type { ChatTurn } from '../../channel/chat-service'
import { listActions } from '../../db/repositories/actions'
import { listCustomerVisibleMessages } from '../../db/repositories/chat-sessions'
import type { Message } from '../../../shared/domain/ticket'
import { APPROVER_NAME, customerConfirmed } from './approver'
import type { RetailTask } from './retail-task'
import { actionReasons, labelOfAction, missingInfo, rowReasons, type FailureReason } from './score'
import { diffShopStates, readShopState, type ShopState } from './shop-state'
import { GREETING, nextUserMessage, STOP_TOKEN, type Said, type UserModel } from './user-simulator'

/** What a task expects: the state its expected actions leave, and those actions. */
export interface TaskExpectation {
  state: ShopState
  actions: string[]
}

export interface TrialInput {
  task: RetailTask
  trial: number
  expectation: TaskExpectation
  /** The starting shop (see buildRetailShopImage); the trial runs on a file copy of it in `dir`. */
  image: Buffer
  dir: string
  /** Frontline's agent: the provider, as `frontline draft` takes it; undefined is the demo model. */
  agentLlm: CoreOptions['llm']
  user: UserModel
  maxTurns: number
}

export interface TrialResult {
  taskId: string
  trial: number
  passed: boolean
  reasons: FailureReason[]
  /** Customer messages sent. */
  turns: number
  transcript: Said[]
  agent: {
    /** provider/model of every call, as recorded. */
    models: string[]
    calls: number
    tokensIn: number
    tokensOut: number
    costMicroUsd: number
    latencyMs: number
  }
  user: { tokensIn: number; tokensOut: number }
  wallMs: number
}

interface UsageRow {
  calls: number
  tokens_in: number | null
  tokens_out: number | null
  cost: number | null
  latency: number | null
}

/**
 * One conversation of a task: the simulated customer and Frontline's agent over the chat channel's
 * own service (the ticket, drafts, tools, autopilot and outcome notices the console and `frontline
 * serve` use), with the eval's approver deciding each proposal; then the shop's final state scored
 * against the expected one, and the customer's messages against the information they had to get.
 */
export async function runTrial(input: TrialInput): Promise<TrialResult> {
  const started = Date.now()
  const path = join(input.dir, `task-${input.task.id}-trial-${input.trial}.db`)
  writeFileSync(path, input.image)
  const core = createCliCore({ dbPath: path, llm: input.agentLlm, checkpointWorkerFile: null })
  const transcript: Said[] = [{ role: 'agent', text: GREETING }]
  const userUsage = { tokensIn: 0, tokensOut: 0 }
  const agentSaid: string[] = []
  let turns = 0
  let failure: string | null = null
  try {
    const { db } = core.context
    const { service } = channelRuntimeOf(core.context)
    const customerSays = async (): Promise<string | null> => {
      const said = await nextUserMessage(input.user, input.task, transcript)
      userUsage.tokensIn += said.tokensIn
      userUsage.tokensOut += said.tokensOut
      if (said.text.includes(STOP_TOKEN)) return null
      transcript.push({ role: 'customer', text: said.text })
      turns += 1
      return said.text
    }
    let text = await customerSays()
    let sessionId: string | null = null
    let seen = 0
    while (text !== null) {
      const turn: ChatTurn = sessionId
        ? await service.say(sessionId, text)
        : await service.start({ claimedCustomerId: `tau2-${input.task.id}`, text, history: [] }).turn
      sessionId = turn.session.id
      for (const action of turn.pendingActions.filter((a) => a.draftId === turn.draft.id)) {
        const decided = customerConfirmed(text)
          ? await core.invoke('actions.approve', { actionId: action.id, by: APPROVER_NAME })
          : await core.invoke('actions.reject', {
              actionId: action.id,
              reason: 'The customer had not explicitly confirmed this change.',
              by: APPROVER_NAME
            })
        if (!decided.ok) throw new Error(`deciding ${action.id}: ${decided.error.message}`)
      }
      // The answer, and any outcome of a decision that followed it, as the customer's chat shows them.
      const shown: Message[] = listCustomerVisibleMessages(db, turn.session.ticketId, seen)
      seen = Math.max(seen, ...shown.map((m) => m.id))
      const replies = shown.filter((m) => m.author === 'agent')
      const reply = replies.map((m) => m.body).join('\n\n')
      agentSaid.push(reply)
      transcript.push({ role: 'agent', text: reply })
      text = turns >= input.maxTurns ? null : await customerSays()
    }
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error)
  }
  const { db } = core.context
  const differences = diffShopStates(readShopState(db), input.expectation.state)
  const actions = listActions(db, {})
  const applied = actions.filter((a) => a.status === 'applied').map(labelOfAction)
  const unapproved: FailureReason[] = actions
    .filter((a) => a.status !== 'applied')
    .map((a) => ({ kind: 'not_approved', action: labelOfAction(a), status: a.status }))
  const info = missingInfo(input.task.evaluation_criteria.communicate_info, agentSaid)
  const passed = failure === null && differences.length === 0 && info.length === 0
  const usage = db
    .prepare(
      `SELECT count(*) AS calls, sum(tokens_in) AS tokens_in, sum(tokens_out) AS tokens_out,
         sum(cost_micro_usd) AS cost, sum(latency_ms) AS latency FROM llm_calls`
    )
    .get() as UsageRow
  const models = db
    .prepare(`SELECT DISTINCT provider || '/' || model FROM llm_calls ORDER BY 1`)
    .pluck()
    .all() as string[]
  await core.close()
  return {
    taskId: input.task.id,
    trial: input.trial,
    passed,
    reasons: passed
      ? []
      : [
          ...(failure ? [{ kind: 'error' as const, message: failure }] : []),
          ...actionReasons(applied, input.expectation.actions),
          ...unapproved,
          ...rowReasons(differences),
          ...info
        ],
    turns,
    transcript,
    agent: {
      models,
      calls: usage.calls,
      tokensIn: usage.tokens_in ?? 0,
      tokensOut: usage.tokens_out ?? 0,
      costMicroUsd: usage.cost ?? 0,
      latencyMs: usage.latency ?? 0
    },
    user: userUsage,
    wallMs: Date.now() - started
  }
}
