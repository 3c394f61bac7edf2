import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore } from '../../src/main/core/create-core'
import { openDb } from '../../src/main/db/connection'
import { seedDemoShop, type SeedSummary } from '../../src/main/db/fixtures/seed-demo-shop'

/** One demo shop seeded once; each test takes a copy of its file, so none sees another's writes. */
export interface SeededShopFiles {
  dir: string
  shop: SeedSummary
  /** A new copy of the seeded database, in `dir`. */
  fresh(): string
  cleanup(): void
}

export function seedShopFiles(prefix: string): SeededShopFiles {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const template = join(dir, 'template.db')
  const db = openDb(template)
  const shop = seedDemoShop(db, { anchor: new Date().toISOString() })
  db.close()
  let copies = 0
  return {
    dir,
    shop,
    fresh() {
      const path = join(dir, `shop-${++copies}.db`)
      copyFileSync(template, path)
      return path
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true })
  }
}

/** Lets the agent draft the shop's return request: its proposed return waits for a person. */
export async function proposeReturn(dbPath: string, shop: SeedSummary): Promise<string> {
  const core = createCore({ dbPath, checkpointWorkerFile: null, env: {} })
  try {
    await core.context.drafts.start(shop.exampleTickets.return_request).done
    const actionId = core.context.db
      .prepare(`SELECT id FROM actions WHERE status = 'pending_approval' LIMIT 1`)
      .pluck()
      .get() as string | undefined
    if (!actionId) throw new Error('the demo model proposed no return')
    return actionId
  } finally {
    await core.close()
  }
}
