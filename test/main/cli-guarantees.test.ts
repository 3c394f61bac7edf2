import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMockOpenAi, type Behaviour } from '../../src/main/bench/mock-openai-server'
import { DEFAULT_BODY_LIMIT_BYTES } from '../../src/main/channel/channel-server'
import { openDb } from '../../src/main/db/connection'
import type { SeedSummary } from '../../src/main/db/fixtures/seed-demo-shop'
import { builtAppProblem } from '../support/built-app'
import { proposeReturn, seedShopFiles, type SeededShopFiles } from '../support/seeded-shop-files'
import { runFrontline, startFrontline, type Exited } from '../support/spawn-cli'

/**
 * Guarantees that already held, checked from outside: real processes over one database file, the
 * way a person or a script meets them.
 */

const problem = builtAppProblem(['cli.js', 'checkpoint-worker.js', 'stream-worker.js'])

let files: SeededShopFiles
let shop: SeedSummary
const freshDb = (): string => files.fresh()

beforeAll(() => {
  files = seedShopFiles('frontline-guarantees-')
  shop = files.shop
})
afterAll(() => files.cleanup())

const count = (dbPath: string, sql: string, ...params: unknown[]): number => {
  const db = openDb(dbPath, { readonly: true })
  try {
    return db
      .prepare(sql)
      .pluck()
      .get(...params) as number
  } finally {
    db.close()
  }
}

describe.skipIf(problem !== null)(`from real processes${problem ? ` (skipped: ${problem})` : ''}`, () => {
  it('applies a return once when two frontline approve processes race for it', async () => {
    const dbPath = freshDb()
    const actionId = await proposeReturn(dbPath, shop)
    expect(actionId).toMatch(/^ACT-/)

    const approvals = await Promise.all(
      ['Priya', 'Sam'].map((by) => runFrontline(['approve', actionId, '--db', dbPath, '--by', by]))
    )
    for (const approval of approvals) expect(approval.code, approval.stderr).toBe(0)
    const outcomes = approvals.map((a) => /^ACT-\S+ \(.*?\): (.+)$/m.exec(a.stdout)?.[1] ?? a.stdout)
    const applied = outcomes.filter((o) => o === 'applied')
    const already = outcomes.filter((o) => o.startsWith('already applied (by '))
    expect({ applied: applied.length, already: already.length }, outcomes.join('\n')).toEqual({
      applied: 1,
      already: 1
    })
    expect(already[0]).toMatch(/nothing was changed$/)
    expect(count(dbPath, 'SELECT COUNT(*) FROM returns WHERE action_id = ?', actionId)).toBe(1)
    expect(count(dbPath, 'SELECT COUNT(*) FROM refunds WHERE action_id = ?', actionId)).toBe(1)
    expect(
      count(
        dbPath,
        `SELECT COUNT(*) FROM audit_log WHERE action = 'action.approved' AND subject_id = ?`,
        actionId
      )
    ).toBe(1)
  })

  it('never shows the API key: not in stdout, stderr, a chat answer or the database', async () => {
    // Not shaped like a vendor key, so only Frontline's knowledge of the key can hide it.
    const KEY = 'canary7f3a9c2e5b8d1f4a6c0e9b2d'
    const echo = (status: number): Behaviour => ({
      kind: 'status',
      status,
      body: {
        error: { message: `Incorrect API key provided: ${KEY} (${KEY.slice(0, 6)}***${KEY.slice(-3)})` }
      }
    })
    const working = await startMockOpenAi()
    const refusing = await startMockOpenAi({ script: () => echo(401) })
    const failing = await startMockOpenAi({ script: () => echo(500) })
    const dbPath = freshDb()
    const env = {
      FRONTLINE_API_KEY: KEY,
      FRONTLINE_DEBUG: '1',
      FRONTLINE_CHANNEL_KEY: 'channel-key-0123456789'
    }
    const outputs: Exited[] = []
    try {
      const { where_is_order: whereIs, product_question: question } = shop.exampleTickets
      for (const [mock, ticket] of [
        [working, whereIs],
        [refusing, question],
        [failing, whereIs]
      ] as const) {
        const drafted = await runFrontline(
          [
            'draft',
            '--ticket',
            ticket,
            '--db',
            dbPath,
            '--base-url',
            mock.baseURL,
            '--model',
            'mock-model',
            '--json'
          ],
          { env }
        )
        expect(drafted.code, drafted.stderr).toBe(0)
        outputs.push(drafted)
      }
      // The key was really used, so there was something to leak.
      expect(working.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`)
      expect(refusing.requests.length).toBeGreaterThan(0)

      const serve = startFrontline(
        ['serve', '--port', '0', '--db', dbPath, '--base-url', refusing.baseURL, '--model', 'mock-model'],
        { env }
      )
      const [, url] = (await serve.waitFor(/^Frontline chat channel: (\S+)$/m)) as unknown as [string, string]
      const chat = await fetch(`${url}/mcp/chat`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${env.FRONTLINE_CHANNEL_KEY}` },
        body: JSON.stringify({
          customer_id: 'CUS-000001',
          messages: [{ role: 'user', content: 'Where is my order?' }]
        })
      })
      const answer = await chat.text()
      expect(chat.status, answer).toBe(200)
      const served = await serve.stop()
      expect(served.code).toBe(0)
      outputs.push(served, { code: 0, signal: null, stdout: answer, stderr: '' })
    } finally {
      await Promise.all([working.close(), refusing.close(), failing.close()])
    }

    // The whole key, its first characters, and any long piece of it.
    const pieces = [
      KEY,
      KEY.slice(0, 10),
      ...Array.from({ length: KEY.length - 15 }, (_, i) => KEY.slice(i, i + 16))
    ]
    const said = outputs.map((o) => `${o.stdout}\n${o.stderr}`).join('\n')
    for (const piece of pieces) expect(said).not.toContain(piece)
    // The provider's words are kept for people (the usage ledger), without the key they echoed.
    expect(
      count(
        dbPath,
        `SELECT COUNT(*) FROM llm_calls WHERE error LIKE '%Incorrect API key provided: [redacted]%'`
      )
    ).toBeGreaterThan(0)
    for (const file of [dbPath, `${dbPath}-wal`].filter(existsSync)) {
      const bytes = readFileSync(file)
      for (const piece of pieces) expect(bytes.includes(piece), `${piece} in ${file}`).toBe(false)
    }
    // A key from the environment is never written to the keys folder.
    expect(existsSync(join(files.dir, 'keys'))).toBe(false)
  })

  it('refuses a chat body over the limit with 413 from frontline serve', async () => {
    const serve = startFrontline(['serve', '--port', '0', '--db', freshDb()], {
      env: { FRONTLINE_CHANNEL_KEY: 'channel-key-0123456789', FRONTLINE_API_KEY: '' }
    })
    const [, url] = (await serve.waitFor(/^Frontline chat channel: (\S+)$/m)) as unknown as [string, string]
    const body = JSON.stringify({
      customer_id: 'CUS-000001',
      messages: [{ role: 'user', content: 'x'.repeat(DEFAULT_BODY_LIMIT_BYTES) }]
    })
    const response = await fetch(`${url}/mcp/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer channel-key-0123456789' },
      body
    })
    expect(response.status).toBe(413)
    expect(await response.json()).toEqual({
      error: {
        code: 'body_too_large',
        message: `The body is larger than ${DEFAULT_BODY_LIMIT_BYTES} bytes.`,
        issues: [{ field: 'body', message: `at most ${DEFAULT_BODY_LIMIT_BYTES} bytes` }]
      }
    })
    expect((await serve.stop()).code).toBe(0)
  })
})
