import { articleIdOf, type Article, type ArticleSummary } from '../../../shared/domain/kb'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'
import { searchTerms } from './products'

interface ArticleRow {
  id: number
  slug: string
  title: string
  body: string
  tags: string
  language: string
  status: Article['status']
  source: Article['source']
  updated_at: string
  updated_by: string
}

const parseTags = (text: string): string[] => {
  try {
    const value = JSON.parse(text) as unknown
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : []
  } catch {
    return []
  }
}

const rowToArticle = (row: ArticleRow): Article => ({
  id: articleIdOf(row.id),
  slug: row.slug,
  title: row.title,
  body: row.body,
  tags: parseTags(row.tags),
  language: row.language,
  status: row.status,
  source: row.source,
  updatedAt: row.updated_at,
  updatedBy: row.updated_by
})

const toSummary = ({ body: _body, ...summary }: Article): ArticleSummary => summary

export interface ArticleWrite {
  slug: string
  title: string
  body: string
  tags: readonly string[]
  language: string
  status: Article['status']
  source: Article['source']
  by: string
  now: string
}

/** The ranking: a word in the title counts ten times one in the body, a tag five times. */
const RANK = 'bm25(kb_fts, 10.0, 1.0, 5.0)'

export const kbSql = {
  search: `SELECT a.*, ${RANK} AS rank FROM kb_fts JOIN kb_articles a ON a.id = kb_fts.rowid
    WHERE kb_fts MATCH @match AND (@status IS NULL OR a.status = @status)
    ORDER BY (a.language = @language) DESC, rank LIMIT @limit`
} as const

const statements = statementCache((db) => ({
  list: db.prepare(
    `SELECT * FROM kb_articles WHERE (@status IS NULL OR status = @status) ORDER BY source = 'policy' DESC, title COLLATE NOCASE LIMIT 1000`
  ),
  get: db.prepare('SELECT * FROM kb_articles WHERE id = ?'),
  bySlug: db.prepare('SELECT * FROM kb_articles WHERE slug = ?'),
  search: db.prepare(kbSql.search),
  insert: db.prepare(
    `INSERT INTO kb_articles (slug, title, body, tags, language, status, source, created_at, updated_at, updated_by)
     VALUES (@slug, @title, @body, @tags, @language, @status, @source, @now, @now, @by)`
  ),
  update: db.prepare(
    `UPDATE kb_articles SET title = @title, body = @body, tags = @tags, language = @language, status = @status,
       source = @source, updated_at = @now, updated_by = @by WHERE id = @id`
  ),
  remove: db.prepare('DELETE FROM kb_articles WHERE id = ?')
}))

export function listArticles(db: Db, status?: Article['status']): ArticleSummary[] {
  return (statements(db).list.all({ status: status ?? null }) as ArticleRow[]).map((row) =>
    toSummary(rowToArticle(row))
  )
}

export function getArticle(db: Db, id: number): Article | undefined {
  const row = statements(db).get.get(id) as ArticleRow | undefined
  return row && rowToArticle(row)
}

export function getArticleBySlug(db: Db, slug: string): Article | undefined {
  const row = statements(db).bySlug.get(slug) as ArticleRow | undefined
  return row && rowToArticle(row)
}

/** An FTS5 expression of the words typed, any of them (ranking puts articles with more first); null when none. */
export function articleMatchExpression(text: string): string | null {
  const terms = searchTerms(text)
  return terms.length === 0 ? null : terms.map((t) => `"${t}"`).join(' OR ')
}

export interface ArticleSearch {
  text: string
  /** Articles in this language come first. */
  language?: string
  status?: Article['status']
  limit: number
}

export function searchArticles(db: Db, search: ArticleSearch): Article[] {
  const match = articleMatchExpression(search.text)
  if (!match) return []
  const rows = statements(db).search.all({
    match,
    status: search.status ?? null,
    language: search.language ?? '',
    limit: search.limit
  }) as ArticleRow[]
  return rows.map(rowToArticle)
}

export function insertArticle(db: Db, write: ArticleWrite): number {
  return Number(statements(db).insert.run({ ...write, tags: JSON.stringify(write.tags) }).lastInsertRowid)
}

export function updateArticle(db: Db, id: number, write: Omit<ArticleWrite, 'slug'>): void {
  statements(db).update.run({ ...write, tags: JSON.stringify(write.tags), id })
}

export function deleteArticle(db: Db, id: number): boolean {
  return statements(db).remove.run(id).changes > 0
}
