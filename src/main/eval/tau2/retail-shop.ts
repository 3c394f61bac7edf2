import Database from 'better-sqlite3'
import type { Db } from '../../db/connection'
import { openDb } from '../../db/connection'
import { writeMoneyCaps } from '../../policy/refund-policy'
import { writeShopPolicy } from '../../policy/shop-policy'
import { importRetailDb } from './import-retail-db'
import type { RetailData } from './retail-data'

/**
 * A Frontline shop holding τ²-bench's retail domain, as the eval runs it: the import, the
 * benchmark's policy as the shop's policy (given to the agent), guests identified by email or by
 * name and zip code as that policy says, and money caps above any order's total (the benchmark's
 * policy has none; Frontline's caps would refuse what it allows).
 */
export function prepareRetailShop(db: Db, data: RetailData, now: Date): void {
  importRetailDb(db, data.shop, now)
  writeShopPolicy(db, { text: data.policy, guestIdentity: 'email_or_name_and_postal_code' })
  writeMoneyCaps(db, { refundCents: 100_000_000, goodwillCreditCents: 5_000 })
}

/** The starting shop, imported once: each trial opens a copy of it (see copyShop). */
export function buildRetailShopImage(data: RetailData, now: Date): Buffer {
  const db = openDb(':memory:')
  try {
    prepareRetailShop(db, data, now)
    return db.serialize()
  } finally {
    db.close()
  }
}

/** A fresh, private shop from an image: an in-memory database, migrated and with foreign keys on. */
export function openShopCopy(image: Buffer): Db {
  const db = new Database(image)
  db.pragma('foreign_keys = ON')
  return db
}
