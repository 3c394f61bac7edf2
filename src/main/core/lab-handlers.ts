import type { Handlers } from '../../shared/contract'
import { actorName } from '../../shared/domain/caller'
import { AppFailure } from '../../shared/result'
import { restoreShopPrompt, saveShopPrompt, shopPromptView } from '../agent/shop-prompt'
import { getReplayRow } from '../db/repositories/replays'
import { listShopPromptVersions } from '../db/repositories/shop-prompts'
import type { CoreContext } from './create-core'

type LabHandlers = Pick<
  Handlers,
  | 'replay.candidates'
  | 'replay.start'
  | 'replay.cancel'
  | 'replay.list'
  | 'replay.get'
  | 'replay.exportCsv'
  | 'shopPrompt.get'
  | 'shopPrompt.history'
  | 'shopPrompt.save'
  | 'shopPrompt.restore'
>

/** The Lab: replays in shadow mode (src/main/replay), and the shop's prompt with its versions. */
export function createLabHandlers(ctx: CoreContext): LabHandlers {
  const { db, lab } = ctx
  const now = (): string => ctx.clock.now().toISOString()

  /** Instructions a replay drafted with, once it has ended: saved "from" it. */
  const replayInstructions = (replayId: string): string => {
    const replay = getReplayRow(db, replayId)
    if (!replay)
      throw new AppFailure('not_found', `No replay ${replayId}.`, [
        { field: 'replayId', message: 'not found' }
      ])
    if (replay.status === 'preparing' || replay.status === 'running')
      throw new AppFailure('conflict', 'The replay is still running: save its prompt once it has ended.', [
        { field: 'replayId', message: 'still running' }
      ])
    return replay.instructions
  }

  return {
    'replay.candidates': (query) => lab.candidates(query),
    'replay.start': (input, caller) => lab.start(input, actorName(caller)),
    'replay.cancel': ({ replayId }) => lab.cancel(replayId),
    'replay.list': ({ limit }) => lab.list(limit),
    'replay.get': (query) => lab.detail(query),
    'replay.exportCsv': ({ replayId }) => lab.exportCsv(replayId),

    'shopPrompt.get': () => shopPromptView(db),
    'shopPrompt.history': ({ limit, offset }) => listShopPromptVersions(db, limit, offset),
    'shopPrompt.save': ({ instructions, replayId, note }, caller) =>
      saveShopPrompt(db, {
        instructions: replayId ? replayInstructions(replayId) : (instructions ?? ''),
        replayId: replayId ?? null,
        note: note ?? null,
        savedBy: actorName(caller),
        at: now()
      }),
    'shopPrompt.restore': ({ versionId }, caller) =>
      restoreShopPrompt(db, versionId, actorName(caller), now())
  }
}
