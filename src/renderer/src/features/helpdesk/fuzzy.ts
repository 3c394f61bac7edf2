/**
 * Fuzzy matching for pickers: the letters typed must appear in order (not together); a match at
 * the start of a word, or letters that run together, scores higher. `/trk` finds "Tracking number".
 */
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.toLowerCase()
  const t = text.toLowerCase()
  if (q === '') return 0
  let score = 0
  let from = 0
  let previous = -2
  for (const ch of q) {
    const at = t.indexOf(ch, from)
    if (at < 0) return null
    const wordStart = at === 0 || /[\s\-_/.]/.test(t[at - 1] ?? '')
    score += (wordStart ? 3 : 1) + (at === previous + 1 ? 2 : 0)
    previous = at
    from = at + 1
  }
  // Of two equal matches, the shorter text is the closer one.
  return score - t.length / 1000
}

/** The items whose text matches, best first; ties keep the items' order. */
export function fuzzyRank<T>(items: readonly T[], query: string, textOf: (item: T) => string): T[] {
  return items
    .map((item, index) => ({ item, index, score: fuzzyScore(query, textOf(item)) }))
    .filter((x): x is { item: T; index: number; score: number } => x.score !== null)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((x) => x.item)
}
