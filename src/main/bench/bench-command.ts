import { z } from 'zod'
import { formatReport, reportJson, checkTargets } from './report'
import { runBenchmark, type BenchProvider } from './run-bench'
import { runChannelBench, type ChannelBenchReport } from '../channel/channel-bench'
import { formatMailReport, mailServersProblem, runMailBench, type MailBenchReport } from './mail-bench'
import { formatImportReport, IMPORT_TARGETS, runImportBench } from './import-bench'
import { formatTeamReport, runTeamBench, type TeamBenchReport } from '../team-server/team-bench'

/** The arguments of `npm run bench` and `frontline bench`, as node:util parseArgs reads them. */
export const benchArgOptions = {
  'base-url': { type: 'string' },
  model: { type: 'string' },
  concurrency: { type: 'string' },
  rounds: { type: 'string' },
  'latency-ms': { type: 'string' },
  warmup: { type: 'string' },
  'engine-only': { type: 'boolean' },
  'chat-only': { type: 'boolean' },
  'mail-only': { type: 'boolean' },
  'mail-messages': { type: 'string' },
  'import-only': { type: 'boolean' },
  'import-orders': { type: 'string' },
  'team-only': { type: 'boolean' },
  'team-consoles': { type: 'string' },
  'team-chats': { type: 'string' }
} as const

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))

export const benchArgSchema = z
  .object({
    'base-url': z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as http://127.0.0.1:8000/v1' })
      .optional(),
    model: z.string().trim().min(1, 'expected a model id').optional(),
    concurrency: z
      .string()
      .trim()
      .regex(/^\d+(,\d+)*$/, 'expected concurrency levels separated by commas, such as 1,50,500')
      .transform((text) => text.split(',').map(Number))
      .pipe(z.array(z.number().int().min(1).max(5000)))
      .optional(),
    rounds: wholeNumber(1, 1000).optional(),
    'latency-ms': wholeNumber(0, 60_000).optional(),
    warmup: wholeNumber(0, 100_000).optional(),
    'engine-only': z.boolean().optional(),
    'chat-only': z.boolean().optional(),
    'mail-only': z.boolean().optional(),
    'mail-messages': wholeNumber(1, 1_000_000).optional(),
    'import-only': z.boolean().optional(),
    'import-orders': wholeNumber(1, 10_000_000).optional(),
    'team-only': z.boolean().optional(),
    'team-consoles': wholeNumber(1, 1000).optional(),
    'team-chats': wholeNumber(1, 5000).optional()
  })
  .strict()
  .superRefine((args, ctx) => {
    for (const only of ['mail-only', 'import-only', 'team-only'] as const) {
      if (args[only] && (args['engine-only'] || args['chat-only'] || args['base-url']))
        ctx.addIssue({
          code: 'custom',
          path: [only],
          message: 'cannot be combined with --engine-only, --chat-only or --base-url'
        })
    }
    if (args['mail-only'] && args['import-only'])
      ctx.addIssue({ code: 'custom', path: ['import-only'], message: 'cannot be combined with --mail-only' })
    if (args['team-only'] && (args['mail-only'] || args['import-only']))
      ctx.addIssue({
        code: 'custom',
        path: ['team-only'],
        message: 'cannot be combined with --mail-only or --import-only'
      })
    if (args['engine-only'] && args['chat-only'])
      ctx.addIssue({ code: 'custom', path: ['chat-only'], message: 'cannot be combined with --engine-only' })
    if (args['base-url'] && args['chat-only'])
      ctx.addIssue({
        code: 'custom',
        path: ['chat-only'],
        message: 'only applies to the mock provider (without --base-url)'
      })
    if (args['base-url'] && !args.model)
      ctx.addIssue({
        code: 'custom',
        path: ['model'],
        message: 'is required with --base-url (the model id to call)'
      })
    if (!args['base-url'] && args.model)
      ctx.addIssue({
        code: 'custom',
        path: ['model'],
        message: 'only applies with --base-url (the mock has one model)'
      })
    if (args['base-url'] && args['latency-ms'] !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['latency-ms'],
        message: 'only applies to the mock provider (without --base-url)'
      })
  })
export type BenchArgs = z.output<typeof benchArgSchema>

export const BENCH_USAGE = `Usage: frontline bench [--concurrency 1,50,500] [--rounds N] [--warmup N] [--latency-ms MS]
       frontline bench --base-url URL --model ID [--concurrency …] [--rounds N] [--warmup N]

Runs the real engine (the core in a worker thread, the openai SDK over HTTP, a temporary database
with the demo shop) on "where is my order?" tickets, each a conversation of two model calls and one
tool call, at each concurrency level in turn, and reports throughput, latency percentiles, the host
thread's event-loop delay and peak memory. The last line of the output is the report as JSON.

  --concurrency L   Conversations in flight at once, per level (default 1,50,500).
  --rounds N        Conversations per level = N x its concurrency, closed loop (default 10; at least 20).
                    Each level ramps up at 500 a second and measures what follows; then a burst of
                    as many conversations started at once is measured on its own.
  --warmup N        Unmeasured conversations first, as many at once as the largest level (at least 50);
                    default twelve times that level, at least 200 (the JIT's compiling is over by then).
                    Against --base-url they are real calls, billed like the measured ones.
  --latency-ms MS   The mock provider's latency per call (default 200). The mock runs in its own process.
  --base-url URL    Run against this OpenAI-compatible server instead of the mock; its key is read from
                    FRONTLINE_API_KEY (never from the command line). Our rate limits are lifted for the
                    run: the server's own limits apply.
  --model ID        The model to call at --base-url.
  --engine-only     Skip the second part: with the mock provider, the benchmark then measures the
                    customer chat API (500 concurrent POST /mcp/chat from a client in another process).
  --chat-only       Measure only the chat API, not the engine.
  --mail-only       Measure only the email ingest: N emails (--mail-messages, default 10000) read from a
                    dovecot started on 127.0.0.1 into tickets, drafting off (needs root and dovecot-imapd).
                    With the mock provider and neither --engine-only nor --chat-only, it runs last.
  --import-only     Measure only the shop import: a Shopify orders export of
                    ${IMPORT_TARGETS.orders.toLocaleString('en-US')} orders (about 2.5 M rows) written to a temporary file and imported by
                    \`frontline import\` in a child process, timed, its peak RSS read from /proc.
  --import-orders N The import part's order count (default ${IMPORT_TARGETS.orders.toLocaleString('en-US')}).
  --team-only       Measure only the team server: 50 consoles signed in (WebSockets from another process)
                    while 500 chats draft; the delay from each change (a draft written) to its arrival
                    in every console, and the server's memory per connected console. With the mock
                    provider and neither --engine-only nor --chat-only, it runs last.
  --team-consoles N, --team-chats N   The team part's sizes (default 50 and 500).`

export interface BenchIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

export interface BenchFiles {
  /** out/main/core-worker.js */
  coreWorkerFile: string
  /** out/main/cli.js, which the import part runs as `frontline import` */
  cliFile: string
  /** out/main/bench.js, which serves the mock when started with --serve-mock */
  benchEntry: string
}

/** Runs the benchmark; exit code 1 when a conversation ended in anything but a model-written draft. */
export async function runBenchCommand(
  args: BenchArgs,
  io: BenchIo,
  files: BenchFiles,
  env: NodeJS.ProcessEnv = process.env
): Promise<number> {
  const provider: BenchProvider = args['base-url']
    ? {
        kind: 'external',
        baseURL: args['base-url'],
        model: args.model ?? '',
        // Servers without keys (llama.cpp, vLLM) still need the SDK to send one.
        apiKey: env.FRONTLINE_API_KEY || 'no-key'
      }
    : { kind: 'mock', latencyMs: args['latency-ms'] ?? 200 }
  if (args['mail-only']) {
    const mail = await mailPart(args, io)
    io.stdout.write(`${JSON.stringify({ mail })}\n`)
    return mail ? 0 : 1
  }
  if (args['team-only']) {
    const team = await teamPart(args, io, files)
    io.stdout.write(`${JSON.stringify({ team })}\n`)
    return team.chat.errors > 0 ? 1 : 0
  }
  const importOnly = args['import-only'] === true
  const report =
    args['chat-only'] || importOnly
      ? null
      : await runBenchmark({
          provider,
          concurrency: args.concurrency ?? [1, 50, 500],
          rounds: args.rounds ?? 10,
          minConversations: 20,
          warmup: args.warmup,
          ...files,
          log: (line) => io.stderr.write(`${line}\n`)
        })
  if (report) for (const line of formatReport(report)) io.stdout.write(`${line}\n`)
  // The chat channel is measured against the mock only: its targets assume the mock's latency.
  const channel =
    provider.kind === 'mock' && !args['engine-only'] && !importOnly
      ? await runChannelBench({
          benchEntry: files.benchEntry,
          mockLatencyMs: provider.latencyMs,
          concurrency: 500,
          warmup: args.warmup,
          log: (line) => io.stderr.write(`${line}\n`)
        })
      : null
  if (channel) for (const line of formatChannelReport(channel)) io.stdout.write(`${line}\n`)
  // The import is measured with the mock runs only: a run against a real provider is about the provider.
  const shopImport =
    importOnly || (provider.kind === 'mock' && !args['engine-only'] && !args['chat-only'])
      ? await runImportBench({
          cliFile: files.cliFile,
          orders: args['import-orders'] ?? IMPORT_TARGETS.orders,
          log: (line) => io.stderr.write(`${line}\n`)
        })
      : null
  if (shopImport) for (const line of formatImportReport(shopImport)) io.stdout.write(`${line}\n`)
  const mail =
    provider.kind === 'mock' && !args['engine-only'] && !args['chat-only'] && !importOnly
      ? await mailPart(args, io)
      : null
  const team =
    provider.kind === 'mock' && !args['engine-only'] && !args['chat-only'] && !importOnly
      ? await teamPart(args, io, files)
      : null
  const engine = report ? (JSON.parse(reportJson(report)) as object) : {}
  io.stdout.write(
    `${JSON.stringify({ ...engine, ...(channel ? { channel } : {}), ...(shopImport ? { import: shopImport } : {}), ...(mail ? { mail } : {}), ...(team ? { team } : {}) })}\n`
  )
  const errors =
    (report?.levels.reduce((n, l) => n + l.errors, 0) ?? 0) +
    (channel?.load.errors ?? 0) +
    (team?.chat.errors ?? 0)
  const missed =
    (report !== null && (checkTargets(report)?.some((t) => !t.met) ?? false)) ||
    (channel !== null && !channel.met) ||
    (shopImport !== null && shopImport.orders >= IMPORT_TARGETS.orders && !shopImport.targets.met) ||
    (team !== null && !team.target.met)
  if (missed) io.stderr.write('Some targets were missed (see above).\n')
  return errors > 0 ? 1 : 0
}

/** The team server part, against the mock provider. */
async function teamPart(args: BenchArgs, io: BenchIo, files: BenchFiles): Promise<TeamBenchReport> {
  const team = await runTeamBench({
    benchEntry: files.benchEntry,
    coreWorkerFile: files.coreWorkerFile,
    mockLatencyMs: args['latency-ms'] ?? 200,
    consoles: args['team-consoles'],
    chats: args['team-chats'],
    warmup: args.warmup,
    log: (line) => io.stderr.write(`${line}\n`)
  })
  for (const line of formatTeamReport(team)) io.stdout.write(`${line}\n`)
  if (!team.target.met) io.stderr.write('The team server target was missed (see above).\n')
  return team
}

/** The email ingest part; null (said on stderr) where dovecot cannot run here. */
async function mailPart(args: BenchArgs, io: BenchIo): Promise<MailBenchReport | null> {
  const problem = mailServersProblem()
  if (problem) {
    io.stderr.write(`Email ingest not measured: ${problem}\n`)
    return null
  }
  const mail = await runMailBench({
    count: args['mail-messages'] ?? 10_000,
    log: (line) => io.stderr.write(`${line}\n`)
  })
  for (const line of formatMailReport(mail)) io.stdout.write(`${line}\n`)
  if (!mail.target.met) io.stderr.write('The email ingest target was missed (see above).\n')
  return mail
}

function formatChannelReport(channel: ChannelBenchReport): string[] {
  const { load } = channel
  const ms = (n: number) => `${Math.round(n)} ms`
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED')
  return [
    '',
    `Chat channel: ${load.latencyMs.count} POST /mcp/chat conversations measured, ${channel.concurrency} at once, from another process; mock ${channel.mockLatencyMs} ms a call, floor ${channel.floorMs} ms`,
    `  throughput ${load.throughputPerSec.toFixed(1)} conv/s · latency p50 ${ms(load.latencyMs.p50)} · p95 ${ms(load.latencyMs.p95)} · p99 ${ms(load.latencyMs.p99)} · errors ${load.errors} · fallbacks ${load.fallbacks}`,
    ...(load.burstLatencyMs
      ? [
          `  burst of ${load.burstLatencyMs.count} sent at once: p50 ${ms(load.burstLatencyMs.p50)} · p99 ${ms(load.burstLatencyMs.p99)}`
        ]
      : []),
    `  CPU per conversation: server ${channel.cpuMsPerConversation.server} ms, client ${channel.cpuMsPerConversation.client} ms, mock ${channel.cpuMsPerConversation.mock ?? '?'} ms`,
    `  targets: throughput >= ${channel.targets.throughputPerSec}/s ${verdict(load.throughputPerSec >= channel.targets.throughputPerSec)}, p99 < ${channel.targets.p99Ms} ms ${verdict(load.latencyMs.p99 < channel.targets.p99Ms)}, no errors ${verdict(load.errors === 0)}`
  ]
}
