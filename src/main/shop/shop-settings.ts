import { z } from 'zod'
import { readSetting, writeSetting } from '../db/repositories/settings'
import type { Db } from '../db/connection'
import { DEMO_ORDER_ID_FORMAT, OrderIdFormat, orderIdRules } from './order-id-format'
import type { OrderIdRules } from './order-id-rules'

/** The shop's settings that describe its data (not the console's): kept in the settings table. */
const ORDER_ID_FORMAT_KEY = 'shop.orderIdFormat'
const CURRENCY_KEY = 'shop.currency'

export const CurrencyCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'expected a three-letter currency code such as USD or EUR')
  .transform((code) => code.toUpperCase())

/**
 * Read at every use, not cached: `frontline mcp` and the console share the file, and an import in
 * one must change how the other reads ids. A settings row by primary key costs microseconds.
 */
export function loadOrderIdFormat(db: Db): OrderIdFormat {
  return readSetting(db, ORDER_ID_FORMAT_KEY, OrderIdFormat, DEMO_ORDER_ID_FORMAT)
}

export function saveOrderIdFormat(db: Db, format: OrderIdFormat): void {
  writeSetting(db, ORDER_ID_FORMAT_KEY, OrderIdFormat.parse(format))
}

export function shopOrderIdRules(db: Db): OrderIdRules {
  return orderIdRules(loadOrderIdFormat(db))
}

/** The currency of the shop's catalog (its orders each keep their own); null until one is known. */
export function loadShopCurrency(db: Db): string | null {
  return readSetting(db, CURRENCY_KEY, CurrencyCode.nullable(), null)
}

export function saveShopCurrency(db: Db, currency: string): void {
  writeSetting(db, CURRENCY_KEY, CurrencyCode.parse(currency))
}

/** Back to the demo shop's conventions (after `frontline shop reset`). */
export function forgetShopSettings(db: Db): void {
  db.prepare('DELETE FROM settings WHERE key IN (?, ?)').run(ORDER_ID_FORMAT_KEY, CURRENCY_KEY)
}
