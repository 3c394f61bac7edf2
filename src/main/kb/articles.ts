import { z } from 'zod'
import { ArticleInput, articleNumberOf, type Article } from '../../shared/domain/kb'
import { AppFailure } from '../../shared/result'
import type { Db } from '../db/connection'
import { getArticle, getArticleBySlug, insertArticle, updateArticle } from '../db/repositories/kb-articles'
import { slugOf, type ParsedArticle } from './markdown-articles'

type ArticleFields = z.output<typeof ArticleInput>

/** The article an id names; refused (naming the field) when there is none. */
export function articleOrFail(db: Db, articleId: string): Article {
  const article = getArticle(db, articleNumberOf(articleId))
  if (!article)
    throw new AppFailure('not_found', `No article ${articleId}.`, [
      { field: 'articleId', message: 'not found' }
    ])
  return article
}

/** The policy article speaks for the rules: it changes when they do, never by hand. */
export function refuseHandEditOfPolicy(article: Article): void {
  if (article.source === 'policy') {
    throw new AppFailure(
      'not_allowed',
      'This article is written from the return and refund rules; change the rules (the money caps) and it follows.',
      [{ field: 'articleId', message: 'written from the rules' }]
    )
  }
}

/** A slug no other article has: the title's, numbered when taken. */
function freeSlug(db: Db, title: string): string {
  const base = slugOf(title)
  let slug = base
  for (let n = 2; getArticleBySlug(db, slug); n++) slug = `${base}-${n}`
  return slug
}

export function createArticle(db: Db, fields: ArticleFields, by: string, now: string): Article {
  const id = insertArticle(db, { ...fields, slug: freeSlug(db, fields.title), source: 'console', by, now })
  return getArticle(db, id) as Article
}

export function editArticle(
  db: Db,
  articleId: string,
  fields: ArticleFields,
  by: string,
  now: string
): Article {
  const article = articleOrFail(db, articleId)
  refuseHandEditOfPolicy(article)
  updateArticle(db, articleNumberOf(articleId), { ...fields, source: article.source, by, now })
  return articleOrFail(db, articleId)
}

export interface ImportCounts {
  created: number
  updated: number
  unchanged: number
}

/** Writes a folder's articles by slug: new ones added, changed ones updated, the policy article left alone. */
export function importArticles(
  db: Db,
  articles: readonly ParsedArticle[],
  by: string,
  now: string
): ImportCounts {
  const counts: ImportCounts = { created: 0, updated: 0, unchanged: 0 }
  db.transaction(() => {
    for (const { slug, input } of articles) {
      const existing = getArticleBySlug(db, slug)
      if (!existing) {
        insertArticle(db, { ...input, slug, source: 'import', by, now })
        counts.created++
        continue
      }
      refuseHandEditOfPolicy(existing)
      const same =
        existing.title === input.title &&
        existing.body === input.body &&
        existing.language === input.language &&
        existing.status === input.status &&
        JSON.stringify(existing.tags) === JSON.stringify(input.tags)
      if (same) {
        counts.unchanged++
        continue
      }
      updateArticle(db, articleNumberOf(existing.id), { ...input, source: existing.source, by, now })
      counts.updated++
    }
  })()
  return counts
}
