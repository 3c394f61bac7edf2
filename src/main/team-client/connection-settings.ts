import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Handlers } from '../../shared/contract'
import { ConnectionChoice, type ConnectionView } from '../../shared/domain/team'
import { AppFailure } from '../../shared/result'
import { isLoopbackHost } from '../../shared/domain/setting-values'

/**
 * Where the desktop app works: this computer's database (the default), or a team server. The choice
 * is the machine's, kept beside the database in connection.json; switching takes effect at the next
 * start, which the app makes at once.
 */
const FILE = 'connection.json'

export async function readConnection(dataDir: string): Promise<ConnectionChoice | null> {
  try {
    const parsed = ConnectionChoice.safeParse(JSON.parse(await readFile(join(dataDir, FILE), 'utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

export async function writeConnection(dataDir: string, choice: ConnectionChoice): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const target = join(dataDir, FILE)
  const temporary = `${target}.${process.pid}.tmp`
  await writeFile(temporary, `${JSON.stringify(choice, null, 2)}\n`, { mode: 0o600 })
  await rename(temporary, target)
}

/** Passwords and session tokens go to a team server over https only, or to this machine. */
export function teamUrlProblem(url: string): string | null {
  const parsed = new URL(url)
  if (parsed.protocol === 'https:' || isLoopbackHost(parsed.hostname)) return null
  return 'Use the team server’s https:// address: plain http:// would send your password in clear.'
}

const viewOf = (running: ConnectionChoice, chosen: boolean): ConnectionView => ({
  mode: running.mode,
  url: running.mode === 'team' ? running.url : null,
  switchable: true,
  chosen
})

/** What the app runs with a saved choice (or none yet: this computer). */
export const runningWith = (saved: ConnectionChoice | null): ConnectionChoice => saved ?? { mode: 'local' }

/**
 * The desktop app's answers to connection.get and connection.set, given before anything reaches a
 * core or a server. `saved` is the choice the app started with (null until one is made); `switchTo`
 * is called once a different choice is saved (the app restarts into it).
 */
export function connectionHandlers(options: {
  dataDir: string
  saved: ConnectionChoice | null
  /** Whether this computer already had a database: then it was already chosen (before team mode existed). */
  hadDatabase?: boolean
  switchTo(choice: ConnectionChoice): void
}): Pick<Handlers, 'connection.get' | 'connection.set'> {
  const running = runningWith(options.saved)
  let chosen = options.saved !== null || options.hadDatabase === true
  return {
    'connection.get': () => viewOf(running, chosen),
    'connection.set': async (choice) => {
      const problem = choice.mode === 'team' ? teamUrlProblem(choice.url) : null
      if (problem) throw new AppFailure('invalid_input', problem, [{ field: 'url', message: problem }])
      await writeConnection(options.dataDir, choice)
      chosen = true
      const same = JSON.stringify(choice) === JSON.stringify(running)
      if (!same) options.switchTo(choice)
      return same ? viewOf(running, true) : { ...viewOf(choice, true) }
    }
  }
}
