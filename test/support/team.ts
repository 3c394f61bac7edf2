import { CLI_CALLER, type PersonCaller, type Role } from '../../src/shared/domain/caller'
import type { SignedIn } from '../../src/shared/domain/team'
import type { Clock } from '../../src/main/core/clock'
import { createCore, type Core, type CoreOptions } from '../../src/main/core/create-core'
import {
  startTeamServer,
  type TeamServer,
  type TeamServerOptions
} from '../../src/main/team-server/team-server'

/** Cheap scrypt for tests that sign in many times; one test checks the real parameters. */
export const QUICK_PASSWORDS = { log2N: 10, r: 8, p: 1 }

/** A clock a test moves by hand: sessions expire and lockouts run out without waiting. */
export function movableClock(startIso: string): Clock & { advance(ms: number): void } {
  let at = Date.parse(startIso)
  return {
    now: () => new Date(at),
    advance(ms) {
      at += ms
    }
  }
}

/** A team server's core: no default caller, so every request names its person. */
export function createTeamCore(options: Partial<CoreOptions> & { dbPath: string }): Core {
  return createCore({
    env: {},
    mcpClient: { autoStart: false },
    checkpointWorkerFile: null,
    ...options,
    defaultCaller: null,
    team: { ...options.team, accounts: { password: QUICK_PASSWORDS, ...options.team?.accounts } }
  })
}

export const PASSWORD = 'correct horse battery'

/** Adds a person with a password, as `frontline user add … --password-stdin` does; returns their id. */
export async function addPerson(core: Core, name: string, role: Role, password = PASSWORD): Promise<string> {
  const email = `${name.toLowerCase()}@shop.example`
  const invited = await core.invoke('people.invite', { name, email, role }, CLI_CALLER)
  if (!invited.ok) throw new Error(invited.error.message)
  await core.context.team.accounts.setPassword(invited.value.person.id, password, CLI_CALLER)
  return invited.value.person.id
}

/** Signs a person in and returns the caller a host would build from their session. */
export async function signIn(
  core: Core,
  name: string,
  password = PASSWORD
): Promise<PersonCaller & { token: string }> {
  const result = await core.invoke(
    'auth.signIn',
    { email: `${name.toLowerCase()}@shop.example`, password },
    null
  )
  if (!result.ok) throw new Error(result.error.message)
  return callerOf(result.value)
}

export const callerOf = (signedIn: SignedIn): PersonCaller & { token: string } => ({
  kind: 'person',
  personId: signedIn.person.id,
  name: signedIn.person.name,
  role: signedIn.person.role,
  sessionId: signedIn.session.id,
  token: signedIn.session.token
})

/** Adds people to a database (cheap hashing), as `frontline user add … --password-stdin` would. */
export async function addPeople(dbPath: string, people: readonly (readonly [string, Role])[]): Promise<void> {
  const setup = createTeamCore({ dbPath })
  try {
    for (const [name, role] of people) await addPerson(setup, name, role)
  } finally {
    await setup.close()
  }
}

/** A team server over `dbPath` in this process, with the tests' cheap hashing. */
export const startTestTeamServer = (
  dbPath: string,
  options: Partial<TeamServerOptions> = {}
): Promise<TeamServer> =>
  startTeamServer({ dbPath, port: 0, inProcess: true, accounts: { password: QUICK_PASSWORDS }, ...options })
