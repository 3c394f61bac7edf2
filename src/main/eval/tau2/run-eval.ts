import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { systemClock } from '../../core/clock'
import type { CoreOptions } from '../../core/create-core'
import { createToolRegistry } from '../../tools/registry'
import { shopTools } from '../../tools/shop-tools'
import { applyExpectedActions } from './apply-expected'
import type { RetailData } from './retail-data'
import { buildRetailShopImage, openShopCopy } from './retail-shop'
import type { RetailTask } from './retail-task'
import { runTrial, type TaskExpectation, type TrialResult } from './run-trial'
import { averagePassHatK, passHatK } from './score'
import { readShopState } from './shop-state'
import type { UserModel } from './user-simulator'

export interface EvalOptions {
  data: RetailData
  /** Task ids to run; all when absent. */
  taskIds?: readonly string[]
  k: number
  concurrency: number
  agentLlm: CoreOptions['llm']
  user: UserModel
  maxTurns?: number
  onTrial?: (result: TrialResult, done: number, total: number) => void
}

export interface TaskScore {
  taskId: string
  trials: number
  successes: number
  /** pass^1…pass^k of this task. */
  passHat: number[]
  results: TrialResult[]
}

export interface EvalResult {
  agentModel: string
  userModel: string
  k: number
  startedAt: string
  finishedAt: string
  /** pass^1…pass^k averaged over the tasks. */
  passHat: number[]
  tasks: TaskScore[]
  totals: {
    trials: number
    passed: number
    agentTokensIn: number
    agentTokensOut: number
    agentCostMicroUsd: number
    userTokensIn: number
    userTokensOut: number
    wallMs: number
  }
}

/** Runs `work` over the items with at most `limit` at a time, keeping their order in the results. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

export function selectTasks(tasks: readonly RetailTask[], ids?: readonly string[]): RetailTask[] {
  if (!ids) return [...tasks]
  const unknown = ids.filter((id) => !tasks.some((t) => t.id === id))
  if (unknown.length > 0)
    throw new Error(`no task ${unknown.join(', ')}; the ids are ${tasks.map((t) => t.id).join(', ')}`)
  return tasks.filter((t) => ids.includes(t.id))
}

/** What each task's expected actions leave, applied once to a copy of the starting shop. */
async function expectationOf(image: Buffer, task: RetailTask): Promise<TaskExpectation> {
  const db = openShopCopy(image)
  try {
    const registry = createToolRegistry(shopTools)
    const { mutations } = await applyExpectedActions(db, registry, task, systemClock)
    return { state: readShopState(db), actions: mutations }
  } finally {
    db.close()
  }
}

export async function runTau2Retail(options: EvalOptions): Promise<EvalResult> {
  const startedAt = new Date()
  const tasks = selectTasks(options.data.tasks, options.taskIds)
  const image = buildRetailShopImage(options.data, startedAt)
  const dir = mkdtempSync(join(tmpdir(), 'frontline-tau2-'))
  try {
    const expectations = new Map<string, TaskExpectation>()
    for (const task of tasks) expectations.set(task.id, await expectationOf(image, task))
    const trials = tasks.flatMap((task) => Array.from({ length: options.k }, (_, trial) => ({ task, trial })))
    let done = 0
    const results = await pool(trials, options.concurrency, async ({ task, trial }) => {
      const result = await runTrial({
        task,
        trial,
        expectation: expectations.get(task.id)!,
        image,
        dir,
        agentLlm: options.agentLlm,
        user: options.user,
        maxTurns: options.maxTurns ?? 30
      })
      done += 1
      options.onTrial?.(result, done, trials.length)
      return result
    })
    const scores: TaskScore[] = tasks.map((task) => {
      const own = results.filter((r) => r.taskId === task.id)
      const successes = own.filter((r) => r.passed).length
      return {
        taskId: task.id,
        trials: own.length,
        successes,
        passHat: Array.from({ length: options.k }, (_, i) => passHatK(successes, own.length, i + 1)),
        results: own
      }
    })
    const sum = (pick: (r: TrialResult) => number) => results.reduce((total, r) => total + pick(r), 0)
    return {
      agentModel: [...new Set(results.flatMap((r) => r.agent.models))].join(', ') || 'none (no model call)',
      userModel: options.user.model,
      k: options.k,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      passHat: Array.from({ length: options.k }, (_, i) => averagePassHatK(scores, i + 1)),
      tasks: scores,
      totals: {
        trials: results.length,
        passed: results.filter((r) => r.passed).length,
        agentTokensIn: sum((r) => r.agent.tokensIn),
        agentTokensOut: sum((r) => r.agent.tokensOut),
        agentCostMicroUsd: sum((r) => r.agent.costMicroUsd),
        userTokensIn: sum((r) => r.user.tokensIn),
        userTokensOut: sum((r) => r.user.tokensOut),
        wallMs: Date.now() - startedAt.getTime()
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
