import { createHash, randomBytes } from 'node:crypto'

/** A bearer secret (a session token, an invite link's): 256 random bits, URL- and subprotocol-safe. */
export const newSecret = (): string => randomBytes(32).toString('base64url')

/**
 * What is stored instead of a secret. A fast hash is enough here: the secret is 256 random bits,
 * so there is nothing to guess; it only keeps a copy of the database from being a list of tokens.
 */
export const secretHash = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex')
