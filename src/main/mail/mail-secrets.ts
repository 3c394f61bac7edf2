import type { KeyStore } from '../llm'

/**
 * The mailbox passwords, kept by the same KeyStore as the providers' API keys (safeStorage in the
 * desktop app, a 0600 file elsewhere) under ids of their own. `FRONTLINE_MAILBOX_PASSWORD` and
 * `FRONTLINE_SMTP_PASSWORD` win when set, as a provider's key in the environment does.
 *
 * A password may hold spaces, which a key store refuses, and a key store may answer any id with
 * FRONTLINE_API_KEY: so a password is stored encoded behind a prefix, and a value without the
 * prefix is not a mailbox password.
 */
export type MailServerKind = 'imap' | 'smtp'

export const MAILBOX_KEY_IDS: Record<MailServerKind, string> = { imap: 'mailbox-imap', smtp: 'mailbox-smtp' }
const ENV_NAMES: Record<MailServerKind, string> = {
  imap: 'FRONTLINE_MAILBOX_PASSWORD',
  smtp: 'FRONTLINE_SMTP_PASSWORD'
}
const PREFIX = 'mailpw1.'

export interface MailSecrets {
  /** The password for that server; SMTP's falls back to IMAP's (one account, one password). */
  password(kind: MailServerKind): Promise<string | undefined>
  has(kind: MailServerKind): Promise<boolean>
  set(kind: MailServerKind, password: string): Promise<void>
  /** Every password known, for taking them out of error messages. */
  known(): Promise<string[]>
}

export function createMailSecrets(keys: KeyStore, env: NodeJS.ProcessEnv): MailSecrets {
  const stored = async (kind: MailServerKind): Promise<string | undefined> => {
    const env_ = env[ENV_NAMES[kind]]
    if (env_) return env_
    const value = await keys.get(MAILBOX_KEY_IDS[kind])
    if (!value?.startsWith(PREFIX)) return undefined
    return Buffer.from(value.slice(PREFIX.length), 'base64url').toString('utf8') || undefined
  }
  const password = async (kind: MailServerKind): Promise<string | undefined> =>
    (await stored(kind)) ?? (kind === 'smtp' ? stored('imap') : undefined)
  return {
    password,
    has: async (kind) => (await stored(kind)) !== undefined,
    async set(kind, secret) {
      await keys.set(MAILBOX_KEY_IDS[kind], `${PREFIX}${Buffer.from(secret, 'utf8').toString('base64url')}`)
    },
    async known() {
      const all = await Promise.all([stored('imap'), stored('smtp')])
      return all.filter((p): p is string => Boolean(p))
    }
  }
}
