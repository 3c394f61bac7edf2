import { parseArgs } from 'node:util'
import type { z } from 'zod'
import { defaultDbPath } from '../paths'
import {
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  UsageError,
  writeLine,
  type CliCommand,
  type CliIo
} from './command'
import { commands as builtInCommands } from './commands'

const HELP_FLAGS = new Set(['--help', '-h'])

export function generalHelp(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 3
  return [
    'Frontline: the support console for e-commerce teams, from the command line.',
    '',
    'Usage: frontline <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    `  ${'help'.padEnd(width)}Show this help, or a command's options: frontline help <command>`,
    '',
    `Without --db, commands use ${defaultDbPath()}`,
    '(created with the demo shop on first run; FRONTLINE_DATA_DIR moves it).'
  ].join('\n')
}

/**
 * Runs `frontline <argv…>` and returns the exit code: 0 done, 1 the command failed or refused,
 * 2 the command line itself was wrong (then the usage is printed, never a stack trace).
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly CliCommand[] = builtInCommands
): Promise<number> {
  const [first, ...rest] = argv
  if (first === undefined) {
    writeLine(io.stderr, generalHelp(commands))
    return EXIT_USAGE
  }
  if (first === 'help' || HELP_FLAGS.has(first)) {
    const topic = first === 'help' ? rest[0] : undefined
    if (topic === undefined) {
      writeLine(io.stdout, generalHelp(commands))
      return EXIT_OK
    }
    const command = commands.find((c) => c.name === topic)
    if (!command) return usageFailure(io, `Unknown command "${topic}".`, generalHelp(commands))
    writeLine(io.stdout, `${command.summary}.\n\n${command.usage}`)
    return EXIT_OK
  }

  const command = commands.find((c) => c.name === first)
  if (!command) return usageFailure(io, `Unknown command "${first}".`, generalHelp(commands))
  if (rest.some((arg) => HELP_FLAGS.has(arg))) {
    writeLine(io.stdout, `${command.summary}.\n\n${command.usage}`)
    return EXIT_OK
  }

  const parsed = parseCommandLine(command, rest)
  if (!parsed.ok) return usageFailure(io, `frontline ${command.name}: ${parsed.message}`, command.usage)

  try {
    return await command.run(parsed.value, io)
  } catch (error) {
    if (error instanceof UsageError) {
      return usageFailure(io, `frontline ${command.name}: ${error.message}`, command.usage)
    }
    writeLine(io.stderr, `frontline ${command.name}: ${(error as Error)?.message ?? String(error)}`)
    if (process.env.FRONTLINE_DEBUG && error instanceof Error && error.stack)
      writeLine(io.stderr, error.stack)
    return EXIT_FAILURE
  }
}

function usageFailure(io: CliIo, message: string, usage: string): number {
  writeLine(io.stderr, `${message}\n\n${usage}`)
  return EXIT_USAGE
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string }

/** parseArgs for the shape, then the command's zod schema for the meaning; every problem names its option. */
export function parseCommandLine<S extends z.ZodType>(
  command: CliCommand<S>,
  args: readonly string[]
): Parsed<z.output<S>> {
  const declared = command.positionals ?? []
  // A last positional written `files...` takes every remaining argument, as an array.
  const variadic = declared.at(-1)?.endsWith('...') === true
  const names = declared.map((name) => name.replace(/\.\.\.$/, ''))
  let values: Record<string, unknown>
  let positionals: string[]
  try {
    ;({ values, positionals } = parseArgs({
      args: [...args],
      options: command.options,
      strict: true,
      allowPositionals: names.length > 0
    }))
  } catch (error) {
    // parseArgs' own messages name the option: "Unknown option '--foo'".
    return { ok: false, message: (error as Error).message.split('\n')[0] ?? 'invalid arguments' }
  }
  if (!variadic && positionals.length > names.length) {
    return { ok: false, message: `unexpected argument "${positionals[names.length]}"` }
  }
  const input: Record<string, unknown> = { ...values }
  names.forEach((name, i) => {
    if (variadic && i === names.length - 1) input[name] = positionals.slice(i)
    else if (positionals[i] !== undefined) input[name] = positionals[i]
  })

  const result = command.schema.safeParse(input)
  if (result.success) return { ok: true, value: result.data }
  const label = (key: PropertyKey | undefined): string => {
    if (typeof key !== 'string') return 'arguments'
    // actionId reads as the usage writes it: ACTION_ID.
    return names.includes(key) ? key.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase() : `--${key}`
  }
  const message = result.error.issues
    .map((issue) => {
      const missing =
        issue.code === 'invalid_type' &&
        issue.input === undefined &&
        issue.message.startsWith('Invalid input')
      return `${label(issue.path[0])}: ${missing ? 'required' : issue.message}`
    })
    .join('; ')
  return { ok: false, message }
}
