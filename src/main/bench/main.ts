import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { benchArgOptions, benchArgSchema, BENCH_USAGE, runBenchCommand } from './bench-command'
import { serveMock, SERVE_MOCK_FLAG } from './mock-process'
import { CHAT_LOAD_FLAG, serveChatLoad } from '../channel/bench-client'
import { serveTeamConsoles, TEAM_CONSOLES_FLAG } from '../team-server/bench-consoles'

/**
 * `npm run bench` (out/main/bench.js). Started with SERVE_MOCK_FLAG it is instead the mock
 * provider's own process, which the benchmark spawns.
 */
async function main(argv: string[]): Promise<number> {
  if (argv[0] === SERVE_MOCK_FLAG) {
    await serveMock(argv[1])
    return 0
  }
  // The chat channel's load client: another process, so it does not share the server's event loop.
  if (argv[0] === CHAT_LOAD_FLAG) {
    await serveChatLoad()
    return 0
  }
  // The team benchmark's consoles: also another process, receiving what the server pushes.
  if (argv[0] === TEAM_CONSOLES_FLAG) {
    await serveTeamConsoles()
    return 0
  }
  let values: unknown
  try {
    values = parseArgs({ args: argv, options: benchArgOptions, strict: true, allowPositionals: false }).values
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${BENCH_USAGE}\n`)
    return 2
  }
  const args = benchArgSchema.safeParse(values)
  if (!args.success) {
    for (const issue of args.error.issues)
      process.stderr.write(`--${issue.path.join('.') || '(arguments)'}: ${issue.message}\n`)
    process.stderr.write(`\n${BENCH_USAGE}\n`)
    return 2
  }
  // Paths are taken here, in the entry, because shared modules may be bundled into a chunks/ folder.
  return runBenchCommand(args.data, process, {
    coreWorkerFile: join(__dirname, 'core-worker.js'),
    cliFile: join(__dirname, 'cli.js'),
    benchEntry: __filename
  })
}

main(process.argv.slice(2)).then(
  (code) => {
    const helper = [SERVE_MOCK_FLAG, CHAT_LOAD_FLAG, TEAM_CONSOLES_FLAG].includes(process.argv[2] ?? '')
    if (!helper) process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
    )
    process.exitCode = 1
  }
)
