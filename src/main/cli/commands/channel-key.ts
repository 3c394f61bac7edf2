import { z } from 'zod'
import { ChannelKeyName } from '../../../shared/domain/channel'
import { channelRuntimeOf } from '../../core/channel-handlers'
import { createCliCore } from '../cli-core'
import { defineCommand, EXIT_FAILURE, EXIT_OK, UsageError, writeLine } from '../command'
import { DB_USAGE, dbOption, dbPathSchema } from '../options'
import { resolveShopDb } from '../shop-db'

export const channelKeyCommand = defineCommand({
  name: 'channel-key',
  summary: 'Create, list or revoke the bearer keys of the customer chat API',
  usage: `Usage: frontline channel-key create NAME [--db PATH]
       frontline channel-key list [--db PATH]
       frontline channel-key revoke KEY_ID [--db PATH]

  create NAME    Makes a key and prints it once (only its SHA-256 is stored): give it to the
                 shop's website or backend as "Authorization: Bearer <key>".
  list           Shows every key: id, name, first characters, created, last used, revoked.
  revoke KEY_ID  Stops a key at once (a running \`frontline serve\` notices within seconds).
${DB_USAGE}`,
  options: { ...dbOption },
  positionals: ['action', 'argument'],
  schema: z.object({
    action: z.enum(['create', 'list', 'revoke'], { error: 'expected create, list or revoke' }),
    argument: z.string().trim().min(1).max(100).optional(),
    db: dbPathSchema
  }),
  async run(options, io) {
    if (options.action !== 'list' && !options.argument) {
      throw new UsageError(options.action === 'create' ? 'give the key a NAME' : 'give the KEY_ID to revoke')
    }
    const core = createCliCore({ dbPath: resolveShopDb(options.db), helpDeskWorkers: false })
    try {
      const runtime = channelRuntimeOf(core.context)
      if (options.action === 'create') {
        const name = ChannelKeyName.safeParse(options.argument)
        if (!name.success) throw new UsageError(`NAME: ${name.error.issues[0]?.message ?? 'invalid'}`)
        const created = runtime.createKey(name.data)
        writeLine(io.stderr, `Created ${created.id} "${created.name}". The key is shown this once:`)
        writeLine(io.stdout, created.key)
        return EXIT_OK
      }
      if (options.action === 'revoke') {
        const keys = runtime.listKeys()
        const known = keys.find((k) => k.id === options.argument)
        if (!known) {
          writeLine(
            io.stderr,
            `No channel key ${options.argument}. Keys: ${keys.map((k) => k.id).join(', ') || 'none'}`
          )
          return EXIT_FAILURE
        }
        const revoked = runtime.revokeKey(known.id)
        writeLine(io.stdout, `Revoked ${revoked.id} "${revoked.name}" at ${revoked.revokedAt}`)
        return EXIT_OK
      }
      const keys = runtime.listKeys()
      if (keys.length === 0)
        writeLine(io.stdout, 'No channel keys. Create one: frontline channel-key create NAME')
      for (const key of keys) {
        const state = key.revokedAt ? `revoked ${key.revokedAt}` : `last used ${key.lastUsedAt ?? 'never'}`
        writeLine(io.stdout, `${key.id}  ${key.prefix}…  ${key.name}  created ${key.createdAt}  ${state}`)
      }
      return EXIT_OK
    } finally {
      await core.close()
    }
  }
})
