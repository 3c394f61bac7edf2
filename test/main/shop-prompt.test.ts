import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startMockOpenAi, type MockOpenAiServer } from '../../src/main/bench/mock-openai-server'
import { DEFAULT_SHOP_INSTRUCTIONS } from '../../src/main/agent/system-prompt'
import { fixedClock } from '../../src/main/core/clock'
import { createCore, type Core } from '../../src/main/core/create-core'
import { openDb } from '../../src/main/db/connection'
import { resetShop } from '../../src/main/shop/reset-shop'
import type { Caller } from '../../src/shared/domain/caller'
import { ADA_SHIPPED, addAdaWithOrders } from '../support/ada-shop'
import { ShopBuilder } from '../support/shop-builder'
import { openAiProfileAt } from './llm-test-profile'

const NOW = '2026-11-20T12:00:00.000Z'
const ADMIN: Caller = { kind: 'person', personId: 'ada', name: 'Ada Admin', role: 'admin' }
const LEAD: Caller = { kind: 'person', personId: 'lee', name: 'Lee Lead', role: 'lead' }
const AGENT: Caller = { kind: 'person', personId: 'ann', name: 'Ann Agent', role: 'agent' }

let dir: string
let dbPath: string
let mock: MockOpenAiServer | undefined
let core: Core | undefined

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-shop-prompt-'))
  dbPath = join(dir, 'shop.db')
  const shop = new ShopBuilder(openDb(dbPath))
  const ada = addAdaWithOrders(shop)
  const ticket = shop.ticket({
    id: 'TKT-000001',
    customerId: ada,
    subject: 'Where is my order?',
    status: 'new'
  })
  shop.message(ticket, { body: `Where is ${ADA_SHIPPED}?`, createdAt: '2026-11-20T09:00:00.000Z' })
  shop.db.close()
})

afterEach(async () => {
  await core?.close()
  core = undefined
  await mock?.close()
  mock = undefined
  rmSync(dir, { recursive: true, force: true })
})

async function openWithMock(): Promise<Core> {
  mock = await startMockOpenAi()
  core = createCore({
    dbPath,
    clock: fixedClock(NOW),
    env: {},
    llm: {
      connections: [
        {
          profile: openAiProfileAt(mock.baseURL),
          apiKey: 'sk-test-0123456789abcdef'
        }
      ],
      defaultModel: { providerId: 'openai', model: 'gpt-4.1' }
    }
  })
  return core
}

const must = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

const systemPromptOfLastDraft = (): string =>
  String(mock!.requests.at(-1)?.body.messages?.find((m) => m.role === 'system')?.content)

describe("the shop's prompt", () => {
  it('is Frontline’s own until saved; the draft engine then uses the saved one, with its history', async () => {
    const core = await openWithMock()
    const view = must(await core.invoke('shopPrompt.get', {}, AGENT))
    expect(view.current).toBeNull()
    expect(view.instructions).toBe(DEFAULT_SHOP_INSTRUCTIONS)
    expect(view.alwaysAdded.join(' ')).toContain('never invent order details')

    await core.context.drafts.start('TKT-000001').done
    expect(systemPromptOfLastDraft().startsWith(DEFAULT_SHOP_INSTRUCTIONS)).toBe(true)

    const first = must(
      await core.invoke(
        'shopPrompt.save',
        { instructions: '  You write for Cobbler & Co. Short and kind.  ', note: 'shorter' },
        ADMIN
      )
    )
    expect(first).toMatchObject({
      instructions: 'You write for Cobbler & Co. Short and kind.',
      savedBy: 'Ada Admin',
      savedAt: NOW,
      note: 'shorter',
      replayId: null,
      restoredFrom: null
    })
    await core.context.drafts.start('TKT-000001').done
    expect(systemPromptOfLastDraft().startsWith('You write for Cobbler & Co. Short and kind.')).toBe(true)
    // Whatever the shop's prompt says, Frontline's rules follow it.
    expect(systemPromptOfLastDraft()).toContain('never invent order details')

    const second = must(await core.invoke('shopPrompt.save', { instructions: 'Second version.' }, ADMIN))
    const restored = must(await core.invoke('shopPrompt.restore', { versionId: first.id }, ADMIN))
    expect(restored).toMatchObject({ instructions: first.instructions, restoredFrom: first.id })
    expect(restored.id).toBeGreaterThan(second.id)
    const history = must(await core.invoke('shopPrompt.history', {}, AGENT))
    expect(history.total).toBe(3)
    expect(history.versions.map((v) => v.id)).toEqual([restored.id, second.id, first.id])
    const audit = core.context.db
      .prepare(`SELECT action, actor FROM audit_log WHERE subject_type = 'shop_prompt' ORDER BY id`)
      .all()
    expect(audit).toEqual([
      { action: 'shop_prompt.saved', actor: 'Ada Admin' },
      { action: 'shop_prompt.saved', actor: 'Ada Admin' },
      { action: 'shop_prompt.restored', actor: 'Ada Admin' }
    ])
  })

  it('saves the prompt a replay drafted with, and says which replay', async () => {
    const core = await openWithMock()
    must(
      await core.invoke('tickets.reply', { ticketId: 'TKT-000001', body: 'It ships soon. Best, the team' })
    )
    const instructions = 'You are the shop’s calm voice. Name the carrier and the tracking number.'
    const run = must(
      await core.invoke(
        'replay.start',
        { selection: { kind: 'tickets', ticketIds: ['TKT-000001'] }, instructions },
        LEAD
      )
    )
    await core.context.lab.finished(run.id)
    const saved = must(await core.invoke('shopPrompt.save', { replayId: run.id }, ADMIN))
    expect(saved).toMatchObject({ instructions, replayId: run.id, savedBy: 'Ada Admin' })
    expect(must(await core.invoke('shopPrompt.get', {}, AGENT)).current?.id).toBe(saved.id)
  })

  it('survives a shop reset, which deletes the replays it came from', async () => {
    const core = await openWithMock()
    must(
      await core.invoke('tickets.reply', { ticketId: 'TKT-000001', body: 'It ships soon. Best, the team' })
    )
    const run = must(
      await core.invoke(
        'replay.start',
        { selection: { kind: 'tickets', ticketIds: ['TKT-000001'] }, instructions: 'Kept across resets.' },
        LEAD
      )
    )
    await core.context.lab.finished(run.id)
    const saved = must(await core.invoke('shopPrompt.save', { replayId: run.id }, ADMIN))
    resetShop(core.context.db, 'empty')
    const db = core.context.db
    expect(db.prepare('SELECT COUNT(*) FROM replays').pluck().get()).toBe(0)
    expect(db.prepare('SELECT COUNT(*) FROM replay_items').pluck().get()).toBe(0)
    const view = must(await core.invoke('shopPrompt.get', {}, AGENT))
    expect(view.current).toMatchObject({ id: saved.id, instructions: 'Kept across resets.', replayId: null })
  })

  it('refuses: people below admin, customers and MCP hosts; no change; both or neither source', async () => {
    const core = await openWithMock()
    for (const caller of [
      AGENT,
      LEAD,
      { kind: 'customer', customerId: 'CUS-000001', via: 'chat' },
      { kind: 'mcp', client: 'claude-desktop' }
    ] satisfies Caller[]) {
      const result = await core.invoke('shopPrompt.save', { instructions: 'Mine now.' }, caller)
      expect(!result.ok && result.error.code).toBe('not_allowed')
    }
    const unchanged = await core.invoke('shopPrompt.save', { instructions: DEFAULT_SHOP_INSTRUCTIONS }, ADMIN)
    expect(!unchanged.ok && unchanged.error.code).toBe('conflict')
    const both = await core.invokeRaw(
      'shopPrompt.save',
      { instructions: 'x', replayId: `RPL-${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}` },
      ADMIN
    )
    expect(!both.ok && both.error.message).toMatch(/instructions/)
    const empty = await core.invokeRaw('shopPrompt.save', { instructions: '   ' }, ADMIN)
    expect(!empty.ok && empty.error.message).toMatch(/instructions/)
    const missing = await core.invoke('shopPrompt.restore', { versionId: 99 }, ADMIN)
    expect(!missing.ok && missing.error.code).toBe('not_found')
    expect(must(await core.invoke('shopPrompt.history', {}, ADMIN)).total).toBe(0)
  })
})
