import { z } from 'zod'
import { LanguageCode } from './triage'

/**
 * Help-center articles: what the shop tells customers about its policies and how-tos. The agent
 * searches the published ones (search_help_center) and a draft lists those it used as sources.
 */

/** `KB-12`: the article's number, as people and the agent name it. */
export const ArticleId = z.string().regex(/^KB-\d{1,9}$/, 'an article id such as KB-12')
export const articleIdOf = (n: number): string => `KB-${n}`
export const articleNumberOf = (id: string): number => Number(id.slice(3))

export const ArticleStatus = z.enum(['published', 'draft'])
export const ArticleSource = z.enum(['console', 'import', 'policy'])

const ArticleTag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(40, 'A tag is at most 40 characters.')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u, 'A tag holds letters, digits, spaces, - and _.')

export const ArticleInput = z
  .object({
    title: z
      .string()
      .trim()
      .min(1, 'Give the article a title.')
      .max(200, 'A title is at most 200 characters.'),
    body: z.string().max(100_000, 'An article is at most 100,000 characters.'),
    tags: z.array(ArticleTag).max(20, 'At most 20 tags.').default([]),
    language: LanguageCode.default('en'),
    status: ArticleStatus.default('draft')
  })
  .strict()
export type ArticleInput = z.input<typeof ArticleInput>

export const Article = z.object({
  id: ArticleId,
  slug: z.string(),
  title: z.string(),
  body: z.string(),
  tags: z.array(z.string()),
  language: z.string(),
  status: ArticleStatus,
  /** 'policy': written by Frontline from the return and refund rules; it cannot be edited by hand. */
  source: ArticleSource,
  updatedAt: z.string(),
  updatedBy: z.string()
})
export type Article = z.infer<typeof Article>

export const ArticleSummary = Article.omit({ body: true })
export type ArticleSummary = z.infer<typeof ArticleSummary>

export const ArticleListQuery = z
  .object({
    search: z.string().max(200).optional(),
    status: ArticleStatus.optional()
  })
  .strict()

/** An article a draft drew on: found by search_help_center in the draft's trace. */
export const DraftSource = z.object({ articleId: ArticleId, title: z.string() })
export type DraftSource = z.infer<typeof DraftSource>
