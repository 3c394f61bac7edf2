import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDb } from '../../src/main/db/connection'
import {
  connectionHandlers,
  readConnection,
  teamUrlProblem
} from '../../src/main/team-client/connection-settings'
import { routeContract } from '../../src/main/team-client/contract-router'
import { connectRemoteBackend, type SessionStore } from '../../src/main/team-client/remote-backend'
import type { TeamServer } from '../../src/main/team-server/team-server'
import type { ConnectionChoice } from '../../src/shared/domain/team'
import type { EventName } from '../../src/shared/contract'
import { ShopBuilder } from '../support/shop-builder'
import { addPeople, addPerson, createTeamCore, PASSWORD, signIn, startTestTeamServer } from '../support/team'

let dir: string
let server: TeamServer

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-team-client-'))
  const dbPath = join(dir, 'team.db')
  const shop = new ShopBuilder(openDb(dbPath))
  shop.ticket({ status: 'new' })
  shop.db.close()
  await addPeople(dbPath, [
    ['Root', 'admin'],
    ['Ada', 'agent']
  ])
  server = await startTestTeamServer(dbPath)
})
afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

const memorySessions = (): SessionStore & { token: string | null } => {
  const store = {
    token: null as string | null,
    load: async () => store.token,
    save: async (token: string | null) => {
      store.token = token
    }
  }
  return store
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 25))
  expect(check()).toBe(true)
}

describe('the desktop app as a team server’s client', () => {
  it('keeps the session token in the main process, never in the renderer’s answer, and starts signed in next time', async () => {
    const sessions = memorySessions()
    const backend = await connectRemoteBackend({ url: server.url, sessions })
    expect(await backend.invoke('tickets.list', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' }
    })

    const signedIn = await backend.invoke('auth.signIn', { email: 'ada@shop.example', password: PASSWORD })
    expect(signedIn).toMatchObject({
      ok: true,
      value: { person: { name: 'Ada' }, session: { token: '(kept by the desktop app)' } }
    })
    expect(sessions.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(await backend.invoke('tickets.list', {})).toMatchObject({ ok: true, value: { total: 1 } })
    await backend.close()

    const again = await connectRemoteBackend({ url: server.url, sessions })
    expect(await again.invoke('auth.me', {})).toMatchObject({ ok: true, value: { name: 'Ada', team: true } })
    await again.close()
  })

  it('forgets a session the server ends, tells the renderer, and carries on signed out', async () => {
    const sessions = memorySessions()
    const backend = await connectRemoteBackend({ url: server.url, sessions })
    const pushed: EventName[] = []
    backend.subscribe((event) => pushed.push(event))
    await backend.invoke('auth.signIn', { email: 'ada@shop.example', password: PASSWORD })
    expect((await backend.invoke('auth.me', {})).ok).toBe(true)

    const root = await connectRemoteBackend({ url: server.url, sessions: memorySessions() })
    await root.invoke('auth.signIn', { email: 'root@shop.example', password: PASSWORD })
    const people = (await root.invoke('people.list', {})) as {
      ok: true
      value: { id: string; name: string }[]
    }
    await root.invoke('people.signOut', { personId: people.value.find((p) => p.name === 'Ada')!.id })

    await until(() => pushed.includes('session.ended') && sessions.token === null)
    expect(await backend.invoke('auth.me', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' }
    })
    await backend.close()
    await root.close()
  })
})

describe('where the desktop app works', () => {
  it('answers connection.* itself for its owner, and forwards everything else', async () => {
    const forwarded: unknown[] = []
    const switched: ConnectionChoice[] = []
    const dataDir = join(dir, 'desktop')
    const router = routeContract(
      {
        invoke: async (channel) => {
          forwarded.push(channel)
          return { ok: true, value: 'from the backend' }
        }
      },
      connectionHandlers({ dataDir, saved: null, switchTo: (choice) => switched.push(choice) })
    )
    expect(await router.invoke('connection.get', {})).toEqual({
      ok: true,
      value: { mode: 'local', url: null, switchable: true, chosen: false }
    })
    // The first run's choice of what already runs (this computer) needs no restart.
    expect(await router.invoke('connection.set', { mode: 'local' })).toMatchObject({
      ok: true,
      value: { chosen: true }
    })
    expect(switched).toEqual([])
    expect(
      await router.invoke('connection.set', { mode: 'team', url: 'http://support.shop.example' })
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ field: 'url' }] }
    })
    expect(await router.invoke('connection.set', { mode: 'team', url: 'not a url' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ field: 'url' }] }
    })
    expect(
      await router.invoke('connection.set', { mode: 'team', url: 'https://support.shop.example' })
    ).toMatchObject({ ok: true, value: { mode: 'team', url: 'https://support.shop.example', chosen: true } })
    expect(switched).toEqual([{ mode: 'team', url: 'https://support.shop.example' }])
    expect(await readConnection(dataDir)).toEqual({ mode: 'team', url: 'https://support.shop.example' })
    expect(statSync(join(dataDir, 'connection.json')).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(join(dataDir, 'connection.json'), 'utf8'))).toEqual({
      mode: 'team',
      url: 'https://support.shop.example'
    })

    expect(await router.invoke('tickets.list', {})).toEqual({ ok: true, value: 'from the backend' })
    expect(forwarded).toEqual(['tickets.list'])
  })

  it('does not ask a desktop that already had its database', async () => {
    const handlers = connectionHandlers({
      dataDir: join(dir, 'old-desktop'),
      saved: null,
      hadDatabase: true,
      switchTo: () => undefined
    })
    expect(await handlers['connection.get']({}, { kind: 'cli' })).toEqual({
      mode: 'local',
      url: null,
      switchable: true,
      chosen: true
    })
  })

  it('sends passwords to a team server over https, or to this machine', () => {
    expect(teamUrlProblem('https://support.shop.example')).toBeNull()
    expect(teamUrlProblem('http://127.0.0.1:8780')).toBeNull()
    expect(teamUrlProblem('http://10.0.0.5:8780')).toMatch(/https/)
  })

  it('a core says where it is and does not switch', async () => {
    const core = createTeamCore({ dbPath: ':memory:' })
    try {
      await addPerson(core, 'Ada', 'agent')
      const ada = await signIn(core, 'Ada')
      expect(await core.invoke('connection.get', {}, ada)).toMatchObject({
        ok: true,
        value: { switchable: false }
      })
      expect(
        await core.invoke(
          'connection.set',
          { mode: 'local' },
          { kind: 'person', personId: 'local', name: 'x', role: 'admin' }
        )
      ).toMatchObject({
        ok: false,
        error: { code: 'not_allowed' }
      })
    } finally {
      await core.close()
    }
  })
})
