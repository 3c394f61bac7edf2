import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { CreatedChannelKey } from '../../shared/domain/channel'
import type { Clock } from '../core/clock'
import type { Db } from '../db/connection'
import {
  insertChannelKey,
  listActiveChannelKeyHashes,
  touchChannelKey
} from '../db/repositories/channel-keys'

/** Created keys start with this, so a leaked one is recognisable in logs and secret scanners. */
export const CHANNEL_KEY_PREFIX = 'flc_'
export const ENVIRONMENT_KEY_ID = 'FRONTLINE_CHANNEL_KEY'

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest()

/** A new bearer key; only its hash is stored, so this is the one time anyone sees it. */
export function createChannelKey(db: Db, clock: Clock, name: string): CreatedChannelKey {
  const key = `${CHANNEL_KEY_PREFIX}${randomBytes(32).toString('base64url')}`
  const info = insertChannelKey(db, {
    id: `CHK-${randomBytes(6).toString('hex')}`,
    name,
    keyHash: sha256(key).toString('hex'),
    keyPrefix: key.slice(0, CHANNEL_KEY_PREFIX.length + 6),
    now: clock.now().toISOString()
  })
  return { ...info, key }
}

export type KeyCheck = { ok: true; keyId: string } | { ok: false }

export interface KeyVerifier {
  verify(presented: string | undefined): KeyCheck
  /** Keys that open the API now (created ones not revoked, plus the environment's). */
  activeCount(): number
  environmentKey: boolean
  /** Re-reads the keys at the next request (after one is created or revoked here). */
  invalidate(): void
}

export interface KeyVerifierOptions {
  db: Db
  clock: Clock
  environmentKey?: string
  /** How long the key list is trusted before it is read again (another process may revoke one). */
  cacheMs?: number
}

/**
 * Checks a bearer key against every active key's hash with timingSafeEqual, all of them every time:
 * neither which key matched nor how much of it did shows in the time taken.
 */
export function createKeyVerifier(options: KeyVerifierOptions): KeyVerifier {
  const { db, clock } = options
  const cacheMs = options.cacheMs ?? 2_000
  const environment = options.environmentKey?.trim() ? sha256(options.environmentKey.trim()) : undefined
  let cached: { at: number; keys: { id: string; hash: Buffer }[] } | undefined
  const lastTouched = new Map<string, number>()

  const keys = (): { id: string; hash: Buffer }[] => {
    const t = performance.now()
    if (!cached || t - cached.at > cacheMs) {
      const stored = listActiveChannelKeyHashes(db).map((k) => ({
        id: k.id,
        hash: Buffer.from(k.keyHash, 'hex')
      }))
      cached = {
        at: t,
        keys: environment ? [{ id: ENVIRONMENT_KEY_ID, hash: environment }, ...stored] : stored
      }
    }
    return cached.keys
  }

  // last_used_at is for people ("is this key still used?"): a write a minute is plenty.
  const touch = (id: string): void => {
    if (id === ENVIRONMENT_KEY_ID) return
    const t = performance.now()
    if (t - (lastTouched.get(id) ?? -Infinity) < 60_000) return
    lastTouched.set(id, t)
    touchChannelKey(db, id, clock.now().toISOString())
  }

  return {
    verify(presented) {
      if (!presented) return { ok: false }
      const digest = sha256(presented)
      let match: string | undefined
      for (const key of keys()) {
        if (timingSafeEqual(digest, key.hash) && match === undefined) match = key.id
      }
      if (match === undefined) return { ok: false }
      touch(match)
      return { ok: true, keyId: match }
    },
    activeCount: () => keys().length,
    environmentKey: environment !== undefined,
    invalidate() {
      cached = undefined
    }
  }
}

/** The token of an `Authorization: Bearer <key>` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  return match?.[1]
}
