/**
 * Splits what the sender wrote from the history their mail app quoted below it, so the thread
 * (and the AI) reads the new text and the quote is folded away. Conservative: when the split would
 * leave nothing, the whole text stays as written.
 */
const QUOTE_HEADERS = [
  /^On .{3,300}wrote:\s*$/, // Gmail, Apple Mail, Thunderbird
  /^Le .{3,300}a écrit\s*:\s*$/,
  /^Am .{3,300}schrieb .{1,200}:\s*$/,
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i, // Outlook
  /^_{10,}\s*$/, // Outlook's rule above a "From:" block
  /^-{2,}\s*Forwarded message\s*-{2,}\s*$/i
]

export function splitQuotedHistory(text: string): { body: string; quoted: string | null } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  let cut = -1
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim() ?? ''
    // "On … wrote:" is sometimes wrapped onto two lines.
    const joined = `${line} ${lines[i + 1]?.trim() ?? ''}`
    if (QUOTE_HEADERS.some((re) => re.test(line)) || /^On .{3,300}wrote:\s*$/.test(joined)) {
      cut = i
      break
    }
    // A block of "> " lines to the end of the message (blank lines and a signature aside) is a quote.
    if (line.startsWith('>') && lines.slice(i).every((l) => l.trim() === '' || l.trim().startsWith('>'))) {
      cut = i
      break
    }
  }
  if (cut < 0) return { body: text.trim(), quoted: null }
  const body = lines.slice(0, cut).join('\n').trim()
  const quoted = lines.slice(cut).join('\n').trim()
  if (!body) return { body: text.trim(), quoted: null }
  return { body, quoted: quoted || null }
}
