import type { ShopRecord } from '../shop-records'
import type { CsvRow } from './csv-source'
import { CellProblem, Columns, type ColumnNames } from './columns'

export type ImportPlatform = 'shopify' | 'woocommerce' | 'jsonl'
export type ImportEntity = 'customers' | 'products' | 'orders'

export interface ReadContext {
  /** The currency of amounts a file does not name (the shop's, or --currency); null when unknown. */
  currency: string | null
}

/** What a reader makes of the rows: records to write, or rows refused with why. */
export type ReadItem =
  | { kind: 'record'; record: ShopRecord; line: number }
  | { kind: 'refused'; line: number; column: string; message: string }

export interface RowReader {
  row(row: CsvRow): void
  end(): void
}

/** One kind of CSV export (Shopify's orders, WooCommerce's products…): how to recognise and read it. */
export interface CsvSourceKind<K extends string = string> {
  id: string
  platform: Exclude<ImportPlatform, 'jsonl'>
  entity: ImportEntity
  /** "Shopify orders export": for messages. */
  label: string
  columns: ColumnNames<K>
  /** A file whose header has all of these is of this kind. */
  signature: readonly NoInfer<K>[]
  /** Without these the file cannot be read at all. */
  required: readonly NoInfer<K>[]
  /** The column a writer's refusal of a record field ("customer.email") points at; `default` for the rest. */
  writerFields: Readonly<Record<string, NoInfer<K>>> & { default: NoInfer<K> }
  reader(columns: Columns<NoInfer<K>>, context: ReadContext, emit: (item: ReadItem) => void): RowReader
}

/** The column, as the file writes it, that a writer's refusal of `field` points at. */
export const columnOfField = <K extends string>(
  kind: CsvSourceKind<K>,
  columns: Columns<K>,
  field: string
): string => columns.name(kind.writerFields[field] ?? kind.writerFields.default)

export const defineSourceKind = <K extends string>(kind: CsvSourceKind<K>): CsvSourceKind<K> => kind

/** Rows of one order (or one product) follow each other; this many is already absurd. */
export const MAX_ROWS_PER_GROUP = 10_000

/**
 * Collects consecutive rows that share a key (an order's name, a product's handle) and hands each
 * finished group on. A runaway group (every row the same key) stops growing at MAX_ROWS_PER_GROUP.
 */
export class ConsecutiveGroups {
  private key: string | null = null
  private rows: CsvRow[] = []
  private overflow = false

  constructor(private readonly onGroup: (key: string, rows: CsvRow[], overflow: boolean) => void) {}

  push(key: string, row: CsvRow): void {
    if (key !== this.key) this.end()
    this.key = key
    if (this.rows.length < MAX_ROWS_PER_GROUP) this.rows.push(row)
    else this.overflow = true
  }

  end(): void {
    if (this.key !== null && this.rows.length > 0) this.onGroup(this.key, this.rows, this.overflow)
    this.key = null
    this.rows = []
    this.overflow = false
  }
}

/**
 * Runs `read` for one row (or group) and turns a CellProblem into a refused row at the row being
 * read, naming the column as the file writes it.
 */
export function refuseProblems<K extends string>(
  columns: Columns<K>,
  emit: (item: ReadItem) => void,
  read: (at: { row: CsvRow }) => void,
  first: CsvRow,
  also = ''
): void {
  const at = { row: first }
  try {
    read(at)
  } catch (error) {
    if (!(error instanceof CellProblem)) throw error
    const field = error.field as K
    const column = field in columns.documented ? columns.name(field) : error.field
    emit({ kind: 'refused', line: at.row.line, column, message: `${error.message}${also}` })
  }
}

/**
 * A reader for exports whose orders span consecutive rows sharing the order's key (one row per line
 * item). A row without the key is refused; each order's rows go to `read`, and a CellProblem it
 * throws refuses the whole order, at the row and column at fault, naming the order's lines.
 */
export function readOrderGroups<K extends string>(options: {
  columns: Columns<K>
  emit: (item: ReadItem) => void
  key: K
  keyRequired: string
  /** Reads one order's rows (the first holds the order's own fields) into a record; `at.row` is kept on the row being read. */
  read(key: string, first: CsvRow, rows: readonly CsvRow[], at: { row: CsvRow }): ShopRecord
}): RowReader {
  const { columns, emit, key } = options
  const groups = new ConsecutiveGroups((id, rows, overflow) => {
    const [first] = rows
    if (!first) return
    const lines =
      rows.length > 1
        ? `; nothing of it was imported (order ${id}, lines ${first.line}–${rows.at(-1)?.line})`
        : ''
    refuseProblems(
      columns,
      emit,
      (at) => {
        if (overflow) throw new CellProblem(key, `order ${id} has more than ${rows.length} rows`)
        const record = options.read(id, first, rows, at)
        emit({ kind: 'record', record, line: first.line })
      },
      first,
      lines
    )
  })
  return {
    row(row) {
      const id = columns.cell(row.cells, key)
      if (id === '') {
        groups.end()
        emit({ kind: 'refused', line: row.line, column: columns.name(key), message: options.keyRequired })
        return
      }
      groups.push(id, row)
    },
    end: () => groups.end()
  }
}
