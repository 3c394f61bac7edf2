import { searchTerms } from '../db/repositories/products'

/**
 * The lines of an article that answer a question best. Each word of the question counts for a line
 * that holds it, weighted by how few of the article's lines do (a word every line has, such as
 * "return" in the returns article, tells the lines apart least). The index stems words (returns,
 * returned → return), so a line counts a word when it holds one sharing its stem's first letters.
 * The words a question is asked with ("what", "how many", "do I have") are no evidence at all.
 */

const QUESTION_WORDS = new Set(
  'hello hi hey dear what how many much do does did have has had can could would should will please thanks thank when where which who why there here am was were get got want need know tell'.split(
    ' '
  )
)

const stemOf = (word: string): string => word.slice(0, Math.max(4, word.length - 2))

export function bestPassage(body: string, query: string, maxLines = 2): string {
  const stems = [
    ...new Set(
      searchTerms(query)
        .filter((w) => !QUESTION_WORDS.has(w))
        .map(stemOf)
    )
  ]
  const lines = body
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !/^#{1,6}\s/.test(line))
  if (lines.length === 0) return ''
  const held = lines.map((line) => {
    const words = line.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
    return new Set(stems.filter((stem) => words.some((w) => w.startsWith(stem))))
  })
  const linesWith = new Map(stems.map((stem) => [stem, held.filter((h) => h.has(stem)).length]))
  const scored = lines.map((line, index) => ({
    line,
    index,
    score: [...(held[index] ?? [])].reduce((sum, stem) => sum + 1 / (linesWith.get(stem) ?? 1), 0)
  }))
  const best = [...scored].sort((a, b) => b.score - a.score || a.index - b.index).slice(0, maxLines)
  const chosen = best[0]?.score ? best.filter((s) => s.score > 0) : scored.slice(0, 1)
  return chosen
    .sort((a, b) => a.index - b.index)
    .map((s) => s.line.replace(/^[-*]\s+/, ''))
    .join(' ')
}
