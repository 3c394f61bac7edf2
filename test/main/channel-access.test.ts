import { describe, expect, it } from 'vitest'
import { channelAccess } from '../../src/shared/channel-access'
import { channelNames, type Channel, type Handlers } from '../../src/shared/contract'
import { LOCAL_OWNER, type Caller, type Role } from '../../src/shared/domain/caller'
import { dispatch } from '../../src/main/core/dispatch'
import { createCore } from '../../src/main/core/create-core'

/** Handlers that only record that they ran: the dispatcher must refuse before any of them. */
function recordingHandlers(): { handlers: Handlers; ran: string[] } {
  const ran: string[] = []
  const handlers = Object.fromEntries(
    channelNames.map((name) => [
      name,
      () => {
        ran.push(name)
        return {}
      }
    ])
  ) as unknown as Handlers
  return { handlers, ran }
}

const person = (role: Role): Caller => ({ kind: 'person', personId: `P-${role}`, name: role, role })
const outsiders: Caller[] = [
  { kind: 'customer', customerId: 'CUS-000001', via: 'chat' },
  { kind: 'guest', via: 'chat', ticketId: 'TKT-000001' },
  { kind: 'mcp', client: 'some-host/1.0' }
]

/** The only channels a console may use before anyone signs in; each checks a secret of its own. */
const OPEN_BEFORE_SIGN_IN = ['auth.acceptInvite', 'auth.inviteInfo', 'auth.session', 'auth.signIn']
const guarded = channelNames.filter((name) => !OPEN_BEFORE_SIGN_IN.includes(name))

describe('who may call each contract channel', () => {
  it('has a rule for every channel, and none for a channel that does not exist', () => {
    expect(Object.keys(channelAccess).sort()).toEqual([...channelNames].sort())
  })

  it('opens exactly the sign-in channels to a request without a caller', () => {
    const open = channelNames.filter((name) => (channelAccess[name] as { anonymous?: true }).anonymous)
    expect(open.sort()).toEqual(OPEN_BEFORE_SIGN_IN)
  })

  it.each(OPEN_BEFORE_SIGN_IN)(
    '%s is reached without a caller, and its input is still checked',
    async (channel) => {
      const { handlers, ran } = recordingHandlers()
      const bad = await dispatch(handlers, channel, { nonsense: 1 }, null)
      expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
      expect(ran).toEqual([])
    }
  )

  it.each(guarded)(
    '%s refuses customers, guests, MCP hosts and no caller before its handler runs',
    async (channel) => {
      const { handlers, ran } = recordingHandlers()
      for (const caller of outsiders) {
        const result = await dispatch(handlers, channel, {}, caller)
        expect(result).toMatchObject({ ok: false, error: { code: 'not_allowed' } })
      }
      const anonymous = await dispatch(handlers, channel, {}, null)
      expect(anonymous).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
      expect(ran).toEqual([])
    }
  )

  it.each(channelNames)(
    '%s is open to people from its role up, and to the CLI as its rule says',
    async (channel: Channel) => {
      const rule = channelAccess[channel]
      const roles: Role[] = ['agent', 'lead', 'admin']
      for (const role of roles) {
        const { handlers } = recordingHandlers()
        const result = await dispatch(handlers, channel, {}, person(role))
        const allowed = roles.indexOf(role) >= roles.indexOf(rule.person)
        // Allowed callers reach input validation (or the handler); refused ones are told which role it needs.
        if (allowed) expect(result.ok || result.error.code !== 'not_allowed').toBe(true)
        else
          expect(result).toMatchObject({
            ok: false,
            error: { code: 'not_allowed', message: expect.stringContaining(rule.person) }
          })
      }
      const { handlers } = recordingHandlers()
      const fromCli = await dispatch(handlers, channel, {}, { kind: 'cli' })
      expect(fromCli.ok || fromCli.error.code !== 'not_allowed').toBe(rule.cli)
    }
  )

  it('keeps money and machine settings for admins: an agent cannot change providers, keys or the chat server', () => {
    for (const channel of [
      'settings.update',
      'settings.setApiKey',
      'channel.start',
      'mcpServers.add'
    ] as const) {
      expect(channelAccess[channel].person).toBe('admin')
    }
  })
})

describe('the core passes the caller through', () => {
  it('serves its default caller (the desktop’s owner), and a team core with no default refuses a request without one', async () => {
    const desktop = createCore({ dbPath: ':memory:', mcpClient: { autoStart: false } })
    const team = createCore({ dbPath: ':memory:', defaultCaller: null, mcpClient: { autoStart: false } })
    try {
      expect((await desktop.invoke('app.info', {})).ok).toBe(true)
      expect(await team.invoke('app.info', {})).toMatchObject({
        ok: false,
        error: { code: 'unauthenticated' }
      })
      expect((await team.invoke('app.info', {}, LOCAL_OWNER)).ok).toBe(true)
      expect(await team.invoke('settings.update', {}, person('agent'))).toMatchObject({
        ok: false,
        error: { code: 'not_allowed' }
      })
    } finally {
      await desktop.close()
      await team.close()
    }
  })
})
