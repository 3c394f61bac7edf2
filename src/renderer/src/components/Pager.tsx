import { formatCount } from '../format'

interface PagerProps {
  /** What the pages are of, for the navigation's name: "Decision history pages". */
  label: string
  page: number
  pageSize: number
  shown: number
  total: number
  /** After the count: ", most expensive first". */
  order?: string
  words?: { previous: string; next: string }
  onPage(page: number): void
}

/** "26–50 of 140" and the buttons to the pages either side. */
export function Pager({ label, page, pageSize, shown, total, order = '', words, onPage }: PagerProps) {
  const first = page * pageSize
  return (
    <nav className="pager" aria-label={label}>
      <span>
        {formatCount(first + 1)}–{formatCount(first + shown)} of {formatCount(total)}
        {order}
      </span>
      <button
        type="button"
        className="button button--quiet button--compact"
        disabled={page === 0}
        onClick={() => onPage(page - 1)}
      >
        {words?.previous ?? 'Previous'}
      </button>
      <button
        type="button"
        className="button button--quiet button--compact"
        disabled={first + shown >= total}
        onClick={() => onPage(page + 1)}
      >
        {words?.next ?? 'Next'}
      </button>
    </nav>
  )
}
