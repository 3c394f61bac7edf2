import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDb } from '../../src/main/db/connection'
import { builtAppProblem, repoRoot } from '../support/built-app'
import { cli, cliWithInput } from '../support/cli-runner'
import { ShopBuilder } from '../support/shop-builder'

let dir: string
let dbPath: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-team-cli-'))
  dbPath = join(dir, 'team.db')
  const shop = new ShopBuilder(openDb(dbPath))
  shop.customer({ name: 'Hedy Lamarr' })
  shop.db.close()
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** `frontline user add NAME --email E --role R …` over the test's database, with a password piped in when given. */
const addUser = (name: string, email: string, role: string, password?: string) =>
  password === undefined
    ? cli('user', 'add', name, '--email', email, '--role', role, '--db', dbPath)
    : cliWithInput(
        `${password}\n`,
        'user',
        'add',
        name,
        '--email',
        email,
        '--role',
        role,
        '--password-stdin',
        '--db',
        dbPath
      )

describe('frontline user', () => {
  it('adds people with an invite link or a password from stdin, lists them, changes roles', async () => {
    const invited = await addUser('Ada Lovelace', 'Ada@Shop.Example', 'agent')
    expect(invited.code, invited.stderr).toBe(0)
    expect(invited.stderr).toContain('Invite for Ada Lovelace <ada@shop.example> (agent)')
    // No team server has run on this database: the link's ending, to add to its address.
    expect(invited.stdout).toMatch(/^#invite=[A-Za-z0-9_-]{43} {2}\(no team server/)

    const admin = await addUser('Root', 'root@shop.example', 'admin', 'a long enough password')
    expect(admin.code, admin.stderr).toBe(0)
    expect(admin.stdout).toContain('they can sign in now')

    expect((await cli('user', 'role', 'ada@shop.example', 'lead', '--db', dbPath)).stdout).toBe(
      'Ada Lovelace is now lead.\n'
    )
    expect((await cli('user', 'list', '--db', dbPath)).stdout).toBe(
      'ada@shop.example  Ada Lovelace  lead  invited\nroot@shop.example  Root  admin  active\n'
    )
  })

  it('says what is wrong: exit 2 for the command line, 1 for a refusal', async () => {
    const noEmail = await cli('user', 'add', 'Ada', '--role', 'agent', '--db', dbPath)
    expect(noEmail.code).toBe(2)
    expect(noEmail.stderr).toContain('--email is required')
    const badEmail = await addUser('Ada', 'not-an-email', 'agent')
    expect(badEmail.code).toBe(2)
    expect(badEmail.stderr).toContain('--email: expected an email address')
    expect((await addUser('Ada', 'a@shop.example', 'boss')).code).toBe(2)
    const short = await addUser('Ada', 'a@shop.example', 'agent', 'short')
    expect(short.code).toBe(2)
    expect(short.stderr).toContain('the password on stdin: use at least 10 characters')

    expect((await addUser('Ada', 'a@shop.example', 'agent')).code).toBe(0)
    const twice = await addUser('Ada', 'a@shop.example', 'agent')
    expect(twice.code).toBe(1)
    expect(twice.stderr).toContain('a@shop.example is already in the team (Ada, agent).')
    const nobody = await cli('user', 'disable', 'nobody@shop.example', '--db', dbPath)
    expect(nobody.code).toBe(1)
    expect(nobody.stderr).toContain('Nobody in the team has the email nobody@shop.example.')
  })
})

describe('frontline server, from outside', () => {
  const problem = builtAppProblem(['cli.js', 'core-worker.js'])
  const bin = join(repoRoot, 'bin', 'frontline.js')
  const run = async (...args: string[]) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const [code] = (await once(child, 'exit')) as [number | null]
    return { code, stdout, stderr }
  }

  it.skipIf(problem !== null)(
    `serves until SIGTERM (exit 0), then invite links point at it${problem ? ` (skipped: ${problem})` : ''}`,
    async () => {
      const server = spawn(process.execPath, [bin, 'server', '--db', dbPath, '--port', '0'], {
        stdio: ['ignore', 'pipe', 'pipe']
      })
      let stderr = ''
      server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      const exited = once(server, 'exit')
      const line = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`frontline server printed nothing in 30 s: ${stderr}`)),
          30_000
        )
        createInterface({ input: server.stdout }).once('line', (first) => {
          clearTimeout(timer)
          resolve(first)
        })
      })
      const url = /^Frontline team server: (http:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1]
      expect(url, line).toBeDefined()
      expect((await fetch(`${url}/health`)).status).toBe(200)
      expect(stderr).toContain('add the first admin with `frontline user add')

      const invited = await run(
        'user',
        'add',
        'Ada',
        '--email',
        'ada@shop.example',
        '--role',
        'agent',
        '--db',
        dbPath
      )
      expect(invited.code, invited.stderr).toBe(0)
      expect(invited.stdout.trim()).toMatch(new RegExp(`^${url}/#invite=[A-Za-z0-9_-]{43}$`))

      server.kill('SIGTERM')
      expect(((await exited) as [number | null])[0]).toBe(0)
    }
  )
})
