import { createReadStream } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import { Transform, type TransformCallback } from 'node:stream'
import { parse, type Options, type Parser } from 'csv-parse'

type RowOptions = Options<CsvRow, string[]>

/** One CSV record and the line of the file it starts on (1 is the header's line). */
export interface CsvRow {
  line: number
  cells: string[]
}

/** A record the parser could not read (an unclosed quote): reported, and the rest of the file goes on. */
export interface CsvSyntaxError {
  line: number
  message: string
}

export type CsvChunkItem = CsvRow | CsvSyntaxError
export const isSyntaxError = (item: CsvChunkItem): item is CsvSyntaxError => 'message' in item

const ROWS_PER_CHUNK = 2000

/**
 * Decodes UTF-8, drops a byte-order mark and turns Windows (CRLF) and old Mac (CR) line ends into
 * LF, so that every line of the file is one `\n` and the parser's line count is the file's: a
 * CRLF file otherwise numbers its lines one off after the first record.
 */
class TextNormalizer extends Transform {
  private readonly decoder = new StringDecoder('utf8')
  private first = true
  private pendingCr = false

  constructor() {
    super({ readableObjectMode: false, decodeStrings: true, encoding: 'utf8' })
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.emitText(this.decoder.write(chunk))
    done()
  }

  override _flush(done: TransformCallback): void {
    this.emitText(this.decoder.end())
    if (this.pendingCr) this.push('\n')
    done()
  }

  private emitText(decoded: string): void {
    let text = decoded
    if (this.first && text.length > 0) {
      this.first = false
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    }
    if (this.pendingCr) {
      text = `\r${text}`
      this.pendingCr = false
    }
    // A CR at the very end may be the first half of a CRLF split across chunks.
    if (text.endsWith('\r')) {
      this.pendingCr = true
      text = text.slice(0, -1)
    }
    if (text.length > 0) this.push(text.replace(/\r\n?/g, '\n'))
  }
}

export interface CsvSource {
  /** The header's cells, as written (trimmed). */
  header: string[]
  /** The records after the header, a few thousand at a time. */
  chunks(): AsyncGenerator<CsvChunkItem[]>
  /** The first records, read with the header (before chunks() starts). */
  buffered(): readonly CsvRow[]
  /** Bytes of the file read so far, for progress. */
  bytesRead(): number
  close(): void
}

/**
 * Streams a CSV file through csv-parse: memory stays flat whatever its size. Quoted commas and
 * newlines, doubled quotes, a BOM and Windows line ends are read as Excel and the shops write them;
 * a stray quote inside an unquoted field is kept as text (relax_quotes).
 */
export async function openCsvSource(path: string): Promise<CsvSource> {
  const file = createReadStream(path, { highWaterMark: 256 * 1024 })
  let bytes = 0
  file.on('data', (chunk) => {
    bytes += chunk.length
  })
  let lastLine = 0
  const pendingErrors: CsvSyntaxError[] = []
  const options: RowOptions = {
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    on_record: (cells: string[], context): CsvRow => {
      const row: CsvRow = { line: lastLine + 1, cells }
      lastLine = context.lines
      return row
    },
    on_skip: (error) => {
      pendingErrors.push({ line: lastLine + 1, message: error?.message ?? 'unreadable CSV record' })
      if (typeof error?.lines === 'number') lastLine = error.lines
      return undefined
    }
  }
  // The typings tie on_record's result to the columns option; records here are CsvRow objects.
  const parser: Parser = parse(options as unknown as Options)
  file.on('error', (error) => parser.destroy(error))
  file.pipe(new TextNormalizer()).pipe(parser)

  const reader = chunkReader(parser, pendingErrors)
  const first = await reader.next()
  const headerChunk = first.done ? [] : first.value
  const [headerItem, ...rest] = headerChunk
  const header = headerItem && !isSyntaxError(headerItem) ? headerItem.cells.map((cell) => cell.trim()) : []

  return {
    header,
    async *chunks() {
      if (rest.length > 0) yield rest
      for (;;) {
        const next = await reader.next()
        if (next.done) return
        yield next.value
      }
    },
    buffered: () => rest.filter((item): item is CsvRow => !isSyntaxError(item)),
    bytesRead: () => bytes,
    close: () => {
      file.destroy()
      parser.destroy()
    }
  }
}

async function* chunkReader(parser: Parser, errors: CsvSyntaxError[]): AsyncGenerator<CsvChunkItem[]> {
  let ended = false
  let failure: Error | null = null
  let wake: (() => void) | null = null
  const notify = () => {
    const resume = wake
    wake = null
    resume?.()
  }
  parser.on('readable', notify)
  parser.on('end', () => {
    ended = true
    notify()
  })
  parser.on('error', (error) => {
    failure = error
    notify()
  })
  for (;;) {
    const chunk: CsvChunkItem[] = []
    let row: CsvRow | null
    while (chunk.length < ROWS_PER_CHUNK && (row = parser.read() as CsvRow | null) !== null) {
      if (errors.length > 0) chunk.push(...errors.splice(0))
      chunk.push(row)
    }
    if (errors.length > 0) chunk.push(...errors.splice(0))
    if (chunk.length > 0) {
      yield chunk
      continue
    }
    if (failure) throw failure
    if (ended) return
    await new Promise<void>((resolve) => {
      wake = resolve
    })
  }
}
