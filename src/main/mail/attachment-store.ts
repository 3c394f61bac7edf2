import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Attachments beside the database, one file per content (named by its SHA-256): reading an email
 * again after a crash writes the same file, and the same attachment sent twice is kept once.
 */
export interface AttachmentStore {
  /** Keeps the content and returns its name, or null when it is over the cap (it is then only listed). */
  keep(content: Buffer): string | null
}

export const ATTACHMENT_CAP_BYTES = 10 * 1024 * 1024

export function createAttachmentStore(dir: string | null, capBytes = ATTACHMENT_CAP_BYTES): AttachmentStore {
  return {
    keep(content) {
      if (!dir || content.length > capBytes) return null
      const name = createHash('sha256').update(content).digest('hex')
      const file = join(dir, name)
      if (existsSync(file)) return name
      mkdirSync(dir, { recursive: true, mode: 0o700 })
      const temp = `${file}.${process.pid}.tmp`
      writeFileSync(temp, content, { mode: 0o600 })
      renameSync(temp, file)
      return name
    }
  }
}
