import { searchTerms } from '../db/repositories/products'

/**
 * The lines of an article that answer a question best: those holding the most of its words. The
 * index stems words (returns, returned → return), so a line counts a word when it holds one
 * sharing its stem's first letters.
 */

const stemOf = (word: string): string => word.slice(0, Math.max(4, word.length - 2))

export function bestPassage(body: string, query: string, maxLines = 2): string {
  const stems = searchTerms(query).map(stemOf)
  const lines = body
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !/^#{1,6}\s/.test(line))
  if (lines.length === 0) return ''
  const scored = lines.map((line, index) => {
    const words = line.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
    const score = stems.filter((stem) => words.some((w) => w.startsWith(stem))).length
    return { line, index, score }
  })
  const best = [...scored].sort((a, b) => b.score - a.score || a.index - b.index).slice(0, maxLines)
  const chosen = best[0]?.score ? best.filter((s) => s.score > 0) : scored.slice(0, 1)
  return chosen
    .sort((a, b) => a.index - b.index)
    .map((s) => s.line.replace(/^[-*]\s+/, ''))
    .join(' ')
}
