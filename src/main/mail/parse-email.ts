import { createHash } from 'node:crypto'
import { convert } from 'html-to-text'
import { simpleParser, type AddressObject } from 'mailparser'
import type { Automatic } from '../db/repositories/email'
import { classifyAutomatic, type HeaderView } from './automatic-mail'
import { splitQuotedHistory } from './quoted-history'

/** An email as the shop's thread needs it: plain text only, the quote apart, attachments listed. */
export interface InboundEmail {
  messageId: string
  inReplyTo: string | null
  /** References, oldest first, then In-Reply-To: the ids that may name the thread. */
  references: string[]
  from: { address: string; name: string }
  to: string
  subject: string
  date: Date | null
  body: string
  quoted: string | null
  automatic: Automatic | null
  /** For bounces: the Message-IDs the report mentions (the email that could not be delivered) and why. */
  bounce: { mentionedIds: string[]; reason: string } | null
  attachments: { filename: string; contentType: string; size: number; content: Buffer }[]
}

const MAX_BODY_CHARS = 100_000

const bareId = (id: string): string => id.trim().replace(/^<|>$/g, '').trim()

const idsOf = (value: string | string[] | undefined): string[] => {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '')
  return [...text.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1] ?? '').filter(Boolean)
}

const addressText = (value: AddressObject | AddressObject[] | undefined): string =>
  (Array.isArray(value) ? value : value ? [value] : [])
    .flatMap((a) => a.value.map((v) => v.address ?? ''))
    .filter(Boolean)
    .join(', ')

/**
 * HTML mail as text: no markup reaches the console, so nothing remote loads and no script runs.
 * Images become nothing, links keep their address in brackets.
 */
export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' },
      { selector: 'head', format: 'skip' },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } }
    ]
  })
}

/** Header lines as sent, unfolded, looked up by name without case. */
function headerView(lines: readonly { key: string; line: string }[]): HeaderView {
  const byName = new Map<string, string>()
  for (const { key, line } of lines) {
    if (byName.has(key)) continue
    const colon = line.indexOf(':')
    byName.set(
      key.toLowerCase(),
      line
        .slice(colon + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim()
    )
  }
  return { get: (name) => byName.get(name.toLowerCase()) }
}

/** What a delivery report says went wrong, in its own words. */
function bounceReason(source: string): string {
  const diagnostic = /^Diagnostic-Code:\s*(?:smtp;\s*)?(.+(?:\r?\n[ \t].+)*)/im.exec(source)?.[1]
  const status = /^Status:\s*(\S+)/im.exec(source)?.[1]
  const text = diagnostic?.replace(/\s+/g, ' ').trim()
  if (text) return `The customer's mail server refused it: ${text.slice(0, 300)}`
  return status ? `The email bounced (status ${status}).` : 'The email bounced.'
}

export async function parseEmail(
  source: Buffer,
  shopAddresses: readonly string[] = []
): Promise<InboundEmail> {
  const parsed = await simpleParser(source, {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true
  })
  const headers = headerView(parsed.headerLines)
  const messageId = parsed.messageId
    ? bareId(parsed.messageId)
    : // No Message-ID: the content names it, so reading the same email again still finds it stored.
      `sha256-${createHash('sha256').update(source).digest('hex')}@frontline.invalid`
  const inReplyTo = parsed.inReplyTo ? (idsOf(parsed.inReplyTo)[0] ?? bareId(parsed.inReplyTo)) : null
  const references = idsOf(parsed.references)
  if (inReplyTo && !references.includes(inReplyTo)) references.push(inReplyTo)
  const sender = parsed.from?.value[0]
  const from = { address: (sender?.address ?? '').trim(), name: (sender?.name ?? '').trim() }
  const text =
    typeof parsed.text === 'string' && parsed.text.trim()
      ? parsed.text
      : typeof parsed.html === 'string'
        ? htmlToText(parsed.html)
        : ''
  const automatic = classifyAutomatic(headers, from.address, shopAddresses)
  const { body, quoted } = splitQuotedHistory(text.slice(0, MAX_BODY_CHARS))
  const raw = automatic === 'bounce' ? source.toString('utf8') : ''
  return {
    messageId,
    inReplyTo,
    references,
    from,
    to: addressText(parsed.to),
    subject: (parsed.subject ?? '').trim(),
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null,
    body,
    quoted,
    automatic,
    bounce:
      automatic === 'bounce'
        ? {
            mentionedIds: [...new Set(idsOf(raw))].filter((id) => id !== messageId).slice(0, 50),
            reason: bounceReason(raw)
          }
        : null,
    attachments: parsed.attachments
      .filter((a) => !a.related)
      .map((a) => ({
        filename: a.filename ?? 'attachment',
        contentType: a.contentType || 'application/octet-stream',
        size: a.size ?? a.content.length,
        content: a.content
      }))
  }
}
