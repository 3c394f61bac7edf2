import { articleNumberOf } from '../../shared/domain/kb'
import type { Db } from '../db/connection'
import { getArticleBySlug, insertArticle, updateArticle } from '../db/repositories/kb-articles'
import { moneyPolicyText, readMoneyCaps } from '../policy/refund-policy'
import { returnPolicyText } from '../policy/return-policy'

/** The help-center article of the return and refund rules: written by Frontline, never by hand. */
export const POLICY_ARTICLE_SLUG = 'returns-and-refunds'
const TITLE = 'Returns and refunds'
export const POLICY_AUTHOR = 'Frontline (from the return and refund rules)'

/**
 * The article's words are the rules' own: the same text the agent's system prompt and the MCP
 * policy resource carry, made from the constants and the money caps the tools enforce, so what
 * the help center says and what the tools do cannot disagree.
 */
export function policyArticleBody(db: Db): string {
  return [
    'What our return and refund rules say, exactly as the support team and its tools apply them.',
    '',
    '## Returns',
    '',
    returnPolicyText(),
    '',
    '## Refunds and goodwill credit',
    '',
    moneyPolicyText(readMoneyCaps(db))
  ].join('\n')
}

/** Writes the article when it is missing or its words no longer match the rules (caps changed). */
export function syncPolicyArticle(db: Db, now: string): boolean {
  const body = policyArticleBody(db)
  const existing = getArticleBySlug(db, POLICY_ARTICLE_SLUG)
  if (existing && existing.body === body && existing.source === 'policy' && existing.status === 'published')
    return false
  const write = {
    title: TITLE,
    body,
    tags: ['returns', 'refunds', 'policy'],
    language: 'en',
    status: 'published' as const,
    source: 'policy' as const,
    by: POLICY_AUTHOR,
    now
  }
  if (existing) updateArticle(db, articleNumberOf(existing.id), write)
  else insertArticle(db, { ...write, slug: POLICY_ARTICLE_SLUG })
  return true
}
