/**
 * Customer email for the ingest benchmark and the crash test: deterministic, and mixed as a support
 * mailbox is (new questions, replies quoting earlier mail, HTML newsletters-style mail, auto-replies,
 * an attachment now and then), from a few hundred senders, so threads and contacts form as in life.
 */
export interface FixtureOptions {
  count: number
  /** Where the mail is addressed. */
  to: string
  senders?: number
}

const TOPICS = [
  'Where is my order?',
  'Wrong size',
  'Refund please',
  'Broken zipper',
  'Do you ship to Iceland?',
  'Discount code'
]

export function fixtureEmails(options: FixtureOptions): string[] {
  const senders = options.senders ?? 400
  const out: string[] = []
  const firstOfSender = new Map<number, string>()
  for (let i = 0; i < options.count; i++) {
    const sender = (i * 7919) % senders
    const from = `customer${sender}@mail${sender % 13}.example`
    const messageId = `fixture-${i}@mail${sender % 13}.example`
    const topic = TOPICS[i % TOPICS.length] ?? 'Question'
    const earlier = firstOfSender.get(sender)
    const headers = [
      `From: "Customer ${sender}" <${from}>`,
      `To: ${options.to}`,
      `Subject: ${earlier ? `Re: ${topic}` : topic}`,
      `Date: ${new Date(Date.UTC(2026, 10, 1) + i * 60_000).toUTCString()}`,
      `Message-ID: <${messageId}>`,
      'MIME-Version: 1.0',
      ...(earlier ? [`In-Reply-To: <${earlier}>`, `References: <${earlier}>`] : []),
      ...(i % 50 === 7 ? ['Auto-Submitted: auto-replied'] : [])
    ]
    let body: string
    if (i % 10 === 3) {
      headers.push('Content-Type: text/html; charset=utf-8')
      body = `<html><body><p>Hello,</p><p>about <b>${topic.toLowerCase()}</b>: order ORD-20261101-${String(i % 10_000).padStart(4, '0')}.</p><img src="https://cdn.example/p.gif"></body></html>`
    } else if (i % 25 === 11) {
      const boundary = `b${i}`
      headers.push(`Content-Type: multipart/mixed; boundary="${boundary}"`)
      body = [
        `--${boundary}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        `Photo attached for ${topic.toLowerCase()}.`,
        `--${boundary}`,
        `Content-Type: image/jpeg; name="photo-${i}.jpg"`,
        `Content-Disposition: attachment; filename="photo-${i}.jpg"`,
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.alloc(3000, i % 256)
          .toString('base64')
          .replace(/.{76}/g, '$&\r\n'),
        `--${boundary}--`
      ].join('\r\n')
    } else {
      headers.push('Content-Type: text/plain; charset=utf-8')
      body =
        `Hi,\r\n\r\n${topic} (message ${i}).\r\nThanks, Customer ${sender}` +
        (earlier
          ? `\r\n\r\nOn Sat, Nov 1, 2026, Support wrote:\r\n> We are looking into it.\r\n> Regards`
          : '')
    }
    if (!earlier) firstOfSender.set(sender, messageId)
    out.push(`${headers.join('\r\n')}\r\n\r\n${body}\r\n`)
  }
  return out
}
