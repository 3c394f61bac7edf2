import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMockOpenAi, type MockOpenAiServer } from '../../src/main/bench/mock-openai-server'
import { llmOptionsFrom } from '../../src/main/cli/provider-options'
import { APPROVER_RULE } from '../../src/main/eval/tau2/approver'
import { htmlReport, markdownReport } from '../../src/main/eval/tau2/report'
import { openShopCopy } from '../../src/main/eval/tau2/retail-shop'
import { runTau2Retail, type EvalResult } from '../../src/main/eval/tau2/run-eval'
import { userModel } from '../../src/main/eval/tau2/user-simulator'
import { oracleAgent, scriptedCustomer, type OracleMode } from '../support/tau2-oracle'
import { retailData, retailImage } from '../support/tau2-retail'

const servers: MockOpenAiServer[] = []
let customer: MockOpenAiServer

beforeAll(async () => {
  customer = await startMockOpenAi({ script: scriptedCustomer(retailData()), record: false })
  servers.push(customer)
})
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
})

async function run(mode: OracleMode, taskIds?: string[]): Promise<EvalResult> {
  const agent = await startMockOpenAi({
    script: oracleAgent(retailData(), openShopCopy(retailImage()), mode),
    record: false
  })
  servers.push(agent)
  return runTau2Retail({
    data: retailData(),
    taskIds,
    k: 1,
    concurrency: 2,
    agentLlm: llmOptionsFrom({ 'base-url': agent.baseURL, model: `oracle-${mode}` }, {}),
    user: userModel(customer.baseURL, 'scripted-customer', 'test-key')
  })
}

describe('the τ²-bench retail harness, proved with scripted models', () => {
  it('an oracle that makes each task’s expected actions scores pass^1 = 1.0 on all 74 tasks', async () => {
    const result = await run('oracle')
    const failed = result.tasks
      .filter((t) => t.successes === 0)
      .map((t) => `${t.taskId}: ${JSON.stringify(t.results[0]?.reasons)}`)
    expect(failed).toEqual([])
    expect(result.tasks).toHaveLength(74)
    expect(result.passHat).toEqual([1])
    expect(result.totals.agentTokensIn).toBeGreaterThan(0)
  }, 600_000)
})

describe('the harness fails what a wrong agent does, with the reason', () => {
  it('an agent that skips the final action fails with it missing and the rows it would have changed', async () => {
    // 88: one cancellation; 73: one return; 0: one exchange of two items.
    const result = await run('skip_last', ['0', '73', '88'])
    expect(result.passHat).toEqual([0])
    const reasons = Object.fromEntries(result.tasks.map((t) => [t.taskId, t.results[0]!.reasons]))
    expect(reasons['88']).toContainEqual({ kind: 'missing_action', action: 'cancel_order #W8835847' })
    expect(reasons['88']).toContainEqual(
      expect.objectContaining({ kind: 'row_differs', row: 'order #W8835847' })
    )
    expect(reasons['73']).toContainEqual(
      expect.objectContaining({ kind: 'missing_action', action: expect.stringMatching(/^return #W/) })
    )
    expect(reasons['0']).toContainEqual({ kind: 'missing_action', action: 'exchange #W2378156' })
    expect(reasons['0']).toContainEqual(
      expect.objectContaining({ kind: 'row_differs', row: 'exchanges #W2378156', actual: null })
    )
    // The reports say it in words, per task, with the chart and the approver's rule.
    const markdown = markdownReport(result)
    expect(markdown).toMatch(/^\| pass\^1 \| 0\.0 % \|$/m)
    expect(markdown).toMatch(/^\| 88 \| 0 \/ 1 \| 0\.0 % \|.*missing action: cancel_order #W8835847/m)
    const html = htmlReport(result)
    expect(html).toContain('<svg role="img"')
    expect(html).toContain('missing action: exchange #W2378156')
    expect(html).toContain(APPROVER_RULE)
  }, 120_000)

  it('an agent that acts on the wrong item fails with the row that differs, the action itself being there', async () => {
    // 19: the return of one item of #W2890441's four; the agent returns another of them.
    const result = await run('wrong_item', ['19'])
    const [trial] = result.tasks[0]!.results
    expect(trial!.passed).toBe(false)
    expect(trial!.reasons.filter((r) => r.kind === 'missing_action' || r.kind === 'extra_action')).toEqual([])
    expect(trial!.reasons).toContainEqual(
      expect.objectContaining({
        kind: 'row_differs',
        row: 'returned #W2890441',
        actual: expect.any(String),
        expected: expect.any(String)
      })
    )
  }, 120_000)
})
