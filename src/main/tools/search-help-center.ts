import { z } from 'zod'
import { LanguageCode } from '../../shared/domain/triage'
import { searchArticles } from '../db/repositories/kb-articles'
import { searchTerms } from '../db/repositories/products'
import { ticketLanguageAndIntent } from '../db/repositories/triage'
import { bestPassage } from '../kb/passages'
import { defineTool, ToolFailure } from './define-tool'

/** Enough of an article for a model to quote from; the whole article is in the console. */
const MAX_BODY_CHARS = 2_000

export const searchHelpCenterTool = defineTool({
  name: 'search_help_center',
  title: 'Help-center search',
  description:
    "Search the shop's published help-center articles (policies such as returns, refunds, shipping and " +
    'payment, and how-tos) for a customer question. Returns the best articles first with an excerpt and ' +
    'their text. Quote the article you use and name it by its title; never state a policy that no article ' +
    "or rule says. Articles in the customer's language come first.",
  input: z.object({
    query: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .describe('The question in plain words, e.g. "how long do I have to return an item"'),
    language: LanguageCode.optional().describe(
      "Prefer articles in this language (ISO 639-1, e.g. fr); by default the ticket's language"
    ),
    limit: z.number().int().min(1).max(5).default(3).describe('How many articles (1–5, default 3)')
  }),
  readOnly: true,
  destructive: false,
  idempotent: true,
  execute(ctx, input) {
    if (searchTerms(input.query).length === 0) {
      throw new ToolFailure({
        code: 'invalid_query',
        message: `"${input.query}" has no word to search for; ask in words, e.g. "return policy".`,
        field: 'query'
      })
    }
    const language =
      input.language ??
      (ctx.ticketId ? (ticketLanguageAndIntent(ctx.db, ctx.ticketId).language ?? undefined) : undefined)
    const found = searchArticles(ctx.db, {
      text: input.query,
      language,
      status: 'published',
      limit: input.limit
    })
    return {
      query: input.query,
      count: found.length,
      articles: found.map((article) => ({
        article_id: article.id,
        title: article.title,
        language: article.language,
        tags: article.tags,
        excerpt: bestPassage(article.body, input.query),
        text:
          article.body.length > MAX_BODY_CHARS ? `${article.body.slice(0, MAX_BODY_CHARS)}…` : article.body
      })),
      ...(found.length === 0
        ? {
            hint: 'No published article matches. Answer from the tools and rules you have, or say a teammate will follow up.'
          }
        : {})
    }
  }
})
