import type { DraftSource } from '../../shared/domain/kb'
import type { ToolCallTrace } from '../../shared/domain/draft'
import { searchHelpCenterTool } from '../tools/search-help-center'

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The help-center articles a draft drew on, read off its trace: what search_help_center returned
 * to the agent, in the order it first saw them. The trace is the record, so the sources a person
 * opens are exactly what the agent was given.
 */
export function draftSources(trace: readonly ToolCallTrace[]): DraftSource[] {
  const seen = new Map<string, DraftSource>()
  for (const call of trace) {
    if (call.tool !== searchHelpCenterTool.name || call.status !== 'ok') continue
    const outcome = call.result
    const value = isRecord(outcome) && outcome.ok === true ? outcome.value : undefined
    const articles = isRecord(value) && Array.isArray(value.articles) ? value.articles : []
    for (const article of articles) {
      if (!isRecord(article)) continue
      const id = article.article_id
      const title = article.title
      if (typeof id === 'string' && /^KB-\d+$/.test(id) && typeof title === 'string' && !seen.has(id))
        seen.set(id, { articleId: id, title })
    }
  }
  return [...seen.values()]
}
