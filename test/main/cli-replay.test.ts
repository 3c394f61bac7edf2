import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMockOpenAi, type MockOpenAiServer } from '../../src/main/bench/mock-openai-server'
import { openDb } from '../../src/main/db/connection'
import type { ReplayDetail } from '../../src/shared/domain/replay'
import { builtAppProblem } from '../support/built-app'
import { seedShopFiles, type SeededShopFiles } from '../support/seeded-shop-files'
import { runFrontline, startFrontline, STACK_FRAME } from '../support/spawn-cli'

/** `frontline replay` as a shell runs it: the built CLI, its JSON, its CSV and its exit codes. */

const problem = builtAppProblem(['cli.js'])

let files: SeededShopFiles

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  FRONTLINE_DATA_DIR: join(files.dir, 'data'),
  FRONTLINE_API_KEY: '',
  ...extra
})

/** The shop's tickets answered most recently, newest first. */
function answeredTickets(dbPath: string): string[] {
  const db = openDb(dbPath)
  try {
    return db
      .prepare(
        `SELECT ticket_id FROM messages WHERE author = 'agent' AND internal = 0
         GROUP BY ticket_id ORDER BY MAX(created_at) DESC LIMIT 5`
      )
      .pluck()
      .all() as string[]
  } finally {
    db.close()
  }
}

const count = (dbPath: string, sql: string): number => {
  const db = openDb(dbPath)
  try {
    return db.prepare(sql).pluck().get() as number
  } finally {
    db.close()
  }
}

beforeAll(() => {
  if (!problem) files = seedShopFiles('frontline-cli-replay-')
})
afterAll(() => files?.cleanup())

describe.skipIf(problem !== null)(`frontline replay${problem ? ` (skipped: ${problem})` : ''}`, () => {
  it('prints the run, its summary and every ticket as JSON, writes the CSV, and sends nothing', async () => {
    const dbPath = files.fresh()
    const csvPath = join(files.dir, 'replay.csv')
    const before = {
      messages: count(dbPath, 'SELECT COUNT(*) FROM messages'),
      drafts: count(dbPath, 'SELECT COUNT(*) FROM drafts'),
      actions: count(dbPath, 'SELECT COUNT(*) FROM actions')
    }
    const exited = await runFrontline(
      ['replay', '--latest', '3', '--json', '--csv', csvPath, '--db', dbPath],
      { env: env() }
    )
    expect(exited.code, exited.stderr).toBe(0)
    const detail = JSON.parse(exited.stdout) as ReplayDetail
    expect(detail.run).toMatchObject({ status: 'done', total: 3, completed: 3, providerId: 'demo' })
    expect(detail.items).toHaveLength(3)
    expect(detail.summary.costPerThousand.replay).toBe(0)
    for (const item of detail.items) {
      expect(item.shadow?.body.length).toBeGreaterThan(0)
      expect(item.agreement).not.toBeNull()
    }
    const rows = parse(readFileSync(csvPath, 'utf8'), { columns: true }) as Record<string, string>[]
    expect(rows.map((row) => row.ticket_id)).toEqual(detail.items.map((item) => item.ticketId))
    expect(rows.every((row) => row.new_model === 'demo/frontline-demo')).toBe(true)
    expect({
      messages: count(dbPath, 'SELECT COUNT(*) FROM messages'),
      drafts: count(dbPath, 'SELECT COUNT(*) FROM drafts'),
      actions: count(dbPath, 'SELECT COUNT(*) FROM actions')
    }).toEqual(before)
    expect(count(dbPath, `SELECT COUNT(*) FROM replays WHERE status = 'done'`)).toBe(1)
  })

  describe('with an OpenAI-compatible endpoint', () => {
    let mock: MockOpenAiServer
    afterAll(() => mock?.close())

    it('tries --base-url and --model with the key from the environment and the prompt from --prompt-file', async () => {
      mock = await startMockOpenAi()
      const dbPath = files.fresh()
      const [ticketId] = answeredTickets(dbPath)
      const promptFile = join(files.dir, 'prompt.txt')
      writeFileSync(promptFile, 'You are the shop’s newest voice. Be brief.\n')
      const exited = await runFrontline(
        [
          'replay',
          '--tickets',
          ticketId!,
          '--base-url',
          mock.baseURL,
          '--model',
          'mock-model',
          '--prompt-file',
          promptFile,
          '--db',
          dbPath
        ],
        { env: env({ FRONTLINE_API_KEY: 'sk-replay-test-0123456789' }) }
      )
      expect(exited.code, exited.stderr).toBe(0)
      expect(exited.stdout).toMatch(/drafted again with custom\/mock-model \(an edited prompt\)/)
      // "The current one" is the shop's default, not the endpoint under test.
      expect(exited.stdout).toMatch(/with the current demo\/frontline-demo/)
      expect(exited.stdout).toContain(`  ${ticketId}: `)
      expect(mock.requests[0]?.headers.authorization).toBe('Bearer sk-replay-test-0123456789')
      const system = mock.requests[0]?.body.messages?.find((m) => m.role === 'system')
      expect(String(system?.content).startsWith('You are the shop’s newest voice. Be brief.')).toBe(true)
    })

    it('cancels on Ctrl+C and exits 1', async () => {
      await mock?.close()
      let seen: () => void = () => {}
      const asked = new Promise<void>((resolve) => (seen = resolve))
      mock = await startMockOpenAi({
        script: () => {
          seen()
          return { kind: 'hang' }
        }
      })
      const dbPath = files.fresh()
      const running = startFrontline(
        ['replay', '--latest', '3', '--base-url', mock.baseURL, '--model', 'mock-model', '--db', dbPath],
        { env: env({ FRONTLINE_API_KEY: 'sk-replay-test-0123456789' }) }
      )
      await asked
      const exited = await running.stop('SIGINT')
      expect(exited.code, exited.stderr).toBe(1)
      expect(exited.stdout).toMatch(/^Replay RPL-\S+ cancelled: 0 of 3 tickets/m)
      expect(exited.stderr).not.toMatch(STACK_FRAME)
      expect(count(dbPath, `SELECT COUNT(*) FROM replays WHERE status = 'cancelled'`)).toBe(1)
    })
  })

  it('names the flag that is wrong, with exit 2', async () => {
    const dbPath = files.fresh()
    const cases: [string[], RegExp][] = [
      [['replay', '--latest', '2', '--channel', 'fax'], /--channel: /],
      [
        ['replay', '--latest', '2', '--from', '2026-11-20', '--to', '2026-11-01'],
        /--to: The first day comes after the last/
      ],
      [
        ['replay', '--tickets', 'TKT-000001', '--written-by', 'ai'],
        /the filters choose tickets for --latest or --sample/
      ],
      [['replay', '--latest', '2', '--concurrency', '9'], /--concurrency: /],
      [['replay', '--latest', '2', '--model', 'x'], /--model needs --provider P/],
      [
        ['replay', '--latest', '2', '--prompt-file', join(files.dir, 'nope.txt')],
        /--prompt-file: cannot read/
      ]
    ]
    for (const [args, message] of cases) {
      const exited = await runFrontline([...args, '--db', dbPath], { env: env() })
      expect(exited.code, `${args.join(' ')}\n${exited.stderr}`).toBe(2)
      expect(exited.stderr).toMatch(message)
      expect(exited.stderr).toMatch(/Usage: frontline replay/)
    }
  })
})
