import { readFileSync, writeFileSync } from 'node:fs'
import { z } from 'zod'
import {
  AnsweredTicketFilter,
  MAX_REPLAY_CONCURRENCY,
  MAX_REPLAY_TICKETS,
  type ReplayDetail,
  type ReplaySelection
} from '../../../shared/domain/replay'
import { ShopInstructions } from '../../../shared/domain/shop-prompt'
import { TicketChannel } from '../../../shared/domain/ticket'
import { describeIssues } from '../../../shared/result'
import { createCliCore } from '../cli-core'
import { defineCommand, EXIT_FAILURE, EXIT_OK, UsageError, writeLine, type CliIo } from '../command'
import { DB_USAGE, dbOption, dbPathSchema, integerOption } from '../options'
import { llmOptionsFrom, providerOptions, providerSchema } from '../provider-options'
import { resolveShopDb } from '../shop-db'
import { watchForShutdown } from '../shutdown'

const usd = (micro: number | null): string => (micro === null ? '—' : `$${(micro / 1_000_000).toFixed(4)}`)
const percent = (part: number, whole: number): string =>
  whole === 0 ? '—' : `${Math.round((part * 100) / whole)}%`

const commaList = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
    )
    .pipe(z.array(item).min(1))

function printSummary(io: CliIo, detail: ReplayDetail): void {
  const { run, summary } = detail
  const dims = summary.dimensions
  writeLine(
    io.stdout,
    `Replay ${run.id} ${run.status}: ${summary.completed} of ${run.total} tickets drafted again with ` +
      `${run.providerId}/${run.model} (${run.promptEdited ? 'an edited prompt' : "the shop's prompt"}).`
  )
  if (run.note) writeLine(io.stdout, `Why: ${run.note}`)
  writeLine(
    io.stdout,
    `Agreement: ${summary.agreed} of ${summary.completed} agree (${percent(summary.agreed, summary.completed)}); ` +
      `tools ${dims.tools.agreed}/${dims.tools.compared}, orders ${dims.orders.agreed}/${dims.orders.compared}, ` +
      `actions ${dims.actions.agreed}/${dims.actions.compared}.`
  )
  const cost = summary.costPerThousand
  writeLine(
    io.stdout,
    `Cost: ${usd(summary.spentMicroUsd)} spent (${summary.usage.tokensIn} tokens in, ${summary.usage.tokensOut} out); ` +
      `per 1,000 tickets ${usd(cost.replay)} with ${run.model}, ${usd(cost.current)} with the current ` +
      `${run.baseline.providerId}/${run.baseline.model} (at its prices)` +
      (cost.sentDraftTickets > 0 ? `, ${usd(cost.sentDrafts)} as the sent AI drafts cost.` : '.')
  )
  for (const item of detail.items) {
    const agreement = item.agreement
    const differs = agreement
      ? (['tools', 'orders', 'actions'] as const).filter((key) => agreement[key] === false)
      : []
    const verdict = !agreement
      ? `${item.status}${item.error ? `: ${item.error}` : ''}`
      : agreement.agrees
        ? 'agrees'
        : `differs in ${differs.join(', ')}`
    writeLine(io.stdout, `  ${item.ticketId}: ${verdict}`)
  }
}

export const replayCommand = defineCommand({
  name: 'replay',
  summary: 'Draft answered tickets again with a model and prompt, in shadow mode, and compare',
  usage: `Usage: frontline replay (--tickets ID,… | --latest N | --sample N) [--from DAY] [--to DAY]
                        [--channel email,chat,web] [--written-by ai|person]
                        [--provider P --model M | --base-url URL --model M] [--prompt-file FILE]
                        [--concurrency N] [--csv FILE] [--json] [--db PATH]

  --tickets ID,… The answered tickets to replay.
  --latest N     The N most recently answered tickets (at most ${MAX_REPLAY_TICKETS}) that match the filters.
  --sample N     N answered tickets at random among those that match the filters.
  --from DAY     Replies sent on or after this day (YYYY-MM-DD, UTC); --to DAY: on or before it.
  --channel C    Only tickets from these channels.
  --written-by W Only replies sent from an AI draft (ai) or written by a person (person).
  --provider P   With --model M: a provider in Settings (demo, deepseek, openai…). Without either:
                 the shop's default model.
  --base-url URL With --model M: any OpenAI-compatible endpoint (the key from FRONTLINE_API_KEY).
  --prompt-file FILE
                 Instructions to draft with instead of the shop's prompt (its instructions part).
  --concurrency N
                 Tickets drafted at once (1 to ${MAX_REPLAY_CONCURRENCY}, default 2), so live drafting keeps its share.
  --csv FILE     Write every ticket, side by side, as CSV.
  --json         Print the run, its summary and every ticket as one JSON object.
${DB_USAGE}

Nothing is sent and no action reaches the shop: the agent drafts against a scratch copy of the
database. Only the replay's results and its model calls (marked as lab spend) are written.
Ctrl+C cancels. Exits 0 when every chosen ticket was drafted again, 1 when the replay was refused,
cancelled, stopped or failed.`,
  options: {
    ...dbOption,
    ...providerOptions,
    provider: { type: 'string' },
    tickets: { type: 'string' },
    latest: { type: 'string' },
    sample: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    channel: { type: 'string' },
    'written-by': { type: 'string' },
    'prompt-file': { type: 'string' },
    concurrency: { type: 'string' },
    csv: { type: 'string' },
    json: { type: 'boolean' }
  },
  schema: z.object({
    db: dbPathSchema,
    ...providerSchema,
    provider: z.string().trim().min(1).max(100).optional(),
    tickets: commaList(z.string().min(1).max(64)).optional(),
    latest: integerOption(1, MAX_REPLAY_TICKETS).optional(),
    sample: integerOption(1, MAX_REPLAY_TICKETS).optional(),
    from: z.iso.date('expected a day as YYYY-MM-DD').optional(),
    to: z.iso.date('expected a day as YYYY-MM-DD').optional(),
    channel: commaList(TicketChannel).optional(),
    'written-by': z.enum(['ai', 'person']).optional(),
    'prompt-file': z.string().trim().min(1).optional(),
    concurrency: integerOption(1, MAX_REPLAY_CONCURRENCY).optional(),
    csv: z.string().trim().min(1).optional(),
    json: z.boolean().optional()
  }),
  async run(options, io) {
    const ways = [options.tickets, options.latest, options.sample].filter((v) => v !== undefined)
    if (ways.length !== 1) throw new UsageError('give one of --tickets, --latest or --sample')
    if (options['base-url'] && !options.model) throw new UsageError('--base-url needs --model')
    if (options['base-url'] && options.provider)
      throw new UsageError('give --provider or --base-url, not both')
    if (options.model && !options['base-url'] && !options.provider)
      throw new UsageError('--model needs --provider P (a provider in Settings) or --base-url URL')
    if (options.provider && !options.model) throw new UsageError('--provider needs --model')
    const filter = AnsweredTicketFilter.safeParse({
      repliedFrom: options.from,
      repliedTo: options.to,
      channels: options.channel,
      composedBy:
        options['written-by'] === 'ai'
          ? 'ai_draft'
          : options['written-by'] === 'person'
            ? 'person'
            : undefined
    })
    if (!filter.success) throw new UsageError(describeIssues(filter.error.issues.map(issueLine)))
    if (options.tickets && (options.from || options.to || options.channel || options['written-by']))
      throw new UsageError('the filters choose tickets for --latest or --sample, not with --tickets')
    const selection: ReplaySelection = options.tickets
      ? { kind: 'tickets', ticketIds: options.tickets }
      : options.latest !== undefined
        ? { kind: 'latest', filter: filter.data, limit: options.latest }
        : { kind: 'sample', filter: filter.data, size: options.sample ?? 1 }
    let instructions: string | undefined
    if (options['prompt-file']) {
      let text: string
      try {
        text = readFileSync(options['prompt-file'], 'utf8')
      } catch {
        throw new UsageError(`--prompt-file: cannot read ${options['prompt-file']}`)
      }
      const parsed = ShopInstructions.safeParse(text)
      if (!parsed.success)
        throw new UsageError(`--prompt-file: ${parsed.error.issues[0]?.message ?? 'unusable'}`)
      instructions = parsed.data
    }

    // The endpoint under test is added as a provider, but the shop's default model stays "the
    // current one" the summary compares with.
    const tried = llmOptionsFrom(options)
    const core = createCliCore({
      dbPath: resolveShopDb(options.db),
      helpDeskWorkers: false,
      llm: tried && { connections: tried.connections }
    })
    const shutdown = watchForShutdown(io)
    try {
      const model = options['base-url']
        ? { providerId: 'custom', model: options.model }
        : options.provider && options.model
          ? { providerId: options.provider, model: options.model }
          : {}
      const started = await core.invoke('replay.start', {
        selection,
        ...model,
        ...(instructions ? { instructions } : {}),
        ...(options.concurrency ? { concurrency: options.concurrency } : {})
      })
      if (!started.ok) {
        writeLine(io.stderr, `frontline replay: ${started.error.message}`)
        return EXIT_FAILURE
      }
      const replayId = started.value.id
      const stopFollowing = options.json
        ? () => {}
        : core.subscribe((event, payload) => {
            const run = payload as { id?: string; finished?: number; total?: number; status?: string }
            if (event === 'replay.progress' && run.id === replayId && run.status === 'running')
              writeLine(io.stderr, `Replayed ${run.finished}/${run.total}`)
          })
      let ended = false
      void shutdown.requested.then(() => (ended ? undefined : core.invoke('replay.cancel', { replayId })))
      const run = await core.context.lab.finished(replayId)
      ended = true
      stopFollowing()
      const detail = core.context.lab.detail({ replayId, limit: MAX_REPLAY_TICKETS, offset: 0 })
      if (options.csv) writeFileSync(options.csv, core.context.lab.exportCsv(replayId).csv)
      if (options.json) writeLine(io.stdout, JSON.stringify(detail))
      else printSummary(io, detail)
      return run.status === 'done' ? EXIT_OK : EXIT_FAILURE
    } finally {
      shutdown.dispose()
      await core.close()
    }
  }
})

function issueLine(issue: z.core.$ZodIssue): { field: string; message: string } {
  const names: Record<string, string> = { repliedFrom: '--from', repliedTo: '--to', channels: '--channel' }
  const key = String(issue.path[0] ?? '')
  return { field: names[key] ?? key, message: issue.message }
}
