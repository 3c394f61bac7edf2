import { z } from 'zod'
import { ArticleInput } from '../../shared/domain/kb'

/**
 * Help-center articles from Markdown files, as a folder of them holds them: an optional front
 * matter block (`title`, `tags`, `language`, `status` as `key: value` lines between `---` lines),
 * then the body. Without a title in the front matter, the first `# heading` is the title (and is
 * taken out of the body); without either, the file's name. A file's name (without `.md`) is its
 * slug: importing the folder again updates those articles instead of adding copies.
 */

export interface ParsedArticle {
  slug: string
  input: z.output<typeof ArticleInput>
}

export type ParsedFile = { ok: true; article: ParsedArticle } | { ok: false; file: string; error: string }

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/
const HEADING = /^#\s+(.+?)\s*#*\s*$/m

/** A file name as a slug: lower-case letters, digits and dashes. */
export function slugOf(name: string): string {
  return (
    name
      .replace(/\.md$/i, '')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 120) || 'article'
  )
}

function frontMatter(text: string): { fields: Map<string, string>; rest: string } {
  const match = FRONT_MATTER.exec(text)
  if (!match) return { fields: new Map(), rest: text }
  const fields = new Map<string, string>()
  for (const line of (match[1] ?? '').split(/\r?\n/)) {
    const pair = /^\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$/.exec(line)
    if (pair?.[1]) fields.set(pair[1].toLowerCase(), (pair[2] ?? '').replace(/^["']|["']$/g, ''))
  }
  return { fields, rest: text.slice(match[0].length) }
}

const listOf = (text: string | undefined): string[] =>
  (text ?? '')
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((t) => t.trim().replace(/^["']|["']$/g, ''))
    .filter(Boolean)

export function parseMarkdownArticle(fileName: string, text: string): ParsedFile {
  const { fields, rest } = frontMatter(text.replace(/^\uFEFF/, ''))
  let body = rest
  let title = fields.get('title')
  if (!title) {
    const heading = HEADING.exec(body)
    if (heading?.[1]) {
      title = heading[1]
      body = body.replace(heading[0], '')
    }
  }
  const parsed = ArticleInput.safeParse({
    title: title ?? fileName.replace(/\.md$/i, '').replace(/[-_]+/g, ' '),
    body: body.trim(),
    tags: listOf(fields.get('tags')),
    ...(fields.get('language') ? { language: fields.get('language') } : {}),
    // A folder of articles is what the shop publishes; a file says `status: draft` to hold one back.
    status: fields.get('status') ?? 'published'
  })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return {
      ok: false,
      file: fileName,
      error: `${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'not an article'}`
    }
  }
  return { ok: true, article: { slug: slugOf(fileName), input: parsed.data } }
}
