import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { insertLlmCall, type LlmCallRecord } from '../../src/main/db/repositories/llm-calls'
import { CostsView } from '../../src/renderer/src/features/costs'
import { formatMicroUsd } from '../../src/renderer/src/features/costs/format-cost'
import { resetFrontlineStore, useFrontlineStore } from '../../src/renderer/src/store'
import type { CostSummary } from '../../src/shared/domain/costs'
import { useLiveCore } from './live-core'

const DAY = 86_400_000

/** A line of the usage ledger, as the gateway writes one after each call. */
function recordCall(daysAgo: number, call: Partial<LlmCallRecord>): void {
  insertLlmCall(live.core.context.db, {
    provider: 'openai',
    model: 'gpt-4.1',
    ticketId: null,
    draftId: null,
    tokensIn: 4000,
    tokensOut: 200,
    tokensCached: 0,
    usageEstimated: false,
    costMicroUsd: 9_600,
    latencyMs: 900,
    outcome: 'ok',
    error: null,
    createdAt: new Date(Date.now() - daysAgo * DAY).toISOString(),
    ...call
  })
}

async function summary(): Promise<CostSummary> {
  const result = await live.core.invoke('costs.summary', {})
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

const live = useLiveCore(() => {
  recordCall(0, { ticketId: 'TKT-000001' })
  recordCall(0, { ticketId: 'TKT-000001', outcome: 'error', costMicroUsd: 0, tokensIn: 0, tokensOut: 0 })
  recordCall(3, { provider: 'deepseek', model: 'deepseek-chat', ticketId: 'TKT-000002', costMicroUsd: 1_500 })
  recordCall(10, { ticketId: 'TKT-000003', tokensIn: 90_000, tokensOut: 12_000, costMicroUsd: 276_000 })
  recordCall(1, { provider: 'demo', model: 'frontline-demo', ticketId: 'TKT-000004', costMicroUsd: 0 })
})

const count = (channel: string): number => live.calls.filter((c) => c === channel).length

describe('the costs view', () => {
  it('shows spend today, over 7 and 30 days, with calls and tokens in and out', async () => {
    render(<CostsView />)
    const expected = await summary()
    const cards = [
      ['Today', expected.today],
      ['Last 7 days', expected.last7Days],
      ['Last 30 days', expected.last30Days]
    ] as const
    for (const [label, totals] of cards) {
      const card = await screen.findByRole('region', { name: label })
      expect(within(card).getByText(formatMicroUsd(totals.costMicroUsd))).toBeTruthy()
      expect(card.textContent).toContain(`${totals.calls} ${totals.calls === 1 ? 'call' : 'calls'}`)
      expect(card.textContent).toContain('Tokens in')
    }
    expect(screen.getByRole('region', { name: 'Today' }).textContent).toContain('1 failed')
    expect(formatMicroUsd(expected.today.costMicroUsd)).toBe('$0.0096')
    expect(formatMicroUsd(expected.last30Days.costMicroUsd)).toBe('$0.2871')
  })

  it('draws the daily spend by model as stacked bars, with a legend naming each model', async () => {
    const { container } = render(<CostsView />)
    const chart = await screen.findByRole('img', { name: /Daily AI spend by model, last 30 days/ })
    const paid = (await summary()).byDayAndModel.filter((row) => row.costMicroUsd > 0)
    expect(container.querySelectorAll('.spend-chart__bar')).toHaveLength(paid.length)
    expect(chart.textContent).toContain('Highest day')
    const legend = screen.getByRole('list', { name: 'Models' })
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map((item) => item.textContent)
    ).toEqual([
      `gpt-4.1${formatMicroUsd(285_600)}`,
      `deepseek-chat${formatMicroUsd(1_500)}`,
      `frontline-demo${formatMicroUsd(0)}`
    ])
  })

  it('breaks spend down per model and per ticket: average and the most expensive, which open', async () => {
    render(<CostsView />)
    const byModel = await screen.findByRole('table', { name: 'Spend by model, last 30 days' })
    const rows = within(byModel).getAllByRole('row').slice(1)
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual([
      'gpt-4.1openai',
      'deepseek-chatdeepseek',
      'frontline-demodemo'
    ])
    expect(rows[0]!.textContent).toContain('(1 failed)')

    const expected = (await summary()).tickets
    const perTicket = screen.getByRole('region', { name: 'Per ticket' })
    expect(perTicket.textContent).toContain(formatMicroUsd(expected.averageMicroUsd))
    const top = within(screen.getByRole('table', { name: 'Tickets by cost, last 30 days' })).getAllByRole(
      'row'
    )
    expect(top[1]!.textContent).toContain('TKT-000003')
    expect(top[1]!.textContent).toContain(expected.mostExpensive[0]!.subject!)

    await act(async () => within(top[1]!).getByRole('button', { name: 'TKT-000003' }).click())
    expect(useFrontlineStore.getState().openTicketId).toBe('TKT-000003')
    expect(useFrontlineStore.getState().view).toBe('inbox')
  })

  it('pages through every ticket that used the AI, not only the most expensive few', async () => {
    for (let i = 0; i < 30; i++)
      recordCall(2, { ticketId: `TKT-${String(100 + i).padStart(6, '0')}`, costMicroUsd: 10 + i })
    render(<CostsView />)
    const table = await screen.findByRole('table', { name: 'Tickets by cost, last 30 days' })
    const pager = screen.getByRole('navigation', { name: 'Ticket cost pages' })
    const counted = await live.core.invoke('costs.tickets', { days: 30, limit: 1 })
    if (!counted.ok) throw new Error(counted.error.message)
    const total = counted.value.total
    expect(total).toBeGreaterThan(30)
    expect(within(table).getAllByRole('row')).toHaveLength(26)
    expect(pager.textContent).toContain(`1–25 of ${total}`)
    fireEvent.click(within(pager).getByRole('button', { name: 'Next' }))
    await waitFor(() => expect(pager.textContent).toContain(`26–${Math.min(50, total)} of ${total}`))
    expect(within(table).getAllByRole('row')).toHaveLength(Math.min(50, total) - 25 + 1)
    expect(within(pager).getByRole('button', { name: 'Previous' })).toHaveProperty('disabled', false)
  })

  it('shows the daily budget and how much is left', async () => {
    render(<CostsView />)
    const noBudget = await screen.findByRole('region', { name: 'Daily budget' })
    expect(noBudget.textContent).toContain('No limit')
    cleanup()

    const saved = await live.core.invoke('settings.update', { dailyBudgetUsd: 0.02 })
    expect(saved.ok).toBe(true)
    resetFrontlineStore()
    render(<CostsView />)
    const meter = await screen.findByRole('meter', { name: 'Daily budget left' })
    const spent = (await summary()).budget.spentTodayMicroUsd
    expect(meter.getAttribute('aria-valuetext')).toBe(`${formatMicroUsd(spent)} of $0.02 spent`)
    expect(screen.getByRole('region', { name: 'Daily budget' }).textContent).toContain(
      formatMicroUsd(20_000 - spent)
    )
    await live.core.invoke('settings.update', { dailyBudgetUsd: null })
  })

  it('updates when the core reports new spend, with one reload per burst', async () => {
    render(<CostsView />)
    const today = await screen.findByRole('region', { name: 'Today' })
    const before = (await summary()).today.costMicroUsd
    await waitFor(() => expect(today.textContent).toContain(formatMicroUsd(before)))
    const loads = count('costs.summary')

    recordCall(0, { ticketId: 'TKT-000005', costMicroUsd: 40_000 })
    act(() => {
      for (let i = 0; i < 3; i++)
        live.core.context.events.emit('costs.changed', { todayMicroUsd: before + 40_000 })
    })
    await waitFor(() => expect(today.textContent).toContain(formatMicroUsd(before + 40_000)))
    expect(count('costs.summary')).toBe(loads + 1)
  })

  it('exports the spend as CSV: one line per day and model', async () => {
    render(<CostsView />)
    await screen.findByRole('region', { name: 'Today' })
    const file = await act(() => useFrontlineStore.getState().exportCosts(7))
    expect(file?.filename).toMatch(/^frontline-costs-\d{4}-\d{2}-\d{2}-7d\.csv$/)
    const lines = file!.csv.trim().split('\n')
    expect(lines[0]).toBe('day,provider,model,calls,tokens_in,tokens_out,tickets,cost_usd')
    // One call, its tokens, the one ticket it was for, and its cost.
    expect(lines.some((l) => /,deepseek,deepseek-chat,1,4000,200,1,0\.001500$/.test(l))).toBe(true)
    // Ten days ago is outside a 7-day export.
    expect(lines.some((l) => l.endsWith(',0.276000'))).toBe(false)
  })
})
