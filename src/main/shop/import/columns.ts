/**
 * A CSV file's columns, found by name whatever their position, case or punctuation: "Lineitem sku",
 * "lineitem_sku" and "LineItem SKU" are one column. Each field a reader needs lists the names the
 * platforms' exports give it (see docs/shop-import.md).
 */
export const headerKey = (name: string): string =>
  name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '')

export type ColumnNames<K extends string> = Readonly<Record<K, readonly string[]>>

/** A cell that cannot be read, naming the field whose column it sits in. */
export class CellProblem extends Error {
  constructor(
    readonly field: string,
    message: string
  ) {
    super(message)
    this.name = 'CellProblem'
  }
}

export class Columns<K extends string> {
  private readonly index = new Map<K, number>()
  private readonly written = new Map<K, string>()

  constructor(
    header: readonly string[],
    /** The names each field may have, as documented. */
    readonly documented: ColumnNames<K>
  ) {
    const names = documented
    const positions = new Map<string, number>()
    header.forEach((name, i) => {
      const key = headerKey(name)
      if (!positions.has(key)) positions.set(key, i)
    })
    for (const field of Object.keys(names) as K[]) {
      for (const alias of names[field]) {
        const at = positions.get(headerKey(alias))
        if (at !== undefined) {
          this.index.set(field, at)
          this.written.set(field, header[at] ?? alias)
          break
        }
      }
    }
  }

  has(field: K): boolean {
    return this.index.has(field)
  }

  /** The column's header as the file writes it, or the documented name when the file has no such column. */
  name(field: K): string {
    return this.written.get(field) ?? this.documented[field][0] ?? field
  }

  /** The cell, trimmed; '' when the row or the file has no such cell. */
  cell(cells: readonly string[], field: K): string {
    const at = this.index.get(field)
    return at === undefined ? '' : (cells[at]?.trim() ?? '')
  }

  missing(required: readonly K[]): K[] {
    return required.filter((field) => !this.index.has(field))
  }

  /** How many of these fields the file has: a file is recognised by the columns it carries. */
  count(fields: readonly K[]): number {
    return fields.filter((field) => this.index.has(field)).length
  }
}
