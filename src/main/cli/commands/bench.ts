import { join } from 'node:path'
import { benchArgOptions, benchArgSchema, BENCH_USAGE, runBenchCommand } from '../../bench/bench-command'
import { defineCommand } from '../command'

export const benchCommand = defineCommand({
  name: 'bench',
  summary: 'Benchmark the drafting engine against the mock provider or any OpenAI-compatible server',
  usage: BENCH_USAGE,
  options: benchArgOptions,
  schema: benchArgSchema,
  run(options, io) {
    // Built beside cli.js: the core worker, and the bench entry that serves the mock provider.
    return runBenchCommand(options, io, {
      coreWorkerFile: join(__dirname, 'core-worker.js'),
      cliFile: join(__dirname, 'cli.js'),
      benchEntry: join(__dirname, 'bench.js')
    })
  }
})
