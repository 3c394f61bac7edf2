import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fixedClock } from '../../src/main/core/clock'
import { createCore, type Core } from '../../src/main/core/create-core'
import { openDb } from '../../src/main/db/connection'
import type { Result } from '../../src/shared/result'

const NOW = '2026-11-20T12:00:00.000Z'
let dir: string
let dbPath: string
let core: Core

const start = (): Core => createCore({ dbPath, clock: fixedClock(NOW), env: {} })

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-settings-'))
  dbPath = join(dir, 'shop.db')
  core = start()
})

afterEach(async () => {
  await core.close()
  rmSync(dir, { recursive: true, force: true })
})

const valueOf = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`${result.error.message} ${JSON.stringify(result.error.issues)}`)
  return result.value
}

const restart = async (): Promise<void> => {
  await core.close()
  core = start()
}

/** Everything Settings shows, read through the contract as the console reads it. */
const readAll = async () => ({
  settings: valueOf(await core.invoke('settings.get', {})),
  channel: valueOf(await core.invoke('channel.settings.get', {})),
  servers: valueOf(await core.invoke('mcpServers.list', {})).map(({ state: _s, lastError: _e, ...s }) => s)
})

describe('settings survive a restart', () => {
  it('reads every saved setting back after close and createCore on the same file', async () => {
    valueOf(await core.invoke('settings.update', { dailyBudgetUsd: 12.34 }))
    valueOf(
      await core.invoke('settings.update', {
        provider: {
          id: 'openai',
          baseURL: 'https://llm-proxy.example.com/v1',
          models: [
            { id: 'gpt-4.1', inputPerMTok: 2.000001, outputPerMTok: 8, cachedInputPerMTok: 0.5 },
            { id: 'gpt-4.1-mini', inputPerMTok: 0.4, outputPerMTok: 1.6 }
          ],
          rateLimits: { requestsPerMinute: 900, tokensPerMinute: 450_000, maxInFlight: 12 }
        }
      })
    )
    valueOf(
      await core.invoke('settings.update', { defaultModel: { providerId: 'openai', model: 'gpt-4.1-mini' } })
    )
    valueOf(
      await core.invoke('channel.settings.update', {
        port: 9191,
        corsOrigins: ['https://shop.example.com'],
        rateLimits: { perCustomerPerMinute: 12 },
        models: [
          { name: 'deepseek-v3.2', use: null },
          { name: 'fast', use: { providerId: 'openai', model: 'gpt-4.1-mini' } }
        ],
        behindProxy: true,
        autopilot: { chat: { general: false }, email: { order_status: true }, sendFallbacks: false }
      })
    )
    valueOf(
      await core.invoke('mcpServers.add', {
        name: 'Warehouse',
        transport: 'http',
        url: 'https://warehouse.example.com/mcp',
        enabled: false
      })
    )
    const before = await readAll()

    await restart()
    const after = await readAll()
    expect(after).toEqual(before)
    expect(after.settings.problems).toEqual([])
    expect(after.settings.dailyBudgetUsd).toBe(12.34)
    expect(after.settings.defaultModel).toEqual({ providerId: 'openai', model: 'gpt-4.1-mini' })
    const openai = after.settings.providers.find((p) => p.id === 'openai')!
    expect(openai.baseURL).toBe('https://llm-proxy.example.com/v1')
    expect(openai.models[0]!.inputPerMTok).toBe(2.000001)
    expect(openai.rateLimits.maxInFlight).toBe(12)
    expect(after.channel).toMatchObject({
      port: 9191,
      corsOrigins: ['https://shop.example.com'],
      rateLimits: { perCustomerPerMinute: 12 },
      behindProxy: true,
      models: [
        { name: 'deepseek-v3.2', use: null },
        { name: 'fast', use: { providerId: 'openai', model: 'gpt-4.1-mini' } }
      ],
      autopilot: {
        chat: { general: false, order_status: true },
        email: { order_status: true },
        sendFallbacks: false
      }
    })
    expect(after.servers).toEqual([
      expect.objectContaining({
        id: 'warehouse',
        name: 'Warehouse',
        url: 'https://warehouse.example.com/mcp',
        enabled: false
      })
    ])
  })
})

describe('settings.update refuses what the store could not read back', () => {
  const refusal = async (update: unknown) => {
    const result = await core.invokeRaw('settings.update', update)
    expect(result.ok).toBe(false)
    if (result.ok) throw new Error('accepted')
    return result.error.issues ?? []
  }

  it('refuses an infinite or sub-cent budget, naming dailyBudgetUsd in words for a person', async () => {
    for (const budget of [Infinity, JSON.parse('{"b":1e999}').b as number, 12.345, -1, 2_000_000]) {
      const issues = await refusal({ dailyBudgetUsd: budget })
      expect(issues[0]?.field).toBe('dailyBudgetUsd')
      expect(issues[0]?.message).not.toMatch(/expected|received|Too big|Too small/i)
    }
    expect((await refusal({ dailyBudgetUsd: 12.345 }))[0]?.message).toBe('Use whole cents, e.g. 12.50.')
    expect(valueOf(await core.invoke('settings.get', {})).dailyBudgetUsd).toBeNull()
  })

  it('refuses a price with more than 6 decimals or an endless one', async () => {
    const models = (inputPerMTok: number) => [{ id: 'gpt-4.1', inputPerMTok, outputPerMTok: 8 }]
    const fine = await refusal({ provider: { id: 'openai', models: models(2.0000001) } })
    expect(fine[0]).toEqual({
      field: 'provider.models.0.inputPerMTok',
      message: 'Use at most 6 decimals, e.g. 0.000125.'
    })
    const endless = await refusal({ provider: { id: 'openai', models: models(Infinity) } })
    expect(endless[0]?.field).toBe('provider.models.0.inputPerMTok')
    expect(endless[0]?.message).toMatch(/^Enter the price in dollars per million tokens/)
  })

  it('refuses a base URL that is not https, except plain http to this machine', async () => {
    for (const baseURL of [
      'javascript:alert(1)',
      'http://llm.example.com/v1',
      'file:///etc/passwd',
      'https://user:pw@example.com'
    ]) {
      const issues = await refusal({ provider: { id: 'openai', baseURL } })
      expect(issues[0]?.field).toBe('provider.baseURL')
    }
    for (const baseURL of ['http://127.0.0.1:11434/v1', 'http://localhost:8080', 'http://[::1]:9000/v1']) {
      valueOf(await core.invoke('settings.update', { provider: { id: 'openai', baseURL } }))
    }
  })
})

describe('FRONTLINE_BASE_URL', () => {
  it('is ignored (with a log line) when it would send FRONTLINE_API_KEY in clear to another machine', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const env = {
      FRONTLINE_BASE_URL: 'http://llm.example.com/v1',
      FRONTLINE_MODEL: 'gpt-4.1',
      FRONTLINE_API_KEY: 'sk-in-clear-0123456789'
    }
    const plain = createCore({ dbPath: join(dir, 'plain.db'), env })
    try {
      const settings = valueOf(await plain.invoke('settings.get', {}))
      expect(settings.providers.map((p) => p.id)).not.toContain('custom')
      expect(settings.demoMode).toBe(true)
      expect(errors.mock.calls.map((c) => String(c[0])).join('\n')).toContain('ignoring FRONTLINE_BASE_URL')
    } finally {
      await plain.close()
      errors.mockRestore()
    }
  })
})

describe('a saved value this version cannot read', () => {
  it('is reported once in the log and in Settings, and kept until the person saves that value', async () => {
    await core.close()
    const db = openDb(dbPath)
    db.prepare("INSERT INTO settings (key, value) VALUES ('llm', ?)").run(
      JSON.stringify({
        defaultModel: { providerId: 'openai', model: 'gpt-4.1' },
        dailyBudgetUsd: 'lots',
        providers: [{ id: 'openai', baseURL: 'ftp://nope' }]
      })
    )
    db.close()
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      core = start()
      const first = valueOf(await core.invoke('settings.get', {}))
      valueOf(await core.invoke('settings.get', {}))
      expect(first.defaultModel).toEqual({ providerId: 'openai', model: 'gpt-4.1' })
      expect(first.dailyBudgetUsd).toBeNull()
      expect(first.problems.map((p) => `${p.setting}:${p.field}`)).toEqual([
        'llm:dailyBudgetUsd',
        'llm:providers.0'
      ])
      const logged = errors.mock.calls.map((c) => String(c[0])).filter((l) => l.startsWith('[settings]'))
      expect(logged).toHaveLength(2)

      // Saving another value keeps the unreadable ones as they were stored.
      valueOf(
        await core.invoke('settings.update', {
          defaultModel: { providerId: 'openai', model: 'gpt-4.1-mini' }
        })
      )
      const saved = JSON.parse(
        (core.context.db.prepare("SELECT value FROM settings WHERE key = 'llm'").get() as { value: string })
          .value
      )
      expect(saved).toMatchObject({
        dailyBudgetUsd: 'lots',
        providers: [{ id: 'openai', baseURL: 'ftp://nope' }]
      })

      // Saving the budget itself replaces it, and the problem is gone.
      valueOf(await core.invoke('settings.update', { dailyBudgetUsd: 5 }))
      const now = valueOf(await core.invoke('settings.get', {}))
      expect(now.problems.map((p) => p.field)).toEqual(['providers.0'])
      expect(now.dailyBudgetUsd).toBe(5)
    } finally {
      errors.mockRestore()
    }
  })
})
