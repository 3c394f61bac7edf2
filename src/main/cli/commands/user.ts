import { z } from 'zod'
import { CLI_CALLER, Role } from '../../../shared/domain/caller'
import { Email, NewPassword, PersonName, type Invite, type PersonView } from '../../../shared/domain/team'
import type { Core } from '../../core/create-core'
import { createCliCore } from '../cli-core'
import { defineCommand, EXIT_FAILURE, EXIT_OK, UsageError, writeLine, type CliIo } from '../command'
import { DB_USAGE, dbOption, dbPathSchema } from '../options'
import { resolveShopDb } from '../shop-db'

const ACTIONS = ['add', 'list', 'invite', 'role', 'disable', 'enable', 'sign-out', 'password'] as const

async function readSecret(io: CliIo): Promise<string> {
  const stdin = io.stdin ?? process.stdin
  let text = ''
  for await (const chunk of stdin) text += chunk.toString()
  return text.replace(/\r?\n$/, '')
}

function printInvite(io: CliIo, invite: Invite): void {
  writeLine(
    io.stderr,
    `Invite for ${invite.person.name} <${invite.person.email}> (${invite.person.role}), valid until ${invite.expiresAt}:`
  )
  writeLine(
    io.stdout,
    invite.url ??
      `#invite=${invite.token}  (no team server has run on this database yet: open its address with this ending)`
  )
}

/** Turns a failed result into the command's failure: the message on stderr, exit 1. */
function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

function personByEmail(core: Core, email: string): PersonView {
  const person = core.context.team.accounts.findByEmail(email)
  if (!person) throw new Error(`Nobody in the team has the email ${email}.`)
  return person
}

export const userCommand = defineCommand({
  name: 'user',
  summary: 'Add the people of a team server, invite them, change their role, sign them out',
  usage: `Usage: frontline user add NAME --email E --role agent|lead|admin [--password-stdin]
       frontline user list
       frontline user invite EMAIL          (a new invite link; the old one stops working)
       frontline user role EMAIL agent|lead|admin
       frontline user disable EMAIL | enable EMAIL
       frontline user sign-out EMAIL        (ends every session of that person)
       frontline user password EMAIL --password-stdin
  (each also takes --db PATH)

  add            Adds a person and prints an invite link: opening it sets their password and
                 signs them in (valid 7 days). With --password-stdin the password is read from
                 stdin instead (at least 10 characters), for the first admin or a script.
  Roles: agents work tickets and approve money actions up to their caps; leads approve above
  them; admins also manage people, providers, keys, budgets and caps.
${DB_USAGE}`,
  options: {
    ...dbOption,
    email: { type: 'string' },
    role: { type: 'string' },
    'password-stdin': { type: 'boolean' }
  },
  positionals: ['action', 'subject', 'value'],
  schema: z.object({
    action: z.enum(ACTIONS, { error: `expected one of ${ACTIONS.join(', ')}` }),
    subject: z.string().trim().min(1).max(254).optional(),
    value: z.string().trim().min(1).max(20).optional(),
    email: Email.optional(),
    role: Role.optional(),
    'password-stdin': z.boolean().optional(),
    db: dbPathSchema
  }),
  async run(options, io) {
    const { action } = options
    if (action === 'add') {
      if (!options.subject) throw new UsageError('give the person’s NAME')
      if (!options.email) throw new UsageError('--email is required')
      if (!options.role) throw new UsageError('--role is required (agent, lead or admin)')
    } else if (action !== 'list' && !options.subject) {
      throw new UsageError(`give the EMAIL of the person to ${action}`)
    }
    if (action === 'role' && !Role.safeParse(options.value).success)
      throw new UsageError('give the new role: agent, lead or admin')
    if (action === 'password' && !options['password-stdin'])
      throw new UsageError('the new password is read from stdin: add --password-stdin')
    const name = action === 'add' ? PersonName.safeParse(options.subject) : null
    if (name && !name.success) throw new UsageError(`NAME: ${name.error.issues[0]?.message ?? 'invalid'}`)
    const subjectEmail = action !== 'add' && action !== 'list' ? Email.safeParse(options.subject) : null
    if (subjectEmail && !subjectEmail.success)
      throw new UsageError(`EMAIL: ${subjectEmail.error.issues[0]?.message}`)
    let password: string | undefined
    if (options['password-stdin']) {
      const parsed = NewPassword.safeParse(await readSecret(io))
      if (!parsed.success) throw new UsageError(`the password on stdin: ${parsed.error.issues[0]?.message}`)
      password = parsed.data
    }

    const core = createCliCore({ dbPath: resolveShopDb(options.db), helpDeskWorkers: false })
    try {
      const { accounts } = core.context.team
      if (action === 'list') {
        const people = unwrap(await core.invoke('people.list', {}))
        if (people.length === 0)
          writeLine(
            io.stdout,
            'Nobody yet. Add the first admin: frontline user add NAME --email E --role admin'
          )
        for (const p of people) writeLine(io.stdout, `${p.email}  ${p.name}  ${p.role}  ${p.status}`)
        return EXIT_OK
      }
      if (action === 'add') {
        const invite = unwrap(
          await core.invoke('people.invite', {
            name: name!.data!,
            email: options.email!,
            role: options.role!
          })
        )
        if (password) {
          await accounts.setPassword(invite.person.id, password, CLI_CALLER)
          writeLine(
            io.stdout,
            `Added ${invite.person.name} <${invite.person.email}> (${invite.person.role}); they can sign in now.`
          )
        } else {
          printInvite(io, invite)
        }
        return EXIT_OK
      }
      const person = personByEmail(core, subjectEmail!.data!)
      const done: Record<Exclude<(typeof ACTIONS)[number], 'add' | 'list'>, () => Promise<string | void>> = {
        invite: async () =>
          printInvite(io, unwrap(await core.invoke('people.newInviteLink', { personId: person.id }))),
        role: async () => {
          const updated = unwrap(
            await core.invoke('people.update', { personId: person.id, role: Role.parse(options.value) })
          )
          return `${updated.name} is now ${updated.role}.`
        },
        disable: async () => {
          unwrap(await core.invoke('people.update', { personId: person.id, disabled: true }))
          return `${person.name} is disabled and signed out everywhere.`
        },
        enable: async () => {
          unwrap(await core.invoke('people.update', { personId: person.id, disabled: false }))
          return `${person.name} may sign in again.`
        },
        'sign-out': async () => {
          const { sessionsEnded } = unwrap(await core.invoke('people.signOut', { personId: person.id }))
          return `Ended ${sessionsEnded} session${sessionsEnded === 1 ? '' : 's'} of ${person.name}; a running team server cuts them off within seconds.`
        },
        password: async () => {
          await accounts.setPassword(person.id, password!, CLI_CALLER)
          return `Set a new password for ${person.name}; their sessions ended.`
        }
      }
      const line = await done[action]()
      if (line) writeLine(io.stdout, line)
      return EXIT_OK
    } catch (error) {
      writeLine(io.stderr, `frontline user ${action}: ${(error as Error).message}`)
      return EXIT_FAILURE
    } finally {
      await core.close()
    }
  }
})
