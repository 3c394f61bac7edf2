import { z } from 'zod'
import type { Action } from '../../../shared/domain/action'
import { formatMoney } from '../../../shared/domain/money'
import type { Core } from '../../core/create-core'
import { createCliCore } from '../cli-core'
import type { Result } from '../../../shared/result'
import { defineCommand, EXIT_FAILURE, EXIT_OK, writeLine, type CliIo } from '../command'
import { DB_USAGE, dbOption, dbPathSchema } from '../options'
import { resolveShopDb } from '../shop-db'

const actionId = z.string({ error: 'required (an action id such as ACT-…)' }).trim().min(1).max(100)
const by = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .default(process.env.USER ? `${process.env.USER} (cli)` : 'cli')

function printDecision(io: CliIo, action: Action, decidedHere: boolean): void {
  const amount = action.amount ? ` ${formatMoney(action.amount)}` : ''
  const outcome = decidedHere
    ? action.status
    : `already ${action.status} (by ${action.decidedBy ?? 'someone'} at ${action.decidedAt ?? 'an unknown time'}); nothing was changed`
  writeLine(io.stdout, `${action.id} (${action.kind}${amount}, order ${action.orderId ?? '-'}): ${outcome}`)
  if (action.decisionReason) writeLine(io.stdout, `Reason: ${action.decisionReason}`)
  if (action.result) writeLine(io.stdout, JSON.stringify(action.result, null, 2))
}

async function decide(
  dbPath: string | undefined,
  io: CliIo,
  call: (core: Core) => Promise<Result<Action>>
): Promise<number> {
  const core = createCliCore({ dbPath: resolveShopDb(dbPath), helpDeskWorkers: false })
  // The core announces a decision only when it made it: an action decided before (by another
  // process, or an earlier run) comes back unchanged and unannounced.
  const announced = new Set<string>()
  const unsubscribe = core.subscribe((event, payload) => {
    if (event === 'actions.changed')
      for (const id of (payload as { actionIds: string[] }).actionIds) announced.add(id)
  })
  try {
    const result = await call(core)
    if (!result.ok) {
      writeLine(io.stdout, JSON.stringify({ error: result.error }, null, 2))
      return EXIT_FAILURE
    }
    printDecision(io, result.value, announced.has(result.value.id))
    return EXIT_OK
  } finally {
    unsubscribe()
    await core.close()
  }
}

export const approveCommand = defineCommand({
  name: 'approve',
  summary: 'Approve a proposed return or refund: applies it exactly once',
  usage: `Usage: frontline approve ACTION_ID [--db PATH] [--by NAME]

  ACTION_ID      The proposed action (see the Approvals view, or the draft's trace).
${DB_USAGE}
  --by NAME      Who approves, for the audit log (default: your user name).

Approving twice is safe, from one process or two at once: it is applied once, and the other
reports it as already applied (exit 0). Approving a rejected action exits 1.`,
  options: { ...dbOption, by: { type: 'string' } },
  positionals: ['actionId'],
  schema: z.object({ actionId, db: dbPathSchema, by }),
  run: (options, io) =>
    decide(options.db, io, (core) =>
      core.invoke('actions.approve', { actionId: options.actionId, by: options.by })
    )
})

export const rejectCommand = defineCommand({
  name: 'reject',
  summary: 'Reject a proposed return or refund, saying why',
  usage: `Usage: frontline reject ACTION_ID --why TEXT [--db PATH] [--by NAME]

  ACTION_ID      The proposed action.
  --why TEXT     Why it is rejected (kept in the audit log).
${DB_USAGE}
  --by NAME      Who rejects (default: your user name).`,
  options: { ...dbOption, by: { type: 'string' }, why: { type: 'string' } },
  positionals: ['actionId'],
  schema: z.object({
    actionId,
    why: z
      .string({ error: 'required: say why the action is rejected' })
      .trim()
      .min(1, 'required: say why the action is rejected')
      .max(1000),
    db: dbPathSchema,
    by
  }),
  run: (options, io) =>
    decide(options.db, io, (core) =>
      core.invoke('actions.reject', { actionId: options.actionId, reason: options.why, by: options.by })
    )
})
