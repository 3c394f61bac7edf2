import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/main/core/clock'
import { createCore, type Core } from '../../src/main/core/create-core'
import type { EventName } from '../../src/shared/contract'
import type { ImportProgress } from '../../src/shared/domain/shop'
import { SHOPIFY_ORDER_COLUMNS, writeCsv } from '../support/shop-exports'

const NOW = '2026-12-01T08:00:00.000Z'
let dir: string
let core: Core
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-shop-handlers-'))
  core = createCore({
    dbPath: join(dir, 'shop.db'),
    clock: fixedClock(NOW),
    env: {},
    checkpointWorkerFile: null
  })
})
afterEach(async () => {
  await core.close()
  rmSync(dir, { recursive: true, force: true })
})

const ok = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

function exportFile(orders: number, bad = false): string {
  return writeCsv(
    join(dir, 'orders_export.csv'),
    SHOPIFY_ORDER_COLUMNS,
    Array.from({ length: orders }, (_, i) => ({
      Name: `#${1001 + i}`,
      Email: `c${i % 7}@example.com`,
      'Financial Status': 'paid',
      Currency: 'EUR',
      Total: '59.00',
      'Created at': '2026-11-03 10:15:00 +0100',
      'Lineitem quantity': bad && i === 1 ? 'many' : '1',
      'Lineitem name': 'Copper Kettle',
      'Lineitem price': '59.00',
      'Lineitem sku': 'KET-1'
    }))
  )
}

/** Sends a file as the console does: begin, then chunks of at most chunkBytes, base64. */
async function upload(path: string, chunk?: number): Promise<string> {
  const bytes = readFileSync(path)
  const { uploadId, chunkBytes } = ok(
    await core.invoke('shop.upload.begin', { name: 'orders_export.csv', size: bytes.length })
  )
  const size = chunk ?? chunkBytes
  for (let offset = 0; offset < bytes.length; offset += size) {
    ok(
      await core.invoke('shop.upload.chunk', {
        uploadId,
        offset,
        data: bytes.subarray(offset, offset + size).toString('base64')
      })
    )
  }
  return uploadId
}

function progressEvents(): ImportProgress[] {
  const seen: ImportProgress[] = []
  core.subscribe((event: EventName, payload) => {
    if (event === 'shop.import.progress') seen.push(payload as ImportProgress)
  })
  return seen
}

async function finished(events: ImportProgress[]): Promise<ImportProgress> {
  for (;;) {
    const last = events.at(-1)
    if (last && last.state !== 'running') return last
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('the shop from the console', () => {
  it('says the shop is empty at first, and starts the demo shop on request, once', async () => {
    const status = ok(await core.invoke('shop.status', {}))
    expect(status).toMatchObject({
      empty: true,
      counts: { orders: 0 },
      orderIdFormat: { pattern: 'ORD-YYYYMMDD-XXXX' },
      import: null
    })
    const demo = ok(await core.invoke('shop.startDemo', {}))
    expect(demo).toMatchObject({ empty: false, counts: { customers: 200, orders: 1000, tickets: 200 } })
    const again = await core.invoke('shop.startDemo', {})
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } })
  })

  it('imports uploaded exports in chunks, pushing progress, and lists the refused rows', async () => {
    const events = progressEvents()
    const uploadId = await upload(exportFile(40, true), 1000)
    const started = ok(await core.invoke('shop.import.start', { platform: 'shopify', uploadIds: [uploadId] }))
    expect(started).toMatchObject({ state: 'running', platform: 'shopify' })
    const done = await finished(events)
    expect(done).toMatchObject({
      jobId: started.jobId,
      state: 'done',
      orders: { created: 39 },
      refused: 1,
      refusedSample: [
        {
          file: 'orders_export.csv',
          line: 3,
          column: 'Lineitem quantity',
          message: expect.stringMatching(/"many"/)
        }
      ],
      orderIdFormat: { pattern: '#NNNN' }
    })
    const status = ok(await core.invoke('shop.status', {}))
    expect(status).toMatchObject({
      empty: false,
      counts: { orders: 39 },
      currency: 'EUR',
      import: { jobId: started.jobId, state: 'done' }
    })
    // The uploaded copy is gone once imported.
    expect(readdirSync(join(dir, 'imports'))).toEqual([])
    const order = ok(
      await core.invoke('tools.run', { name: 'get_order_status', arguments: { order_id: 'order 1001' } })
    )
    expect(order).toMatchObject({ ok: true, value: { order_id: '#1001', you_asked_for: 'order 1001' } })
  })

  it('refuses chunks out of order, too large, or for an unknown upload, naming the field', async () => {
    const { uploadId } = ok(await core.invoke('shop.upload.begin', { name: 'a.csv', size: 4 }))
    expect(await core.invoke('shop.upload.chunk', { uploadId, offset: 2, data: 'AAAA' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', issues: [{ field: 'offset', message: 'expected 0' }] }
    })
    expect(
      await core.invoke('shop.upload.chunk', {
        uploadId,
        offset: 0,
        data: Buffer.from('12345').toString('base64')
      })
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ field: 'data' }] }
    })
    expect(
      await core.invokeRaw('shop.upload.chunk', { uploadId, offset: 0, data: 'not base64!' })
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ field: 'data' }] }
    })
    const unknown = 'UPL-00000000-0000-4000-8000-000000000000'
    expect(
      await core.invoke('shop.upload.chunk', { uploadId: unknown, offset: 0, data: 'AAAA' })
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found', issues: [{ field: 'uploadId' }] }
    })
    expect(
      await core.invoke('shop.import.start', { platform: 'shopify', uploadIds: [uploadId] })
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ field: 'uploadIds.0' }] }
    })
    expect(
      await core.invokeRaw('shop.import.start', { platform: 'magento', uploadIds: [uploadId] })
    ).toMatchObject({
      ok: false,
      error: { issues: [{ field: 'platform' }] }
    })
    expect(await core.invokeRaw('shop.upload.begin', { name: 'huge.csv', size: 1e15 })).toMatchObject({
      ok: false,
      error: { issues: [{ field: 'size', message: 'the file is too large to import' }] }
    })
  })

  it('runs one import at a time, and a cancel keeps whole batches only', async () => {
    const events = progressEvents()
    const first = await upload(exportFile(6000))
    const second = await upload(exportFile(10))
    const started = ok(await core.invoke('shop.import.start', { platform: 'shopify', uploadIds: [first] }))
    expect(
      await core.invoke('shop.import.start', { platform: 'shopify', uploadIds: [second] })
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict' }
    })
    ok(await core.invoke('shop.import.cancel', { jobId: started.jobId }))
    const done = await finished(events)
    expect(done.state).toBe('cancelled')
    const orders = ok(await core.invoke('shop.status', {})).counts.orders
    expect(orders).toBe(done.batches * 1000)
    expect(orders).toBeLessThan(6000)
    expect(existsSync(join(dir, 'imports'))).toBe(true)
  })
})
