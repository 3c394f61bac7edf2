import type { Caller } from '../../shared/domain/caller'
import type { Handlers } from '../../shared/contract'
import type { CostSummary, TicketCost } from '../../shared/domain/costs'
import type { ProviderView, SettingsView } from '../../shared/domain/settings'
import { AppFailure, parseOrFail } from '../../shared/result'
import { csvCell } from '../../shared/csv-cell'
import { countPendingActions } from '../db/repositories/actions'
import {
  spendByDayAndModel,
  spendSinceMicroUsd,
  ticketSpend,
  usageByDay,
  type TicketSpend,
  usageByModel,
  type UsageTotals
} from '../db/repositories/llm-calls'
import { getTicketSummary, listTicketIdsToDraft } from '../db/repositories/tickets'
import { LlmSettings, ProviderProfile } from '../../shared/domain/llm-settings'
import { utcDayStart } from '../llm'
import { mcpClientConfig } from '../mcp/host-config'
import { createMcpServerHandlers, type McpServerHandlers } from '../mcp-client/handlers'
import type { CoreContext } from './create-core'
import { storedSettingProblems } from './stored-settings'
import { readNotificationSettings, writeNotificationSettings } from './notices'

type ConsoleHandlers = McpServerHandlers &
  Pick<
    Handlers,
    | 'drafts.generateAll'
    | 'drafts.cancelAll'
    | 'costs.summary'
    | 'costs.tickets'
    | 'costs.exportCsv'
    | 'status.get'
    | 'settings.get'
    | 'settings.update'
    | 'settings.setApiKey'
    | 'notifications.get'
    | 'notifications.update'
  >

const DAY_MS = 86_400_000

const sumTotals = (rows: readonly UsageTotals[]): UsageTotals =>
  rows.reduce(
    (sum, r) => ({
      calls: sum.calls + r.calls,
      failedCalls: sum.failedCalls + r.failedCalls,
      tokensIn: sum.tokensIn + r.tokensIn,
      tokensOut: sum.tokensOut + r.tokensOut,
      tokensCached: sum.tokensCached + r.tokensCached,
      costMicroUsd: sum.costMicroUsd + r.costMicroUsd,
      estimatedCalls: sum.estimatedCalls + r.estimatedCalls
    }),
    {
      calls: 0,
      failedCalls: 0,
      tokensIn: 0,
      tokensOut: 0,
      tokensCached: 0,
      costMicroUsd: 0,
      estimatedCalls: 0
    }
  )

/** The console's views that are not about one ticket: costs, status bar, settings, bulk drafting. */
export function createConsoleHandlers(ctx: CoreContext): ConsoleHandlers {
  const { db, llm } = ctx
  // On a team server each person switches their own notices; elsewhere the shop's are everyone's.
  const whoseNotices = (caller: Caller): Caller | undefined =>
    ctx.options.host === 'team' ? caller : undefined
  const todayStart = (): string => utcDayStart(ctx.clock.now())
  const daysAgo = (days: number): string =>
    new Date(Date.parse(todayStart()) - (days - 1) * DAY_MS).toISOString()

  const withSubject = (spend: TicketSpend): TicketCost => ({
    ...spend,
    subject: getTicketSummary(db, spend.ticketId)?.subject ?? null
  })

  const providerView = async (profile: ProviderProfile): Promise<ProviderView> => ({
    ...profile,
    ...(profile.id === 'demo' ? { keySet: true, keyNeeded: null } : await llm.providerKeys.state(profile))
  })

  const settingsView = async (): Promise<SettingsView> => {
    const mcp = mcpClientConfig(ctx.options.dbPath)
    return {
      providers: await Promise.all(llm.profiles().map(providerView)),
      defaultModel: llm.defaultModel(),
      dailyBudgetUsd: llm.settings().dailyBudgetUsd,
      demoMode: llm.isDemo(),
      mcp: { claudeDesktop: mcp.jsonText, genericStdio: mcp.commandLine },
      problems: storedSettingProblems(db, llm),
      keyStorage: ctx.options.keyStorage
    }
  }

  const findProfile = (id: string, field: string): ProviderProfile => {
    const profile = llm.profiles().find((p) => p.id === id)
    if (!profile) {
      throw new AppFailure('invalid_input', `Unknown provider "${id}".`, [
        { field, message: 'unknown provider' }
      ])
    }
    return profile
  }

  return {
    ...createMcpServerHandlers(ctx.mcpClients),

    'drafts.generateAll': ({ providerId, model }) => {
      // New tickets without a live draft: a person's edited draft is never replaced, nor a ticket billed twice.
      const ids = listTicketIdsToDraft(db)
      return ctx.bulk.start(ids, { providerId, model })
    },

    'drafts.cancelAll': ({ jobId }) => {
      const progress = ctx.bulk.cancel(jobId)
      if (!progress)
        throw new AppFailure('not_found', `No bulk job ${jobId}`, [{ field: 'jobId', message: 'not found' }])
      return progress
    },

    'costs.summary': (): CostSummary => {
      const budget = llm.budget.status()
      const spentToday = spendSinceMicroUsd(db, todayStart())
      const tickets = ticketSpend(db, daysAgo(30), 10)
      return {
        generatedAt: ctx.clock.now().toISOString(),
        today: sumTotals(usageByDay(db, todayStart())),
        last7Days: sumTotals(usageByDay(db, daysAgo(7))),
        last30Days: sumTotals(usageByDay(db, daysAgo(30))),
        byModel: usageByModel(db, daysAgo(30)),
        byDayAndModel: spendByDayAndModel(db, daysAgo(30)),
        tickets: {
          count: tickets.tickets,
          averageMicroUsd: tickets.averageMicroUsd,
          mostExpensive: tickets.top.map(withSubject)
        },
        budget: {
          limitMicroUsd: budget.limitMicroUsd,
          spentTodayMicroUsd: spentToday,
          remainingMicroUsd:
            budget.limitMicroUsd === null ? null : Math.max(0, budget.limitMicroUsd - spentToday)
        }
      }
    },

    'costs.tickets': ({ days, limit, offset }) => {
      const page = ticketSpend(db, daysAgo(days), limit, offset)
      return { tickets: page.top.map(withSubject), total: page.tickets }
    },

    'costs.exportCsv': ({ days }) => {
      const rows = spendByDayAndModel(db, daysAgo(days))
      const lines = [
        'day,provider,model,calls,tokens_in,tokens_out,tickets,cost_usd',
        ...rows.map((r) =>
          [
            r.day,
            r.provider,
            r.model,
            r.calls,
            r.tokensIn,
            r.tokensOut,
            r.tickets,
            (r.costMicroUsd / 1_000_000).toFixed(6)
          ]
            .map(csvCell)
            .join(',')
        )
      ]
      return {
        filename: `frontline-costs-${todayStart().slice(0, 10)}-${days}d.csv`,
        csv: `${lines.join('\n')}\n`
      }
    },

    'status.get': () => {
      const budget = llm.budget.status()
      return {
        demoMode: llm.isDemo(),
        providers: llm.health().map((h) => ({
          providerId: h.providerId,
          name: h.name,
          state: h.state,
          inFlight: h.inFlight,
          queued: h.queued,
          retryAt: h.retryAt,
          lastError: h.lastError
        })),
        draftsInFlight: ctx.drafts.inFlight(),
        pendingActions: countPendingActions(db),
        spentTodayMicroUsd: spendSinceMicroUsd(db, todayStart()),
        budgetMicroUsd: budget.limitMicroUsd
      }
    },

    'notifications.get': (_input, caller) => readNotificationSettings(db, whoseNotices(caller)),
    'notifications.update': (patch, caller) => {
      const whose = whoseNotices(caller)
      const next = { ...readNotificationSettings(db, whose), ...patch }
      writeNotificationSettings(db, next, whose)
      return next
    },

    'settings.get': () => settingsView(),

    'settings.update': async (update) => {
      const current = llm.settings()
      const next = { ...current, providers: [...current.providers] }
      const changed: (keyof LlmSettings)[] = []
      if (update.defaultModel) {
        const profile = findProfile(update.defaultModel.providerId, 'defaultModel.providerId')
        if (!profile.models.some((m) => m.id === update.defaultModel?.model)) {
          throw new AppFailure(
            'invalid_input',
            `${profile.name} has no model "${update.defaultModel.model}".`,
            [{ field: 'defaultModel.model', message: 'unknown model for this provider' }]
          )
        }
        next.defaultModel = update.defaultModel
        changed.push('defaultModel')
      }
      if (update.dailyBudgetUsd !== undefined) {
        next.dailyBudgetUsd = update.dailyBudgetUsd
        changed.push('dailyBudgetUsd')
      }
      if (update.provider) {
        const { id, ...changes } = update.provider
        if (id === 'demo') {
          throw new AppFailure('not_allowed', 'The demo model cannot be edited.', [
            { field: 'provider.id', message: 'demo' }
          ])
        }
        const edited = parseOrFail(
          ProviderProfile,
          { ...findProfile(id, 'provider.id'), ...changes },
          'provider'
        )
        next.providers = [...next.providers.filter((p) => p.id !== id), edited]
        changed.push('providers')
      }
      // What is saved is what the store reads back: checked by the same schema before it is written.
      llm.updateSettings(parseOrFail(LlmSettings, next, ''), changed)
      return settingsView()
    },

    'settings.setApiKey': async ({ providerId, apiKey }) => {
      findProfile(providerId, 'providerId')
      if (providerId === 'demo') {
        throw new AppFailure('not_allowed', 'The demo model needs no key.', [
          { field: 'providerId', message: 'demo' }
        ])
      }
      const profile = findProfile(providerId, 'providerId')
      await llm.providerKeys.save(profile, apiKey)
      return { providerId, ...(await llm.providerKeys.state(profile)) }
    }
  }
}
