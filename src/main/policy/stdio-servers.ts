import { commandLineText, type StdioAllowEntry, type McpServerConfig } from '../../shared/domain/mcp-server'

type StdioConfig = Extract<McpServerConfig, { transport: 'stdio' }>

/**
 * A stdio MCP server is a program Frontline starts on this machine, so the console alone may not
 * choose one: only a command line a person allowed on the machine itself (the CLI's
 * `frontline mcp-server allow`, or the desktop app's own dialog) may run, with the same arguments
 * and no environment variables beyond those allowed. This is the one rule the console, the
 * desktop app and (later) the team server share.
 */
export function isStdioAllowed(allowlist: readonly StdioAllowEntry[], config: StdioConfig): boolean {
  const envNames = Object.keys(config.env ?? {})
  return allowlist.some(
    (entry) =>
      entry.command === config.command &&
      entry.args.length === config.args.length &&
      entry.args.every((arg, i) => arg === config.args[i]) &&
      envNames.every((name) => entry.envNames.includes(name))
  )
}

/** The allowlist entry that lets exactly this server run. */
export const allowEntryFor = (config: StdioConfig): StdioAllowEntry => ({
  command: config.command,
  args: [...config.args],
  envNames: Object.keys(config.env ?? {}).sort()
})

/** POSIX shell quoting, for a command a person copies into a terminal. */
const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`

/** The command that allows this server, for the refusal to say. */
export function allowCommandFor(config: StdioConfig, dbPath: string): string {
  const envNames = Object.keys(config.env ?? {}).sort()
  return [
    'frontline mcp-server allow',
    `--db ${shellQuote(dbPath)}`,
    `--command ${shellQuote(commandLineText([config.command, ...config.args]))}`,
    ...(envNames.length > 0 ? [`--env ${envNames.join(',')}`] : [])
  ].join(' ')
}

export function stdioRefusal(config: StdioConfig, dbPath: string): string {
  return (
    `Frontline starts a program as an MCP server only when it is on this machine's allowlist, which ` +
    `the console cannot change. To allow this one, run in a terminal on this machine: ` +
    `${allowCommandFor(config, dbPath)} — then add the server again.`
  )
}
