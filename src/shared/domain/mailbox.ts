import { z } from 'zod'

/**
 * The email channel as the console sees it: the shop's mailbox (IMAP in, SMTP out), its state, the
 * outcome of "Test connection", and what each email in a thread carries beyond its text.
 */

/** 'tls': TLS from the first byte (IMAPS 993, SMTPS 465); 'starttls': upgraded after connecting; 'none': plain, for a server on this machine. */
export const MailTls = z.enum(['tls', 'starttls', 'none'])
export type MailTls = z.infer<typeof MailTls>

const Host = z.string().trim().max(255)
const Port = z.number().int().min(1).max(65_535)
const Address = z.union([z.literal(''), z.email('expected an email address such as support@shop.example')])

/** Each setting's schema; the settings give them defaults, a patch makes them all optional. */
const mailboxFields = {
  /** Read the folder and send replies; off until a person turns it on. */
  enabled: z.boolean(),
  imapHost: Host,
  imapPort: Port,
  imapTls: MailTls,
  /** The login of both servers unless smtpUser says otherwise. */
  user: z.string().trim().max(320),
  folder: z.string().trim().min(1).max(200),
  smtpHost: Host,
  smtpPort: Port,
  smtpTls: MailTls,
  /** Empty: the IMAP login. */
  smtpUser: z.string().trim().max(320),
  /** The address replies come from; empty: the login, when it is an address. */
  address: Address,
  displayName: z.string().trim().max(100),
  /** Ask the AI for a draft when a customer's email arrives (never for auto-replies, bounces, lists). */
  draftOnArrival: z.boolean(),
  /** How often the folder is checked besides IDLE's pushes (and instead of them where the server has no IDLE). */
  pollSeconds: z.number().int().min(5).max(3600)
}

export const MailboxSettings = z
  .object({
    enabled: mailboxFields.enabled.default(false),
    imapHost: mailboxFields.imapHost.default(''),
    imapPort: mailboxFields.imapPort.default(993),
    imapTls: mailboxFields.imapTls.default('tls'),
    user: mailboxFields.user.default(''),
    folder: mailboxFields.folder.default('INBOX'),
    smtpHost: mailboxFields.smtpHost.default(''),
    smtpPort: mailboxFields.smtpPort.default(465),
    smtpTls: mailboxFields.smtpTls.default('tls'),
    smtpUser: mailboxFields.smtpUser.default(''),
    address: mailboxFields.address.default(''),
    displayName: mailboxFields.displayName.default('Support team'),
    draftOnArrival: mailboxFields.draftOnArrival.default(true),
    pollSeconds: mailboxFields.pollSeconds.default(60)
  })
  .strict()
export type MailboxSettings = z.infer<typeof MailboxSettings>

export const MailboxSettingsPatch = z.object(mailboxFields).partial().strict()
export type MailboxSettingsPatch = z.infer<typeof MailboxSettingsPatch>

/** The step of a connection that failed, so a person knows what to fix. */
export const MailStep = z.enum(['settings', 'dns', 'connect', 'tls', 'auth', 'folder', 'send'])
export type MailStep = z.infer<typeof MailStep>

export const MailboxState = z.enum(['off', 'connecting', 'watching', 'syncing', 'error'])

export const MailboxStatus = z.object({
  state: MailboxState,
  /** 'idle': the server pushes new mail (IMAP IDLE); 'poll': Frontline asks every pollSeconds. */
  mode: z.enum(['idle', 'poll']).nullable(),
  folder: z.string(),
  lastUid: z.number().int(),
  lastSyncAt: z.string().nullable(),
  /** Emails stored since the core started. */
  ingested: z.number().int(),
  lastError: z.object({ step: MailStep, message: z.string() }).nullable(),
  outbox: z.object({ queued: z.number().int(), failed: z.number().int(), unknown: z.number().int() })
})
export type MailboxStatus = z.infer<typeof MailboxStatus>

export const MailboxView = z.object({
  settings: MailboxSettings,
  /** Whether a password is stored; the password never leaves the core. */
  passwordSet: z.boolean(),
  smtpPasswordSet: z.boolean(),
  status: MailboxStatus
})
export type MailboxView = z.infer<typeof MailboxView>

export const MailboxTestStep = z.object({
  server: z.enum(['imap', 'smtp']),
  step: MailStep,
  ok: z.boolean(),
  message: z.string()
})
export const MailboxTestResult = z.object({
  ok: z.boolean(),
  /** The steps tried, in order; the first failed one is the last. */
  steps: z.array(MailboxTestStep),
  failed: MailboxTestStep.nullable()
})
export type MailboxTestResult = z.infer<typeof MailboxTestResult>

export const EmailDeliveryStatus = z.enum(['queued', 'sending', 'sent', 'failed', 'unknown'])
export type EmailDeliveryStatus = z.infer<typeof EmailDeliveryStatus>

export const EmailDelivery = z.object({
  outboxId: z.string(),
  status: EmailDeliveryStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  queuedAt: z.string(),
  sentAt: z.string().nullable()
})
export type EmailDelivery = z.infer<typeof EmailDelivery>

export const EmailAttachment = z.object({
  id: z.number().int(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  /** False when it was over the size cap: listed, not kept. */
  stored: z.boolean()
})
export type EmailAttachment = z.infer<typeof EmailAttachment>

export const EmailAutomatic = z.enum(['auto_reply', 'bounce', 'list', 'own'])

/** What an email in a thread carries beyond its text, by the thread message it belongs to. */
export const EmailMessageInfo = z.object({
  messageId: z.number().int(),
  direction: z.enum(['in', 'out']),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  automatic: EmailAutomatic.nullable(),
  /** The quoted history the sender's mail app appended, folded away in the thread. */
  quoted: z.string().nullable(),
  attachments: z.array(EmailAttachment),
  /** Outbound only: where the email is on its way. */
  delivery: EmailDelivery.nullable()
})
export type EmailMessageInfo = z.infer<typeof EmailMessageInfo>
