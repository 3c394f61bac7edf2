import { SMTPServer } from 'smtp-server'
import { freePort, type Dovecot } from '../../src/main/bench/dovecot-server'

export { DOVECOT, mailServersProblem, startDovecot, type Dovecot } from '../../src/main/bench/dovecot-server'

/**
 * Real mail servers for the email tests, on 127.0.0.1: dovecot (see dovecot-server.ts), and an SMTP
 * server (the `smtp-server` package) that delivers what it accepts into dovecot over LMTP, so a
 * test reads a sent reply back over IMAP.
 */

export interface SmtpRelay {
  port: number
  /** Envelope recipients refused with 550, as a server does for an unknown mailbox. */
  refuse: Set<string>
  received: { from: string; to: string[]; raw: Buffer }[]
  stop(): Promise<void>
}

/**
 * An SMTP server on 127.0.0.1 that asks for a login (`user`/`password`) and hands each accepted
 * message to dovecot over LMTP: the customer's mailbox receives what the shop sends.
 */
export async function startSmtpRelay(options: {
  dovecot: Dovecot
  user: string
  password: string
}): Promise<SmtpRelay> {
  const port = await freePort()
  const refuse = new Set<string>()
  const received: SmtpRelay['received'] = []
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password) {
        callback(null, { user: auth.username })
        return
      }
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }))
    },
    onRcptTo(address, _session, callback) {
      if (refuse.has(address.address.toLowerCase())) {
        callback(
          Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), {
            responseCode: 550
          })
        )
        return
      }
      callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks)
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : ''
        const to = session.envelope.rcptTo.map((r) => r.address)
        received.push({ from, to, raw })
        Promise.all(
          to.map((rcpt) => options.dovecot.deliver(rcpt, raw, from || 'MAILER-DAEMON@localhost'))
        ).then(
          () => callback(),
          (error: unknown) => callback(error as Error)
        )
      })
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  return {
    port,
    refuse,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
