import type { Handlers } from '../../shared/contract'
import { actorName } from '../../shared/domain/caller'
import { ArticleInput, articleNumberOf } from '../../shared/domain/kb'
import { writeAudit } from '../db/repositories/audit-log'
import { deleteArticle, listArticles, searchArticles } from '../db/repositories/kb-articles'
import { articleOrFail, createArticle, editArticle, refuseHandEditOfPolicy } from '../kb/articles'
import type { CoreContext } from './create-core'

type KbHandlers = Pick<Handlers, 'kb.list' | 'kb.get' | 'kb.create' | 'kb.update' | 'kb.delete'>

/** The help center's articles, written and edited in the console. */
export function createKbHandlers(ctx: CoreContext): KbHandlers {
  const { db } = ctx
  const now = (): string => ctx.clock.now().toISOString()
  const audit = (by: string, action: string, articleId: string, title: string) =>
    writeAudit(db, {
      at: now(),
      actor: by,
      action,
      subjectType: 'article',
      subjectId: articleId,
      detail: { title }
    })

  return {
    'kb.list': ({ search, status }) => {
      const text = search?.trim() ?? ''
      if (text === '') return listArticles(db, status)
      return searchArticles(db, { text, status, limit: 200 }).map(({ body: _body, ...summary }) => summary)
    },

    'kb.get': ({ articleId }) => articleOrFail(db, articleId),

    'kb.create': (input, caller) => {
      const by = actorName(caller)
      const article = createArticle(db, ArticleInput.parse(input), by, now())
      audit(by, 'article.created', article.id, article.title)
      return article
    },

    'kb.update': ({ articleId, article }, caller) => {
      const by = actorName(caller)
      const saved = editArticle(db, articleId, ArticleInput.parse(article), by, now())
      audit(by, 'article.updated', articleId, saved.title)
      return saved
    },

    'kb.delete': ({ articleId }, caller) => {
      const article = articleOrFail(db, articleId)
      refuseHandEditOfPolicy(article)
      deleteArticle(db, articleNumberOf(articleId))
      audit(actorName(caller), 'article.deleted', articleId, article.title)
      return { articleId }
    }
  }
}
