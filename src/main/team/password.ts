import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/**
 * Password hashing with scrypt, the memory-hard KDF in node:crypto. The parameters are OWASP's
 * scrypt option "N=2^15, r=8, p=3" (Password Storage Cheat Sheet, equivalent in cost to its first
 * choice N=2^17, r=8, p=1): each hash needs 32 MiB of memory (128·N·r bytes), which is what makes a
 * GPU or ASIC guessing run expensive, and takes about 0.1–0.3 s of one core here. A 16-byte random
 * salt per password, a 32-byte key. The hash is stored as `scrypt$log2N$r$p$salt$key` (base64url),
 * so stronger parameters later still verify the passwords hashed with these.
 *
 * node:crypto's scrypt runs on libuv's thread pool: hashing never blocks the core's event loop.
 */
export interface ScryptParams {
  log2N: number
  r: number
  p: number
}

export const PASSWORD_PARAMS: ScryptParams = { log2N: 15, r: 8, p: 3 }
const KEY_BYTES = 32
const SALT_BYTES = 16
/** What a stored hash may ask for: enough for stronger parameters, not enough to exhaust the server. */
const LIMITS = { log2N: [10, 20], r: [1, 32], p: [1, 16] } as const

const memoryOf = (params: ScryptParams): number => 128 * 2 ** params.log2N * params.r

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: 2 ** params.log2N,
    r: params.r,
    p: params.p,
    // Node refuses above 32 MiB by default; allow exactly what these parameters need, and a margin.
    maxmem: memoryOf(params) + 1024 * 1024
  }
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (error, key) =>
      error ? reject(error) : resolve(key)
    )
  )
}

export async function hashPassword(
  password: string,
  params: ScryptParams = PASSWORD_PARAMS
): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const key = await derive(password, salt, params)
  return [
    'scrypt',
    params.log2N,
    params.r,
    params.p,
    salt.toString('base64url'),
    key.toString('base64url')
  ].join('$')
}

function parseHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const [scheme, log2N, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !key) return null
  const params = { log2N: Number(log2N), r: Number(r), p: Number(p) }
  const within = (value: number, [min, max]: readonly [number, number]) =>
    Number.isInteger(value) && value >= min && value <= max
  if (!within(params.log2N, LIMITS.log2N) || !within(params.r, LIMITS.r) || !within(params.p, LIMITS.p))
    return null
  return { params, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') }
}

/** Constant-time comparison of the derived key; an unreadable stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored)
  if (!parsed || parsed.key.length !== KEY_BYTES) return false
  const key = await derive(password, parsed.salt, parsed.params)
  return timingSafeEqual(key, parsed.key)
}

/**
 * A hash nobody's password matches, to verify against when the email is unknown (or has no
 * password yet): the answer then takes as long as for a real account, so timing does not tell
 * which addresses have one.
 */
const decoys = new Map<string, Promise<string>>()
export function decoyHash(params: ScryptParams = PASSWORD_PARAMS): Promise<string> {
  const key = `${params.log2N}/${params.r}/${params.p}`
  let decoy = decoys.get(key)
  if (!decoy) {
    decoy = hashPassword(randomBytes(24).toString('base64url'), params)
    decoys.set(key, decoy)
  }
  return decoy
}
