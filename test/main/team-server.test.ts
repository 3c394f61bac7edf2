import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { runCli } from '../../src/main/cli/run'
import { openDb } from '../../src/main/db/connection'
import { appendMessage } from '../../src/main/db/repositories/tickets'
import { requestOrigin } from '../../src/main/team-server/forwarded'
import {
  createPushOutbox,
  ExposureError,
  startTeamServer,
  type TeamServer
} from '../../src/main/team-server/team-server'
import { channelAccess } from '../../src/shared/channel-access'
import { createContractClient } from '../../src/shared/contract-client'
import { channelNames, type EventName, type FrontlineApi } from '../../src/shared/contract'
import { roleAtLeast, type Role } from '../../src/shared/domain/caller'
import { WEB_BRIDGE_PROTOCOL } from '../../src/shared/web-bridge-protocol'
import { createWebSocketTransport } from '../../src/shared/web-bridge-transport'
import { Capture } from '../support/cli-runner'
import { ShopBuilder } from '../support/shop-builder'
import { addPeople, PASSWORD, QUICK_PASSWORDS } from '../support/team'

let dir: string
let dbPath: string
let server: TeamServer
const opened: FrontlineApi[] = []

/** `frontline user …` as an operator runs it, with the password piped in. */
async function user(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture()
  const stderr = new Capture()
  const code = await runCli(['user', ...argv, '--db', dbPath], {
    stdout,
    stderr,
    stdin: Readable.from([`${PASSWORD}\n`])
  })
  return { code, stdout: stdout.text, stderr: stderr.text }
}

const origin = () => `ws://127.0.0.1:${server.port}`

/** A console as a browser has it: the contract over the bridge, with or without a session token. */
function consoleWith(
  token: string | null
): FrontlineApi & { events: { event: EventName; payload: unknown }[] } {
  const api = createContractClient(
    createWebSocketTransport({
      origin: origin(),
      token,
      createSocket: (url, protocols) => new WebSocket(url, protocols) as never
    })
  )
  opened.push(api)
  const events: { event: EventName; payload: unknown }[] = []
  for (const event of ['tickets.changed', 'session.ended', 'presence.changed', 'notification'] as const)
    api.on(event, (payload) => events.push({ event, payload }))
  return Object.assign(api, { events })
}

async function signedIn(name: string): Promise<ReturnType<typeof consoleWith> & { token: string }> {
  const door = consoleWith(null)
  const result = await door.invoke('auth.signIn', {
    email: `${name.toLowerCase()}@shop.example`,
    password: PASSWORD
  })
  if (!result.ok) throw new Error(result.error.message)
  return Object.assign(consoleWith(result.value.session.token), { token: result.value.session.token })
}

const waitFor = async (check: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 200; i++) {
    if (check()) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`timed out waiting for ${what}`)
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-team-server-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

beforeEach(async () => {
  dbPath = join(dir, `team-${Math.random().toString(36).slice(2)}.db`)
  const shop = new ShopBuilder(openDb(dbPath))
  const customer = shop.customer({ name: 'Hedy Lamarr' })
  for (let i = 1; i <= 3; i++) shop.ticket({ customerId: customer, status: 'new' })
  shop.db.close()
  // The people, as `frontline user add` makes them (with cheaper hashing: the CLI has its own test).
  await addPeople(dbPath, [
    ['Root', 'admin'],
    ['Ada', 'agent'],
    ['Grace', 'lead']
  ])
  server = await startTeamServer({
    dbPath,
    port: 0,
    inProcess: true,
    sessionCheckMs: 100,
    signInPerMinute: 600,
    accounts: { password: QUICK_PASSWORDS }
  })
})

afterEach(async () => {
  opened.length = 0
  await server.close()
})

const anonymousCode = (channel: string): string | null =>
  (channelAccess as Record<string, { anonymous?: true }>)[channel]?.anonymous ? null : 'unauthenticated'

describe('the team server’s bridge, walked channel by channel as a client would', () => {
  it('refuses every channel but the sign-in ones to a connection nobody signed in on', async () => {
    const api = consoleWith(null)
    for (const channel of channelNames) {
      const result = await api.invoke(channel, { walk: true } as never)
      const expected = anonymousCode(channel)
      if (expected) {
        expect(result, channel).toMatchObject({
          ok: false,
          error: { code: 'unauthenticated', message: 'Sign in to use Frontline.' }
        })
      } else {
        // Reached: the input is checked (and refused for its stray field), not the caller.
        expect(result, channel).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
      }
    }
  })

  it.each(['agent', 'lead'] as Role[])(
    'refuses a signed-in %s every channel above their role, naming it',
    async (role) => {
      const api = await signedIn(role === 'agent' ? 'Ada' : 'Grace')
      for (const channel of channelNames) {
        const rule = channelAccess[channel]
        const result = await api.invoke(channel, { walk: true } as never)
        if (!roleAtLeast(role, rule.person)) {
          expect(result, channel).toMatchObject({
            ok: false,
            error: {
              code: 'not_allowed',
              message: `"${channel}" needs the ${rule.person} role; you are ${role}.`
            }
          })
        } else {
          expect(result.ok || !['not_allowed', 'unauthenticated'].includes(result.error.code), channel).toBe(
            true
          )
        }
      }
    }
  )

  it('sends the core’s live changes to signed-in consoles only', async () => {
    const stranger = consoleWith(null)
    await stranger.invoke('app.info', {})
    const ada = await signedIn('Ada')
    const grace = await signedIn('Grace')
    const me = await ada.invoke('auth.me', {})
    if (!me.ok) throw new Error(me.error.message)
    await grace.invoke('tickets.list', {})
    const assigned = await ada.invoke('tickets.assign', {
      ticketIds: ['TKT-000001'],
      assigneeId: me.value.personId
    })
    expect(assigned.ok).toBe(true)
    await waitFor(
      () => grace.events.some((e) => e.event === 'tickets.changed'),
      'the change at the other console'
    )
    expect(stranger.events).toEqual([])
  })
})

describe('notices on the team server', () => {
  it('go to each console only for the kinds its person switched on, whatever a colleague switched', async () => {
    const ada = await signedIn('Ada')
    const grace = await signedIn('Grace')
    expect(await ada.invoke('notifications.update', { customerReply: false })).toMatchObject({
      ok: true,
      value: { customerReply: false, newChat: true }
    })
    expect(await grace.invoke('notifications.get', {})).toMatchObject({
      ok: true,
      value: { customerReply: true }
    })
    expect((await grace.invoke('tickets.reply', { ticketId: 'TKT-000001', body: 'Shipped today.' })).ok).toBe(
      true
    )
    // The customer answers (as the chat or the mailbox would write it); the next change makes the core look.
    const customerAnswers = async (body: string): Promise<void> => {
      const db = openDb(dbPath)
      appendMessage(db, {
        ticketId: 'TKT-000001',
        author: 'customer',
        authorName: '',
        body,
        now: new Date().toISOString()
      })
      db.close()
      expect(
        (await grace.invoke('tickets.addTag', { ticketId: 'TKT-000001', tag: `t${Date.now()}` })).ok
      ).toBe(true)
    }
    const noticesOf = (api: typeof ada) =>
      api.events.filter((e) => e.event === 'notification').map((e) => (e.payload as { body: string }).body)

    await customerAnswers('Thanks! One more question.')
    await waitFor(() => noticesOf(grace).length === 1, 'the notice at Grace’s console')
    expect((await ada.invoke('notifications.update', { customerReply: true })).ok).toBe(true)
    await customerAnswers('And a second one.')
    await waitFor(() => noticesOf(ada).length === 1, 'the notice at Ada’s console')
    // Ada heard only of what came after she switched answers back on; Grace of both.
    expect(noticesOf(ada)).toEqual([expect.stringContaining('And a second one.')])
    await waitFor(() => noticesOf(grace).length === 2, 'the second notice at Grace’s console')
  })
})

describe('sessions on the team server', () => {
  it('cuts a console off when an admin signs its person out, and from another process within seconds', async () => {
    const ada = await signedIn('Ada')
    const root = await signedIn('Root')
    const people = await root.invoke('people.list', {})
    if (!people.ok) throw new Error(people.error.message)
    const adaId = people.value.find((p) => p.name === 'Ada')!.id
    expect((await ada.invoke('tickets.list', {})).ok).toBe(true)
    expect(await root.invoke('people.signOut', { personId: adaId })).toEqual({
      ok: true,
      value: { sessionsEnded: 1 }
    })
    await waitFor(() => ada.events.some((e) => e.event === 'session.ended'), 'the session.ended push')
    expect(ada.events.find((e) => e.event === 'session.ended')?.payload).toMatchObject({
      reason: 'An admin signed you out.'
    })
    const after = await ada.invoke('tickets.list', {})
    expect(after, JSON.stringify(after)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })

    // The CLI writes to the database from its own process; the server notices on its next check.
    const grace = await signedIn('Grace')
    expect((await grace.invoke('tickets.list', {})).ok).toBe(true)
    expect((await user('sign-out', 'grace@shop.example')).code).toBe(0)
    await waitFor(() => grace.events.some((e) => e.event === 'session.ended'), 'the cut-off after the CLI')
    expect(await grace.invoke('tickets.list', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' }
    })
  })

  it('tells a console opened with a stale token that its session ended', async () => {
    const api = consoleWith('x'.repeat(43))
    await waitFor(() => api.events.some((e) => e.event === 'session.ended'), 'the session.ended push')
    const listed = await api.invoke('tickets.list', {})
    expect(listed, JSON.stringify(listed)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
  })

  it('applies a new role at once, without signing in again', async () => {
    const ada = await signedIn('Ada')
    expect(await ada.invoke('costs.exportCsv', {})).toMatchObject({
      ok: false,
      error: { code: 'not_allowed' }
    })
    expect((await user('role', 'ada@shop.example', 'lead')).code).toBe(0)
    let exported = await ada.invoke('costs.exportCsv', {})
    for (let i = 0; i < 40 && !exported.ok; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      exported = await ada.invoke('costs.exportCsv', {})
    }
    expect(exported.ok).toBe(true)
  })

  it('slows down sign-in attempts from one address', async () => {
    await server.close()
    server = await startTeamServer({
      dbPath,
      port: 0,
      inProcess: true,
      signInPerMinute: 10,
      accounts: { password: QUICK_PASSWORDS }
    })
    const door = consoleWith(null)
    const results = []
    for (let i = 0; i < 12; i++)
      results.push(await door.invoke('auth.signIn', { email: 'ada@shop.example', password: `guess ${i}` }))
    expect(results.at(-1)).toMatchObject({
      ok: false,
      error: {
        code: 'not_allowed',
        message: 'Too many sign-in attempts from this address: wait a minute and try again.'
      }
    })
  })
})

describe('the team server over HTTP', () => {
  it('serves the console with its CSP, answers /health, and refuses a foreign Origin or Host', async () => {
    const page = await fetch(`http://127.0.0.1:${server.port}/health`)
    expect(page.status).toBe(200)
    expect(await page.json()).toEqual({ status: 'ok' })
    expect(page.headers.get('content-security-policy')).toContain(
      `connect-src 'self' ws://127.0.0.1:${server.port}`
    )

    const refused = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(`${origin()}/bridge`, [WEB_BRIDGE_PROTOCOL], { headers })
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0))
        socket.on('open', () => resolve(101))
        socket.on('error', () => undefined)
      })
    expect(await refused({ Origin: 'https://evil.example' })).toBe(403)
    expect(await refused({ Host: 'evil.example' })).toBe(403)
    expect(await refused({ Origin: `http://127.0.0.1:${server.port}` })).toBe(101)
  })

  it('will not listen beyond this machine without TLS or a declared proxy', async () => {
    await expect(startTeamServer({ dbPath, host: '0.0.0.0', port: 0, inProcess: true })).rejects.toThrow(
      ExposureError
    )
    await server.close()
    const proxied = await startTeamServer({
      dbPath,
      host: '0.0.0.0',
      port: 0,
      inProcess: true,
      behindProxy: '127.0.0.1',
      publicUrl: 'https://support.shop.example'
    })
    expect(proxied.url).toBe('https://support.shop.example')
    server = proxied
  })

  it('speaks HTTPS and WSS with a certificate', async () => {
    await server.close()
    const key = join(dir, 'key.pem')
    const cert = join(dir, 'cert.pem')
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1'
      ],
      { stdio: 'ignore' }
    )
    server = await startTeamServer({
      dbPath,
      port: 0,
      inProcess: true,
      tls: { cert: readFileSync(cert), key: readFileSync(key) },
      accounts: { password: QUICK_PASSWORDS }
    })
    expect(server.url).toBe(`https://127.0.0.1:${server.port}`)
    const socket = new WebSocket(`wss://127.0.0.1:${server.port}/bridge`, [WEB_BRIDGE_PROTOCOL], {
      ca: readFileSync(cert)
    })
    const reply = await new Promise<unknown>((resolve, reject) => {
      socket.on('open', () =>
        socket.send(
          JSON.stringify({
            id: 1,
            channel: 'auth.signIn',
            input: { email: 'ada@shop.example', password: PASSWORD }
          })
        )
      )
      socket.on('message', (data) => resolve(JSON.parse(String(data))))
      socket.on('error', reject)
    })
    expect(reply).toMatchObject({ id: 1, result: { ok: true, value: { person: { name: 'Ada' } } } })
    socket.close()
  })
})

describe('X-Forwarded-* from the proxy only', () => {
  const request = (remoteAddress: string, headers: Record<string, string>) => ({
    socket: { remoteAddress },
    headers: { host: '10.0.0.5:8780', ...headers }
  })
  const forwarded = {
    'x-forwarded-for': '6.6.6.6, 203.0.113.9',
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'support.shop.example'
  }

  it('believes the configured proxy, and of its X-Forwarded-For only the address it saw', () => {
    expect(requestOrigin(request('::ffff:10.0.0.2', forwarded), { proxy: '10.0.0.2', tls: false })).toEqual({
      clientAddress: '203.0.113.9',
      proto: 'https',
      host: 'support.shop.example'
    })
  })

  it('ignores the headers from anyone else', () => {
    expect(requestOrigin(request('198.51.100.7', forwarded), { proxy: '10.0.0.2', tls: false })).toEqual({
      clientAddress: '198.51.100.7',
      proto: 'http',
      host: '10.0.0.5:8780'
    })
    expect(requestOrigin(request('10.0.0.2', forwarded), { proxy: null, tls: true }).clientAddress).toBe(
      '10.0.0.2'
    )
  })
})

describe('pushes to many consoles', () => {
  it('go out once per turn, a single one as itself and several as a batch, with one tickets.changed where the last was', async () => {
    const sent: unknown[] = []
    const outbox = createPushOutbox((text) => sent.push(JSON.parse(text)))
    outbox.add({ event: 'tickets.changed', payload: { ticketIds: ['TKT-1'] } })
    outbox.add({ event: 'draft.changed', payload: { id: 'DRF-1' } })
    outbox.add({ event: 'tickets.changed', payload: { ticketIds: ['TKT-2', 'TKT-1'] } })
    outbox.add({ event: 'costs.changed', payload: { todayMicroUsd: 5 } })
    expect(sent).toEqual([])
    await new Promise((resolve) => setImmediate(resolve))
    outbox.add({ event: 'costs.changed', payload: { todayMicroUsd: 6 } })
    await new Promise((resolve) => setImmediate(resolve))
    expect(sent).toEqual([
      {
        pushes: [
          { event: 'draft.changed', payload: { id: 'DRF-1' } },
          { event: 'tickets.changed', payload: { ticketIds: ['TKT-1', 'TKT-2'] } },
          { event: 'costs.changed', payload: { todayMicroUsd: 5 } }
        ]
      },
      { event: 'costs.changed', payload: { todayMicroUsd: 6 } }
    ])
  })
})

describe('the bridge transport', () => {
  it('hands a batch frame’s pushes to its listeners one by one, in order', async () => {
    let deliver: (data: string) => void = () => undefined
    const transport = createWebSocketTransport({
      origin: 'ws://127.0.0.1:1',
      token: null,
      createSocket: () => ({
        send: () => undefined,
        close: () => undefined,
        addEventListener(type, listener) {
          if (type === 'message') deliver = (data) => listener({ data })
          if (type === 'open') setImmediate(() => listener({}))
        }
      })
    })
    const heard: string[] = []
    transport.subscribe((event) => heard.push(event))
    await new Promise((resolve) => setImmediate(resolve))
    deliver(
      JSON.stringify({
        pushes: [
          { event: 'draft.changed', payload: {} },
          { event: 'tickets.changed', payload: { ticketIds: [] } }
        ]
      })
    )
    deliver(JSON.stringify({ event: 'costs.changed', payload: { todayMicroUsd: 1 } }))
    expect(heard).toEqual(['draft.changed', 'tickets.changed', 'costs.changed'])
  })
})
