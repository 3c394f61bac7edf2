import { z } from 'zod'
import type { Draft } from '../../../shared/domain/draft'
import type { Core } from '../../core/create-core'
import { createCliCore } from '../cli-core'
import { usageForDraft } from '../../db/repositories/llm-calls'
import { listTicketIdsToDraft } from '../../db/repositories/tickets'
import { getLatestDraftForTicket } from '../../db/repositories/drafts'
import { keptWorkOf } from '../../agent/draft-work'
import { listToolCallsForDraft } from '../../db/repositories/tool-calls'
import { defineCommand, EXIT_FAILURE, EXIT_OK, UsageError, writeLine, type CliIo } from '../command'
import { DB_USAGE, dbOption, dbPathSchema } from '../options'
import { llmOptionsFrom, PROVIDER_USAGE, providerOptions, providerSchema } from '../provider-options'
import { resolveShopDb } from '../shop-db'

const usd = (micro: number): string => `$${(micro / 1_000_000).toFixed(6)}`

function report(core: Core, draft: Draft) {
  return {
    draft,
    trace: listToolCallsForDraft(core.context.db, draft.id),
    usage: usageForDraft(core.context.db, draft.id)
  }
}

function printDraft(io: CliIo, core: Core, draft: Draft): void {
  const { trace, usage } = report(core, draft)
  writeLine(
    io.stdout,
    `Draft ${draft.id} for ${draft.ticketId}: ${draft.status} (${draft.provider}/${draft.model})`
  )
  if (draft.reason) writeLine(io.stdout, `Why: ${draft.reason}`)
  writeLine(
    io.stdout,
    `Usage: ${usage.calls} model calls, ${usage.tokensIn} tokens in, ${usage.tokensOut} out` +
      `${usage.estimatedCalls > 0 ? ' (partly estimated)' : ''}; cost ${usd(usage.costMicroUsd)}`
  )
  writeLine(io.stdout, 'Trace:')
  if (trace.length === 0) writeLine(io.stdout, '  (no tool calls)')
  for (const call of trace) {
    writeLine(
      io.stdout,
      `  ${call.round + 1}. ${call.tool} ${JSON.stringify(call.arguments)} → ${call.status} (${call.durationMs.toFixed(1)} ms)`
    )
  }
  writeLine(io.stdout, '---')
  writeLine(io.stdout, draft.body)
}

export const draftCommand = defineCommand({
  name: 'draft',
  summary: 'Draft the reply to a ticket (or every new ticket) with the AI agent',
  usage: `Usage: frontline draft (--ticket ID [--replace-edited] | --all-new) [--db PATH] [--base-url URL --model M] [--json]

  --ticket ID    The ticket to draft. A draft a person edited is not replaced unless
                 --replace-edited is given (it stays among the ticket's earlier drafts).
  --all-new      Draft every new ticket without a live draft (one being written, ready, or
                 a person's), with a progress line.
${DB_USAGE}
${PROVIDER_USAGE}
  --json         Print one JSON object (the draft, its trace and usage; with --all-new a summary).

Exits 0 when every draft is ready or fallback, 1 when one failed or the ticket is unknown.`,
  options: {
    ...dbOption,
    ...providerOptions,
    ticket: { type: 'string' },
    'replace-edited': { type: 'boolean' },
    'all-new': { type: 'boolean' },
    json: { type: 'boolean' }
  },
  schema: z.object({
    db: dbPathSchema,
    ticket: z.string().trim().min(1).max(64).optional(),
    'replace-edited': z.boolean().optional(),
    'all-new': z.boolean().optional(),
    json: z.boolean().optional(),
    ...providerSchema
  }),
  async run(options, io) {
    if (Boolean(options.ticket) === Boolean(options['all-new']))
      throw new UsageError('give either --ticket ID or --all-new')
    if (options['base-url'] && !options.model) throw new UsageError('--base-url needs --model')
    const core = createCliCore({
      dbPath: resolveShopDb(options.db),
      helpDeskWorkers: false,
      llm: llmOptionsFrom(options)
    })
    try {
      if (options.ticket) {
        const ticket = await core.invoke('tickets.get', { ticketId: options.ticket })
        if (!ticket.ok) {
          writeLine(io.stdout, JSON.stringify({ error: { ...ticket.error, field: 'ticket' } }, null, 2))
          return EXIT_FAILURE
        }
        const previous = getLatestDraftForTicket(core.context.db, options.ticket)
        const kept = previous && !options['replace-edited'] ? keptWorkOf(previous) : null
        if (kept) {
          const error = {
            code: 'conflict',
            message: `${kept}: give --replace-edited to set it aside (it stays among the ticket's earlier drafts).`,
            field: 'replace-edited'
          }
          writeLine(io.stdout, JSON.stringify({ error }, null, 2))
          return EXIT_FAILURE
        }
        const draft = await core.context.drafts.start(options.ticket).done
        if (options.json) writeLine(io.stdout, JSON.stringify(report(core, draft)))
        else printDraft(io, core, draft)
        return draft.status === 'failed' ? EXIT_FAILURE : EXIT_OK
      }

      // A ticket with a live draft (a person's edit among them) keeps it: it is neither replaced nor billed again.
      const ids = listTicketIdsToDraft(core.context.db)
      const counts = { ready: 0, fallback: 0, failed: 0, skipped: 0 }
      let done = 0
      const startedAt = performance.now()
      // The engine's rate limiter paces the provider; a few at a time keeps the progress honest.
      const queue = [...ids]
      const worker = async (): Promise<void> => {
        for (let id = queue.shift(); id; id = queue.shift()) {
          const started = core.context.drafts.start(id, undefined, { onlyWithoutLiveDraft: true })
          const draft = await started.done
          counts[
            started.skipped
              ? 'skipped'
              : draft.status === 'ready'
                ? 'ready'
                : draft.status === 'fallback'
                  ? 'fallback'
                  : 'failed'
          ] += 1
          done += 1
          if (!options.json) {
            writeLine(
              io.stderr,
              `Drafted ${done}/${ids.length} (${counts.fallback} fallback, ${counts.failed} failed) ${draft.ticketId}: ${started.skipped ? 'kept its draft' : draft.status}`
            )
          }
        }
      }
      await Promise.all(Array.from({ length: Math.min(8, ids.length) }, worker))
      const summary = {
        total: ids.length,
        ...counts,
        seconds: Math.round((performance.now() - startedAt) / 100) / 10
      }
      if (options.json) writeLine(io.stdout, JSON.stringify(summary))
      else
        writeLine(
          io.stdout,
          `Drafted ${summary.total} tickets in ${summary.seconds} s: ${counts.ready} ready, ${counts.fallback} fallback, ${counts.failed} failed.`
        )
      return counts.failed > 0 ? EXIT_FAILURE : EXIT_OK
    } finally {
      await core.close()
    }
  }
})
