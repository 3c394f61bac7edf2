import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import nodemailer from 'nodemailer'

/**
 * A real IMAP server for the email tests and the mail benchmark: Debian's dovecot (IMAP and LMTP)
 * started in the foreground on 127.0.0.1 with a configuration and folders of its own, stopped by
 * its PID. Its login processes run as dovenull and the mail as the `mail` user, so it needs root.
 */

export const DOVECOT = '/usr/sbin/dovecot'

/** Why the mail-server tests cannot run here, or null when they can. */
export function mailServersProblem(): string | null {
  if (!existsSync(DOVECOT)) return `${DOVECOT} is missing: apt-get install -y dovecot-imapd dovecot-lmtpd`
  if (!existsSync('/usr/lib/dovecot/lmtp'))
    return 'dovecot-lmtpd is missing: apt-get install -y dovecot-lmtpd'
  if (process.getuid?.() !== 0)
    return 'the test dovecot runs its mail as the `mail` user, which needs root to start'
  return null
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

const waitForPort = async (port: number, timeoutMs = 10_000): Promise<void> => {
  const until = Date.now() + timeoutMs
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => (socket.destroy(), resolve(true)))
      socket.once('error', () => resolve(false))
    })
    if (open) return
    if (Date.now() > until) throw new Error(`nothing listens on 127.0.0.1:${port}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

export interface Dovecot {
  imapPort: number
  lmtpPort: number
  /** Maildir of a user, for tests that look at the files. */
  dir: string
  /** Delivers a raw message into a user's INBOX over LMTP (as the shop's MX would). */
  deliver(to: string, raw: string | Buffer, from?: string): Promise<void>
  /** Changes a folder's UIDVALIDITY, as a server does when a mailbox is rebuilt. */
  resetUidValidity(user: string, folder?: string): Promise<void>
  /**
   * Drops messages straight into a user's Maildir (as a local delivery agent does); dovecot gives
   * them UIDs when the folder is next opened. Much faster than LMTP for thousands of messages.
   */
  fillMaildir(user: string, messages: readonly (string | Buffer)[]): void
  /** Stops dovecot by its PID and removes its files. */
  stop(): Promise<void>
  log(): string
}

const mailIds = (): { uid: number; gid: number } => ({
  uid: Number(execFileSync('id', ['-u', 'mail']).toString().trim()),
  gid: Number(execFileSync('id', ['-g', 'mail']).toString().trim())
})

/** Starts dovecot with one passwd-file user per entry (`user@host` → password). */
export async function startDovecot(users: Record<string, string>): Promise<Dovecot> {
  const { uid: MAIL_UID, gid: MAIL_GID } = mailIds()
  const dir = mkdtempSync(join(tmpdir(), 'frontline-dovecot-'))
  // The login processes run as dovenull and the mail as `mail`: both must reach into this folder.
  chmodSync(dir, 0o755)
  const mailRoot = join(dir, 'mail')
  mkdirSync(mailRoot, { mode: 0o755 })
  chownSync(mailRoot, MAIL_UID, MAIL_GID)
  const [imapPort, lmtpPort] = [await freePort(), await freePort()]
  writeFileSync(
    join(dir, 'passwd'),
    Object.entries(users)
      .map(
        ([user, password]) => `${user}:{PLAIN}${password}:${MAIL_UID}:${MAIL_GID}::${join(mailRoot, user)}::`
      )
      .join('\n') + '\n'
  )
  const config = join(dir, 'dovecot.conf')
  writeFileSync(
    config,
    `base_dir = ${join(dir, 'run')}
state_dir = ${join(dir, 'state')}
instance_name = frontline-test-${imapPort}
protocols = imap lmtp
listen = 127.0.0.1
log_path = ${join(dir, 'dovecot.log')}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = dovenull
default_internal_user = mail
default_internal_group = mail
first_valid_uid = ${MAIL_UID}
mail_location = maildir:~/Maildir
mail_uid = ${MAIL_UID}
mail_gid = ${MAIL_GID}
lmtp_save_to_detail_mailbox = no
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${join(dir, 'passwd')}
}
userdb {
  driver = passwd-file
  args = username_format=%u ${join(dir, 'passwd')}
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${imapPort}
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${lmtpPort}
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0600
  }
  unix_listener stats-writer {
    mode = 0600
  }
}
`
  )
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', config], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  const log = (): string => {
    const file = join(dir, 'dovecot.log')
    return output + (existsSync(file) ? readFileSync(file, 'utf8') : '')
  }
  try {
    await Promise.all([waitForPort(imapPort), waitForPort(lmtpPort)])
  } catch (error) {
    child.kill('SIGKILL')
    throw new Error(`dovecot did not start: ${(error as Error).message}\n${log()}`)
  }
  const lmtp = nodemailer.createTransport({
    host: '127.0.0.1',
    port: lmtpPort,
    lmtp: true,
    secure: false,
    ignoreTLS: true
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))

  return {
    imapPort,
    lmtpPort,
    dir: mailRoot,
    log,
    async deliver(to, raw, from = 'sender@example.net') {
      await lmtp.sendMail({ envelope: { from, to: [to] }, raw })
    },
    fillMaildir(user, messages) {
      const maildir = join(mailRoot, user, 'Maildir')
      for (const part of ['', 'cur', 'new', 'tmp']) {
        mkdirSync(join(maildir, part), { recursive: true, mode: 0o700 })
      }
      for (const path of [
        join(mailRoot, user),
        maildir,
        ...['cur', 'new', 'tmp'].map((p) => join(maildir, p))
      ]) {
        chownSync(path, MAIL_UID, MAIL_GID)
      }
      const stamp = Math.floor(Date.now() / 1000)
      messages.forEach((message, i) => {
        const file = join(maildir, 'new', `${stamp}.M${i}P${process.pid}.frontline`)
        writeFileSync(file, message)
        chownSync(file, MAIL_UID, MAIL_GID)
      })
    },
    async resetUidValidity(user, folder = 'INBOX') {
      const maildir = join(mailRoot, user, 'Maildir', ...(folder === 'INBOX' ? [] : [`.${folder}`]))
      // dovecot keeps UIDVALIDITY in the Maildir's uidlist and index: removing them rebuilds both with a new one.
      for (const file of ['dovecot-uidlist', 'dovecot.index', 'dovecot.index.cache', 'dovecot.index.log']) {
        rmSync(join(maildir, file), { force: true })
      }
      // UIDVALIDITY is the time of creation in seconds: make sure the new one differs.
      await new Promise((r) => setTimeout(r, 1100))
    },
    async stop() {
      lmtp.close()
      if (child.exitCode === null && child.pid) {
        process.kill(child.pid, 'SIGTERM')
        const timer = setTimeout(
          () => child.pid && child.exitCode === null && process.kill(child.pid, 'SIGKILL'),
          5000
        )
        await exited
        clearTimeout(timer)
      }
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
