import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Handlers } from '../../shared/contract'
import type { ShopStatus } from '../../shared/domain/shop'
import { AppFailure } from '../../shared/result'
import { openDb } from '../db/connection'
import { countShop, isShopEmpty, seedDemoShop } from '../db/fixtures/seed-demo-shop'
import { commitPendingTurn } from '../db/turn-commit'
import { createShopImportJobs } from '../shop/import/import-jobs'
import { createUploadStore } from '../shop/import/uploads'
import { orderIdFormatView } from '../shop/order-id-format'
import { loadOrderIdFormat, loadShopCurrency } from '../shop/shop-settings'
import type { CoreContext } from './create-core'

type ShopHandlers = Pick<
  Handlers,
  | 'shop.status'
  | 'shop.startDemo'
  | 'shop.upload.begin'
  | 'shop.upload.chunk'
  | 'shop.import.start'
  | 'shop.import.cancel'
>

/** The shop's data from the console: the first-run choice, uploads of export files, imports. */
export function createShopHandlers(ctx: CoreContext): ShopHandlers {
  const { db } = ctx
  const uploadsDir =
    ctx.options.dbPath === ':memory:'
      ? join(tmpdir(), `frontline-uploads-${process.pid}`)
      : join(dirname(ctx.options.dbPath), 'imports')
  const uploads = createUploadStore(uploadsDir)
  const imports = createShopImportJobs({
    db,
    uploads,
    clock: () => ctx.clock.now(),
    publish: (progress) => ctx.events.emit('shop.import.progress', progress)
  })
  ctx.onClose(async () => {
    await imports.close()
    uploads.close()
  })

  const status = (): ShopStatus => {
    const counts = countShop(db)
    return {
      empty: Object.values(counts).every((n) => n === 0),
      counts,
      currency: loadShopCurrency(db),
      orderIdFormat: orderIdFormatView(loadOrderIdFormat(db)),
      import: imports.current()
    }
  }

  return {
    'shop.status': () => status(),

    'shop.startDemo': () => {
      if (imports.isRunning() || !isShopEmpty(db)) {
        throw new AppFailure(
          'conflict',
          'The shop already holds data. To start over from the demo shop: frontline shop reset --demo'
        )
      }
      if (ctx.options.dbPath === ':memory:') {
        throw new AppFailure('unavailable', 'The demo shop is seeded into a database file, not into memory.')
      }
      // The seed runs on a connection of its own, as first-run seeding does: it switches the
      // connection's durability for the bulk load, which SQLite refuses inside the turn's transaction.
      commitPendingTurn(db)
      const seeding = openDb(ctx.options.dbPath)
      try {
        seedDemoShop(seeding, { anchor: ctx.clock.now().toISOString() })
      } finally {
        seeding.close()
      }
      ctx.events.emit('tickets.changed', { ticketIds: [] })
      return status()
    },

    'shop.upload.begin': ({ name, size }) => uploads.begin(name, size),

    'shop.upload.chunk': ({ uploadId, offset, data }) =>
      uploads.append(uploadId, offset, Buffer.from(data, 'base64')),

    'shop.import.start': (input) => imports.start(input),

    'shop.import.cancel': ({ jobId }) => imports.cancel(jobId)
  }
}
