import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { SecureUrl } from '../../../shared/domain/setting-values'
import { APPROVER_RULE } from '../../eval/tau2/approver'
import { defaultRetailDataDir } from '../../eval/tau2/data-dir'
import { htmlReport, markdownReport } from '../../eval/tau2/report'
import { loadRetailData } from '../../eval/tau2/retail-data'
import { runTau2Retail, selectTasks } from '../../eval/tau2/run-eval'
import { userModel } from '../../eval/tau2/user-simulator'
import { defineCommand, EXIT_FAILURE, EXIT_OK, UsageError, writeLine } from '../command'
import { integerOption } from '../options'
import { llmOptionsFrom, PROVIDER_USAGE, providerOptions, providerSchema } from '../provider-options'

const taskList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean)
  )
  .pipe(
    z
      .array(z.string().regex(/^\d+$/, 'expected task ids such as 0,3,7'))
      .min(1, 'expected task ids such as 0,3,7')
  )

export const evalCommand = defineCommand({
  name: 'eval',
  summary: "Score Frontline's agent on τ²-bench's retail tasks (pass^k, per-task reasons, cost)",
  usage: `Usage: frontline eval tau2-retail [--base-url URL --model M] [--user-base-url URL --user-model M]
                             [--k N] [--tasks 0,3,7] [--concurrency N] [--max-turns N]
                             [--out DIR] [--data DIR]

Loads τ²-bench's retail shop (db.json) into a fresh Frontline shop per conversation and, for each
task, lets a simulated customer (an OpenAI-compatible model given the task's scenario) chat with
Frontline's agent over the chat channel's own path. ${APPROVER_RULE}
A trial passes when the shop ends as the task's expected actions leave it and the customer was told
what the task requires. Writes result.json, report.md and report.html to --out.

${PROVIDER_USAGE}
  --user-base-url URL  The user simulator's OpenAI-compatible endpoint (default: --base-url).
                 Its key is FRONTLINE_USER_API_KEY, else FRONTLINE_API_KEY.
  --user-model M The user simulator's model (default: --model).
  --k N          Trials per task (1–32, default 4): pass^1…pass^k are reported.
  --tasks IDS    Comma-separated task ids (default: all 74).
  --concurrency N  Conversations at a time (1–32, default 4).
  --max-turns N  Customer messages per conversation before it is cut (1–100, default 30).
  --out DIR      Where the report goes (default: ./tau2-retail-<time>).
  --data DIR     The τ²-bench retail data (default: the copy shipped in data/tau2-retail).

Exits 0 when every conversation ran (whatever the score), 1 when one could not run (an
unreachable provider…), 2 on a usage mistake.`,
  positionals: ['benchmark'],
  options: {
    ...providerOptions,
    'user-base-url': { type: 'string' },
    'user-model': { type: 'string' },
    k: { type: 'string' },
    tasks: { type: 'string' },
    concurrency: { type: 'string' },
    'max-turns': { type: 'string' },
    out: { type: 'string' },
    data: { type: 'string' }
  },
  schema: z.object({
    benchmark: z.literal('tau2-retail', { error: 'expected the benchmark: tau2-retail' }),
    ...providerSchema,
    'user-base-url': SecureUrl.optional(),
    'user-model': z.string().trim().min(1).max(200).optional(),
    k: integerOption(1, 32).default(4),
    tasks: taskList.optional(),
    concurrency: integerOption(1, 32).default(4),
    'max-turns': integerOption(1, 100).default(30),
    out: z.string().trim().min(1).optional(),
    data: z.string().trim().min(1).optional()
  }),
  async run(options, io) {
    if (options['base-url'] && !options.model) throw new UsageError('--base-url needs --model')
    const userBaseUrl = options['user-base-url'] ?? options['base-url']
    const userModelName = options['user-model'] ?? options.model
    if (!userBaseUrl || !userModelName) {
      throw new UsageError(
        'the simulated customer needs a model: give --user-base-url URL --user-model M (or --base-url and --model)'
      )
    }
    const dataDir = options.data ?? defaultRetailDataDir()
    if (!dataDir) throw new UsageError('the τ²-bench retail data was not found: give --data DIR')
    const data = loadRetailData(dataDir)
    try {
      selectTasks(data.tasks, options.tasks)
    } catch (error) {
      throw new UsageError(`--tasks: ${(error as Error).message}`)
    }
    const env = process.env
    const result = await runTau2Retail({
      data,
      taskIds: options.tasks,
      k: options.k,
      concurrency: options.concurrency,
      maxTurns: options['max-turns'],
      agentLlm: llmOptionsFrom(options, env),
      user: userModel(
        userBaseUrl,
        userModelName,
        env.FRONTLINE_USER_API_KEY || env.FRONTLINE_API_KEY || 'no-key-set'
      ),
      onTrial: (trial, done, total) =>
        writeLine(
          io.stderr,
          `[${done}/${total}] task ${trial.taskId} trial ${trial.trial + 1}: ${trial.passed ? 'pass' : 'fail'}`
        )
    })
    const out = resolve(options.out ?? `tau2-retail-${result.startedAt.replace(/[:.]/g, '-')}`)
    mkdirSync(out, { recursive: true })
    writeFileSync(join(out, 'result.json'), `${JSON.stringify(result, null, 2)}\n`)
    writeFileSync(join(out, 'report.md'), markdownReport(result))
    writeFileSync(join(out, 'report.html'), htmlReport(result))
    writeLine(io.stdout, `Agent: ${result.agentModel}; user simulator: ${result.userModel}`)
    writeLine(io.stdout, result.passHat.map((v, i) => `pass^${i + 1} ${(v * 100).toFixed(1)} %`).join(', '))
    writeLine(io.stdout, `Report: ${join(out, 'report.html')}`)
    const broken = result.tasks
      .flatMap((t) => t.results)
      .filter((r) => r.reasons.some((x) => x.kind === 'error'))
    return broken.length > 0 ? EXIT_FAILURE : EXIT_OK
  }
})
