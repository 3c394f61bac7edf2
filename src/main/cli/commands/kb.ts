import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { openDb } from '../../db/connection'
import { listArticles } from '../../db/repositories/kb-articles'
import { importArticles } from '../../kb/articles'
import { parseMarkdownArticle, type ParsedArticle } from '../../kb/markdown-articles'
import { syncPolicyArticle } from '../../kb/policy-article'
import { defineCommand, EXIT_FAILURE, EXIT_OK, UsageError, writeLine } from '../command'
import { DB_USAGE, dbOption, dbPathSchema } from '../options'
import { resolveShopDb } from '../shop-db'

/** A Markdown file larger than this is no help-center article (and would be read whole). */
const MAX_FILE_BYTES = 1024 * 1024

/** The .md files of a folder and its sub-folders, sorted, so an import is the same every time. */
function markdownFiles(dir: string): string[] {
  const found: string[] = []
  const walk = (folder: string, depth: number): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue
      const path = join(folder, entry.name)
      if (entry.isDirectory() && depth < 8) walk(path, depth + 1)
      else if (entry.isFile() && /\.md$/i.test(entry.name)) found.push(path)
    }
  }
  walk(dir, 0)
  return found.sort()
}

export const kbCommand = defineCommand({
  name: 'kb',
  summary: 'The help center: import articles from a folder of Markdown files, or list them',
  usage: `Usage: frontline kb import DIR [--db PATH] [--draft]
       frontline kb list [--db PATH] [--json]

  import DIR     Reads every .md file under DIR (sub-folders too) as a help-center article: optional
                 front matter between --- lines (title, tags: a, b, language: fr, status: draft),
                 then the body in Markdown. Without a title there, the first "# heading" is the title.
                 A file's name is its article's key: importing the folder again updates its articles
                 instead of adding copies. Articles are published unless a file says status: draft.
  --draft        Import every article as a draft (not yet used by the agent).
  list           The articles: id, status, language and title.
${DB_USAGE}
  --json         Print as JSON.

Exit 0 when every file was imported, 1 when a file was refused (the others are still imported; each
refusal is printed with its file and why) or DIR cannot be read, 2 on a usage error.`,
  options: { ...dbOption, draft: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: ['action', 'dir'],
  schema: z
    .object({
      action: z.enum(['import', 'list'], { error: 'expected import or list' }),
      dir: z.string().trim().min(1).optional(),
      db: dbPathSchema,
      draft: z.boolean().optional(),
      json: z.boolean().optional()
    })
    .refine((o) => o.action !== 'import' || o.dir !== undefined, {
      message: 'required: the folder of Markdown files',
      path: ['dir']
    }),
  async run(options, io) {
    const db = openDb(resolveShopDb(options.db))
    try {
      const now = new Date().toISOString()
      syncPolicyArticle(db, now)
      if (options.action === 'list') {
        const articles = listArticles(db)
        if (options.json) writeLine(io.stdout, JSON.stringify(articles, null, 2))
        else {
          for (const a of articles) writeLine(io.stdout, `${a.id}\t${a.status}\t${a.language}\t${a.title}`)
        }
        return EXIT_OK
      }
      const dir = resolve(options.dir ?? '')
      let isDir = false
      try {
        isDir = statSync(dir).isDirectory()
      } catch {
        isDir = false
      }
      if (!isDir) throw new UsageError(`DIR: no folder ${dir}`)
      const files = markdownFiles(dir)
      if (files.length === 0) {
        writeLine(io.stderr, `frontline kb: no .md file in ${dir}`)
        return EXIT_FAILURE
      }
      const parsed: ParsedArticle[] = []
      const refused: string[] = []
      const slugs = new Map<string, string>()
      for (const file of files) {
        const name = file.slice(dir.length + 1)
        if (statSync(file).size > MAX_FILE_BYTES) {
          refused.push(`${name}: larger than 1 MB`)
          continue
        }
        const result = parseMarkdownArticle(name.split(/[\\/]/).pop() ?? name, readFileSync(file, 'utf8'))
        if (!result.ok) {
          refused.push(`${name}: ${result.error}`)
          continue
        }
        const clash = slugs.get(result.article.slug)
        if (clash) {
          refused.push(`${name}: has the same name as ${clash} (one article per file name)`)
          continue
        }
        slugs.set(result.article.slug, name)
        parsed.push(
          options.draft
            ? { ...result.article, input: { ...result.article.input, status: 'draft' } }
            : result.article
        )
      }
      const counts = importArticles(db, parsed, 'kb import', now)
      const summary = { files: files.length, ...counts, refused: refused.length }
      if (options.json) writeLine(io.stdout, JSON.stringify({ ...summary, refusals: refused }, null, 2))
      else {
        writeLine(
          io.stdout,
          `Imported ${files.length - refused.length} of ${files.length} files: ${counts.created} new, ${counts.updated} updated, ${counts.unchanged} unchanged.`
        )
      }
      for (const line of refused) writeLine(io.stderr, `refused ${line}`)
      return refused.length > 0 ? EXIT_FAILURE : EXIT_OK
    } finally {
      db.close()
    }
  }
})
