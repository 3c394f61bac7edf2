import { z } from 'zod'
import { SecureUrl } from './setting-values'

/**
 * External MCP servers whose tools Frontline's agent may use. The id prefixes every tool name the
 * model sees (`<id>__<tool>`), so it is short and has no underscore: the separator stays unambiguous.
 */
export const McpServerId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,23}$/,
    'use 1-24 lower-case letters, digits or dashes, starting with a letter or digit'
  )

const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name, e.g. API_TOKEN')
const HeaderName = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'an HTTP header name, e.g. Authorization')
const HeaderValue = z
  .string()
  .max(8_000)
  .regex(/^[^\r\n]*$/, 'a header value cannot contain line breaks')

const common = {
  id: McpServerId,
  name: z.string().trim().min(1, 'give the server a name').max(80),
  /** A disabled server stays configured but is not connected and offers no tools. */
  enabled: z.boolean().default(true)
}

export const StdioServerConfig = z
  .object({
    ...common,
    transport: z.literal('stdio'),
    command: z.string().trim().min(1, 'the program to start, e.g. npx').max(1_000),
    args: z.array(z.string().max(4_000)).max(100).default([]),
    /** Added to a minimal inherited environment (PATH, HOME…): Frontline's own secrets are not passed on. */
    env: z.record(EnvName, z.string().max(10_000)).optional()
  })
  .strict()

export const HttpServerConfig = z
  .object({
    ...common,
    transport: z.literal('http'),
    /** Its headers are often tokens: https, or plain http to this machine only. */
    url: SecureUrl,
    headers: z.record(HeaderName, HeaderValue).optional()
  })
  .strict()

export const McpServerConfig = z.discriminatedUnion('transport', [StdioServerConfig, HttpServerConfig])
export type McpServerConfig = z.output<typeof McpServerConfig>

/**
 * A server as the settings table keeps it: header and environment values (often tokens) live in the
 * key store (`mcp.<id>`), only their names here.
 */
export const StoredMcpServer = z.discriminatedUnion('transport', [
  StdioServerConfig.omit({ env: true }).extend({ envNames: z.array(EnvName).default([]) }),
  HttpServerConfig.omit({ headers: true }).extend({ headerNames: z.array(HeaderName).default([]) })
])
export type StoredMcpServer = z.output<typeof StoredMcpServer>

/** The secret part of a server, kept in the key store. */
export const McpServerSecrets = z.object({
  headers: z.record(HeaderName, HeaderValue).default({}),
  env: z.record(EnvName, z.string().max(10_000)).default({})
})
export type McpServerSecrets = z.output<typeof McpServerSecrets>

/**
 * A program a person allowed Frontline to start as a stdio MCP server: the exact command and
 * arguments, and the environment variables it may be given (their names: values may change).
 */
export const StdioAllowEntry = z
  .object({
    command: z.string().min(1).max(1_000),
    args: z.array(z.string().max(4_000)).max(100).default([]),
    envNames: z.array(EnvName).default([])
  })
  .strict()
export type StdioAllowEntry = z.output<typeof StdioAllowEntry>

/** A command line's words, honouring quotes: `--dir "My Files"` is two words. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = []
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g
  for (const match of line.matchAll(pattern)) words.push(match[1] ?? match[2] ?? match[3] ?? '')
  return words
}

/** The words as one line that splitCommandLine reads back the same. */
export function commandLineText(words: readonly string[]): string {
  return words
    .map((word) =>
      word === '' || /[\s"']/.test(word) ? (word.includes('"') ? `'${word}'` : `"${word}"`) : word
    )
    .join(' ')
}

/** What Settings sends to add a server; without an id, one is made from the name. */
export const McpServerAddInput = z.discriminatedUnion('transport', [
  StdioServerConfig.extend({ id: McpServerId.optional() }),
  HttpServerConfig.extend({ id: McpServerId.optional() })
])
export type McpServerAddInput = z.output<typeof McpServerAddInput>

export const McpConnectionState = z.enum(['connecting', 'connected', 'failed', 'disabled'])
export type McpConnectionState = z.infer<typeof McpConnectionState>

export const ExternalToolView = z.object({
  /** The tool's own name on its server. */
  name: z.string(),
  /** The name the agent's model sees: `<serverId>__<name>`, cut to what function names allow. */
  qualifiedName: z.string(),
  title: z.string().nullable(),
  /** Only tools the server marks read-only run at once; every other one waits for a person. */
  readOnly: z.boolean()
})
export type ExternalToolView = z.infer<typeof ExternalToolView>

/** A server as Settings shows it. Env values and header values (often secrets) never leave the core. */
export const McpServerView = z.object({
  id: z.string(),
  name: z.string(),
  transport: z.enum(['stdio', 'http']),
  enabled: z.boolean(),
  command: z.string().nullable(),
  args: z.array(z.string()),
  url: z.string().nullable(),
  envNames: z.array(z.string()),
  headerNames: z.array(z.string()),
  state: McpConnectionState,
  lastError: z.string().nullable(),
  connectedAt: z.string().nullable(),
  tools: z.array(ExternalToolView)
})
export type McpServerView = z.infer<typeof McpServerView>
