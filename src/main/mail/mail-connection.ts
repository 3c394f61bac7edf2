import { lookup } from 'node:dns/promises'
import { connect as tcpConnect } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import { ImapFlow, type ImapFlowOptions } from 'imapflow'
import nodemailer from 'nodemailer'
import type SMTPTransport from 'nodemailer/lib/smtp-transport'
import type { MailboxSettings, MailboxTestResult, MailStep } from '../../shared/domain/mailbox'
import { redact } from '../llm'
import type { MailSecrets } from './mail-secrets'

/** How Frontline reaches the shop's servers, and what to tell a person when it cannot. */

export const CONNECT_TIMEOUT_MS = 15_000

export class MailFailure extends Error {
  constructor(
    readonly step: MailStep,
    message: string
  ) {
    super(message)
    this.name = 'MailFailure'
  }
}

export const smtpLogin = (settings: MailboxSettings): string => settings.smtpUser || settings.user

/** The From address of replies: the configured one, else the login when it is an address. */
export const shopAddress = (settings: MailboxSettings): string =>
  settings.address || (settings.user.includes('@') ? settings.user : '')

export function imapOptions(settings: MailboxSettings, password: string): ImapFlowOptions {
  return {
    host: settings.imapHost,
    port: settings.imapPort,
    secure: settings.imapTls === 'tls',
    // 'none' must not upgrade on its own, 'starttls' must not silently stay plain.
    doSTARTTLS: settings.imapTls === 'starttls' ? true : settings.imapTls === 'none' ? false : undefined,
    auth: { user: settings.user, pass: password },
    logger: false,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    disableCompression: true
  } as ImapFlowOptions
}

export function smtpOptions(settings: MailboxSettings, password: string): SMTPTransport.Options {
  return {
    host: settings.smtpHost,
    port: settings.smtpPort,
    secure: settings.smtpTls === 'tls',
    requireTLS: settings.smtpTls === 'starttls',
    ignoreTLS: settings.smtpTls === 'none',
    auth: { user: smtpLogin(settings), pass: password },
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: 60_000,
    disableFileAccess: true,
    disableUrlAccess: true
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'CONNECT_TIMEOUT',
  'EPIPE'
])
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EDNS'])

/** Names the step an error of imapflow, nodemailer or node's sockets belongs to. */
export function stepOf(error: unknown): MailStep {
  if (error instanceof MailFailure) return error.step
  const e = (error ?? {}) as {
    code?: string
    authenticationFailed?: boolean
    responseCode?: number
    message?: string
  }
  const message = e.message ?? ''
  if (e.authenticationFailed || e.code === 'EAUTH' || e.responseCode === 535 || /authenticat/i.test(message))
    return 'auth'
  if (e.code && DNS_CODES.has(e.code)) return 'dns'
  if (
    e.code === 'ETLS' ||
    /\b(ssl|tls|certificate|handshake|self[- ]signed)\b/i.test(`${e.code ?? ''} ${message}`)
  )
    return 'tls'
  if (e.code && NETWORK_CODES.has(e.code)) return 'connect'
  if (e.code === 'ECONNECTION' || e.code === 'ESOCKET' || e.code === 'ETIMEDOUT') return 'connect'
  return 'connect'
}

const STEP_WORDS: Record<MailStep, string> = {
  settings: 'Settings are incomplete',
  dns: 'The server name could not be found (DNS)',
  connect: 'Could not connect to the server',
  tls: 'The secure connection (TLS) failed',
  auth: 'The server refused the login (wrong user or password?)',
  folder: 'The folder could not be opened',
  send: 'The server refused the email'
}

/** One line for a person: what failed, and the server's or system's own words, passwords removed. */
export function describeFailure(
  error: unknown,
  secrets: readonly string[] = []
): { step: MailStep; message: string } {
  const step = stepOf(error)
  const e = (error ?? {}) as { message?: string; responseText?: string; response?: string; code?: string }
  const detail = (e.responseText || e.response || e.message || String(error))
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300)
  const message = error instanceof MailFailure ? error.message : `${STEP_WORDS[step]}: ${detail}`
  return { step, message: redact(message, secrets) }
}

async function checkDns(host: string): Promise<void> {
  try {
    await lookup(host)
  } catch (error) {
    throw new MailFailure(
      'dns',
      `${STEP_WORDS.dns}: no address for "${host}" (${(error as { code?: string }).code ?? 'lookup failed'}).`
    )
  }
}

/** Opens a socket (and TLS when it starts with it), so a refused port and a failed handshake are told apart. */
async function checkSocket(host: string, port: number, tls: boolean): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const socket = tcpConnect({ host, port, timeout: CONNECT_TIMEOUT_MS })
    const fail = (step: MailStep, why: string) => {
      socket.destroy()
      reject(new MailFailure(step, `${STEP_WORDS[step]}: ${why}`))
    }
    socket.once('timeout', () =>
      fail('connect', `${host}:${port} did not answer in ${CONNECT_TIMEOUT_MS / 1000} s.`)
    )
    socket.once('error', (error: NodeJS.ErrnoException) =>
      fail('connect', `${host}:${port} (${error.code ?? error.message}).`)
    )
    socket.once('connect', () => {
      if (!tls) {
        socket.destroy()
        resolve()
        return
      }
      socket.setTimeout(0)
      const secure = tlsConnect({
        socket,
        servername: /^[\d.:]+$/.test(host) ? undefined : host,
        timeout: CONNECT_TIMEOUT_MS
      })
      secure.once('secureConnect', () => {
        secure.destroy()
        resolve()
      })
      secure.once('error', (error: NodeJS.ErrnoException) => {
        secure.destroy()
        reject(new MailFailure('tls', `${STEP_WORDS.tls}: ${error.code ?? ''} ${error.message}`.trim()))
      })
    })
  })
}

/**
 * "Test connection": IMAP then SMTP, step by step (settings, DNS, connect, TLS, login, folder), and
 * stops at the first failure so the result names what to fix.
 */
export async function testMailbox(
  settings: MailboxSettings,
  secrets: MailSecrets
): Promise<MailboxTestResult> {
  const steps: MailboxTestResult['steps'] = []
  const known = await secrets.known()
  const run = async (
    server: 'imap' | 'smtp',
    step: MailStep,
    okMessage: string,
    fn: () => Promise<void>
  ): Promise<boolean> => {
    try {
      await fn()
      steps.push({ server, step, ok: true, message: okMessage })
      return true
    } catch (error) {
      const failure = describeFailure(error, known)
      steps.push({
        server,
        step: failure.step === 'connect' && step !== 'connect' ? step : failure.step,
        ok: false,
        message: failure.message
      })
      return false
    }
  }
  const done = (): MailboxTestResult => {
    const failed = steps.find((s) => !s.ok) ?? null
    return { ok: failed === null, steps, failed }
  }

  const imapPassword = await secrets.password('imap')
  const ok =
    (await run('imap', 'settings', 'IMAP server, login and password are set.', async () => {
      const missing = [
        !settings.imapHost && 'IMAP host',
        !settings.user && 'user',
        !imapPassword && 'password'
      ].filter(Boolean)
      if (missing.length)
        throw new MailFailure('settings', `${STEP_WORDS.settings}: set the ${missing.join(', ')}.`)
    })) &&
    (await run('imap', 'dns', `${settings.imapHost} resolves.`, () => checkDns(settings.imapHost))) &&
    (await run(
      'imap',
      settings.imapTls === 'tls' ? 'tls' : 'connect',
      `Connected to ${settings.imapHost}:${settings.imapPort}.`,
      () => checkSocket(settings.imapHost, settings.imapPort, settings.imapTls === 'tls')
    ))
  if (!ok) return done()
  const client = new ImapFlow(imapOptions(settings, imapPassword ?? ''))
  client.on('error', () => undefined)
  try {
    const loggedIn = await run('imap', 'auth', `Logged in as ${settings.user}.`, async () => {
      try {
        await client.connect()
      } catch (error) {
        const step = stepOf(error)
        // imapflow reports a refused login as a plain failure with authenticationFailed set.
        throw new MailFailure(step === 'connect' ? 'auth' : step, describeFailure(error, known).message)
      }
    })
    if (!loggedIn) return done()
    const opened = await run('imap', 'folder', `Opened the folder "${settings.folder}".`, async () => {
      try {
        await client.mailboxOpen(settings.folder, { readOnly: true })
      } catch (error) {
        const why =
          (error as { responseText?: string; message?: string }).responseText ?? (error as Error).message
        throw new MailFailure('folder', `${STEP_WORDS.folder}: "${settings.folder}" (${why}).`)
      }
    })
    if (!opened) return done()
  } finally {
    await client.logout().catch(() => client.close())
  }

  const smtpPassword = await secrets.password('smtp')
  const smtpReady =
    (await run('smtp', 'settings', 'SMTP server and the From address are set.', async () => {
      const missing = [!settings.smtpHost && 'SMTP host', !shopAddress(settings) && 'From address'].filter(
        Boolean
      )
      if (missing.length)
        throw new MailFailure('settings', `${STEP_WORDS.settings}: set the ${missing.join(', ')}.`)
    })) &&
    (await run('smtp', 'dns', `${settings.smtpHost} resolves.`, () => checkDns(settings.smtpHost))) &&
    (await run(
      'smtp',
      settings.smtpTls === 'tls' ? 'tls' : 'connect',
      `Connected to ${settings.smtpHost}:${settings.smtpPort}.`,
      () => checkSocket(settings.smtpHost, settings.smtpPort, settings.smtpTls === 'tls')
    ))
  if (!smtpReady) return done()
  const transport = nodemailer.createTransport(smtpOptions(settings, smtpPassword ?? ''))
  try {
    await run('smtp', 'auth', `Logged in to ${settings.smtpHost} as ${smtpLogin(settings)}.`, async () => {
      await transport.verify()
    })
  } finally {
    transport.close()
  }
  return done()
}
