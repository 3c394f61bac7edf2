import type { ParseArgsConfig } from 'node:util'
import type { z } from 'zod'

/** Where a command writes; tests pass capturing streams. */
export interface CliIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  /** Ends a long-running command (web, mcp). Without it, SIGINT or SIGTERM does. */
  shutdown?: AbortSignal
  /**
   * Where a command reads from a person: a confirmation (shop reset), a secret piped in
   * (--password-stdin). process.stdin when absent.
   */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean }
}

export type CliOptionsConfig = NonNullable<ParseArgsConfig['options']>

/** Exit codes: the shell and scripts tell a usage mistake from a refusal by them. */
export const EXIT_OK = 0
export const EXIT_FAILURE = 1
export const EXIT_USAGE = 2

/**
 * One `frontline <name>` command. Arguments are parsed by node:util parseArgs with `options`,
 * positionals are named by `positionals`, and the resulting object is validated by `schema` before
 * `run` sees it, so `run` only ever gets well-formed input.
 */
export interface CliCommand<S extends z.ZodType = z.ZodType> {
  name: string
  /** One line for `frontline help`. */
  summary: string
  /** The synopsis and an explanation of every option, shown by `frontline help <name>` and on misuse. */
  usage: string
  options: CliOptionsConfig
  /**
   * Names of the positional arguments, in order (e.g. ['name', 'json']); they join the options
   * object. A last name ending in `...` (e.g. 'files...') takes all the remaining ones as an array.
   */
  positionals?: readonly string[]
  schema: S
  run(options: z.output<S>, io: CliIo): Promise<number>
}

export function defineCommand<S extends z.ZodType>(command: CliCommand<S>): CliCommand<S> {
  return command
}

/** Thrown by a command when its arguments are well-formed but unusable together: exit 2 with the usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

export const writeLine = (stream: NodeJS.WritableStream, line = ''): void => {
  stream.write(`${line}\n`)
}
