import { randomUUID } from 'node:crypto'
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { UPLOAD_CHUNK_BYTES } from '../../../shared/domain/shop'
import { AppFailure } from '../../../shared/result'

/** Uploads not finished or not imported within this long are dropped (a closed tab, a lost connection). */
const IDLE_MS = 60 * 60 * 1000
/** Uploads open at once: two imports' worth of files. */
const MAX_OPEN = 40

interface Upload {
  id: string
  name: string
  size: number
  received: number
  path: string
  touchedAt: number
}

export interface CompleteUpload {
  path: string
  name: string
  size: number
}

/**
 * Export files sent from the console in bounded chunks, written straight to a folder beside the
 * database: no file is ever held in memory, and the renderer never names a path on the core's disk.
 * Chunks arrive in order; a retried chunk is refused with the offset the store expects.
 */
export interface UploadStore {
  begin(name: string, size: number): { uploadId: string; chunkBytes: number }
  append(
    uploadId: string,
    offset: number,
    bytes: Buffer
  ): { uploadId: string; received: number; size: number }
  /** A finished upload, handed over to an import, which deletes it when done. */
  take(uploadId: string, field: string): CompleteUpload
  discard(path: string): void
  close(): void
}

export function createUploadStore(dir: string, now: () => number = Date.now): UploadStore {
  const uploads = new Map<string, Upload>()

  const notFound = (uploadId: string, field: string) =>
    new AppFailure('not_found', `No upload ${uploadId}: it expired or was never begun.`, [
      { field, message: 'unknown upload' }
    ])

  function dropIdle(): void {
    for (const upload of uploads.values()) {
      if (now() - upload.touchedAt > IDLE_MS) {
        uploads.delete(upload.id)
        rmSync(upload.path, { force: true })
      }
    }
  }

  return {
    begin(name, size) {
      dropIdle()
      if (uploads.size >= MAX_OPEN) {
        throw new AppFailure(
          'conflict',
          `${MAX_OPEN} uploads are already open; import or wait for them first.`
        )
      }
      mkdirSync(dir, { recursive: true, mode: 0o700 })
      const id = `UPL-${randomUUID()}`
      const path = join(dir, `${id}.upload`)
      closeSync(openSync(path, 'w', 0o600))
      uploads.set(id, { id, name: name.replace(/[/\\]/g, '_'), size, received: 0, path, touchedAt: now() })
      return { uploadId: id, chunkBytes: UPLOAD_CHUNK_BYTES }
    },

    append(uploadId, offset, bytes) {
      const upload = uploads.get(uploadId)
      if (!upload) throw notFound(uploadId, 'uploadId')
      if (offset !== upload.received) {
        throw new AppFailure('conflict', `This upload expects the bytes from offset ${upload.received}.`, [
          { field: 'offset', message: `expected ${upload.received}` }
        ])
      }
      if (upload.received + bytes.length > upload.size) {
        throw new AppFailure('invalid_input', `The file is larger than the ${upload.size} bytes announced.`, [
          { field: 'data', message: 'more bytes than announced' }
        ])
      }
      const fd = openSync(upload.path, 'a')
      try {
        writeSync(fd, bytes)
      } finally {
        closeSync(fd)
      }
      upload.received += bytes.length
      upload.touchedAt = now()
      return { uploadId, received: upload.received, size: upload.size }
    },

    take(uploadId, field) {
      const upload = uploads.get(uploadId)
      if (!upload) throw notFound(uploadId, field)
      if (upload.received !== upload.size) {
        throw new AppFailure('invalid_input', `${upload.name} is not fully uploaded yet.`, [
          { field, message: `${upload.received} of ${upload.size} bytes received` }
        ])
      }
      uploads.delete(uploadId)
      return { path: upload.path, name: upload.name, size: upload.size }
    },

    discard(path) {
      rmSync(path, { force: true })
    },

    close() {
      for (const upload of uploads.values()) rmSync(upload.path, { force: true })
      uploads.clear()
    }
  }
}
