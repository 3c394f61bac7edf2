import { closeSync, openSync, writeSync } from 'node:fs'
import { csvLine } from '../../../shared/csv-cell'
import type { RefusedRow } from '../../../shared/domain/shop'

const FLUSH_AT = 64 * 1024

/** Every refused row of an import, as CSV (file, line, column, why), written as they come: memory stays flat. */
export interface RefusedReport {
  write(row: RefusedRow): void
  close(): void
  readonly rows: number
}

export function createRefusedReport(path: string): RefusedReport {
  const fd = openSync(path, 'w')
  let buffer = `${csvLine(['file', 'line', 'column', 'why'])}\n`
  let rows = 0
  const flush = () => {
    if (buffer.length > 0) writeSync(fd, buffer)
    buffer = ''
  }
  return {
    write(row) {
      rows += 1
      buffer += `${csvLine([row.file, row.line, row.column, row.message])}\n`
      if (buffer.length >= FLUSH_AT) flush()
    },
    close() {
      flush()
      closeSync(fd)
    },
    get rows() {
      return rows
    }
  }
}
