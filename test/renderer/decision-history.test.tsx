import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ApprovalsView } from '../../src/renderer/src/features/approvals'
import { insertPerson, getPerson } from '../../src/main/db/repositories/people'
import { localDayStart } from '../../src/renderer/src/store/decision-history-slice'
import type { Caller } from '../../src/shared/domain/caller'
import { proposeReturns, useLiveCore } from './live-core'

const SLOW = { timeout: 5_000 }
const ada: Caller = { kind: 'person', personId: 'P-ada', name: 'Ada Admin', role: 'lead' }

const live = useLiveCore()

async function decide(): Promise<{ approved: string; rejected: string }> {
  // A signed-in person is an account of the team: their decisions name it.
  const { db } = live.core.context
  if (!getPerson(db, 'P-ada'))
    insertPerson(db, {
      id: 'P-ada',
      name: 'Ada Admin',
      email: 'ada@shop.example',
      role: 'lead',
      passwordHash: null,
      createdAt: new Date().toISOString()
    })
  const [approved, rejected] = await proposeReturns(live.core, 2)
  const yes = await live.core.invoke('actions.approve', { actionId: approved! }, ada)
  const no = await live.core.invoke('actions.reject', {
    actionId: rejected!,
    reason: 'The customer kept the item as a goodwill gesture'
  })
  if (!yes.ok || !no.ok) throw new Error('the decisions were refused')
  return { approved: approved!, rejected: rejected! }
}

const openHistory = async (): Promise<HTMLElement> => {
  render(<ApprovalsView />)
  fireEvent.click(await screen.findByRole('tab', { name: 'Decision history' }, SLOW))
  return screen.findByRole('region', { name: /^Decision history/ }, SLOW)
}

describe('the decision history in Approvals', () => {
  it('lists approved and rejected actions: who decided, when and why', async () => {
    await decide()
    const history = await openHistory()
    const list = await within(history).findByRole('list', { name: 'Decisions' }, SLOW)
    const rows = within(list).getAllByRole('listitem')
    expect(rows[0]!.textContent).toContain('Rejected')
    expect(rows[0]!.textContent).toContain('Reason: The customer kept the item as a goodwill gesture')
    expect(rows[0]!.textContent).toContain('by support agent')
    expect(rows[1]!.textContent).toContain('Approved')
    expect(rows[1]!.textContent).toContain('by Ada Admin')
    expect(within(rows[1]!).getByRole('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/)
  })

  it('filters by decision, by person and by date, and shows new decisions as they are made', async () => {
    await decide()
    const history = await openHistory()
    const list = await within(history).findByRole('list', { name: 'Decisions' }, SLOW)

    fireEvent.click(
      within(within(history).getByRole('group', { name: 'Decision' })).getByRole('button', {
        name: 'Rejected'
      })
    )
    await waitFor(
      () =>
        expect(
          within(list)
            .getAllByRole('listitem')
            .every((r) => r.textContent?.includes('Rejected'))
        ).toBe(true),
      SLOW
    )
    fireEvent.click(
      within(within(history).getByRole('group', { name: 'Decision' })).getByRole('button', {
        name: 'Rejected'
      })
    )

    fireEvent.change(within(history).getByLabelText('Decided by'), { target: { value: 'Ada Admin' } })
    await waitFor(
      () =>
        expect(
          within(list)
            .getAllByRole('listitem')
            .every((r) => r.textContent?.includes('by Ada Admin'))
        ).toBe(true),
      SLOW
    )
    fireEvent.change(within(history).getByLabelText('Decided by'), { target: { value: '' } })

    // Days are the person's own: "from today" starts at their midnight, "to yesterday" ends there.
    const localDay = (at: Date): string =>
      `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`
    const midnight = Date.parse(localDayStart(localDay(new Date())))
    const decidedAt = (): number[] =>
      within(list)
        .getAllByRole('time')
        .map((t) => Date.parse(t.getAttribute('datetime')!))
    fireEvent.change(within(history).getByLabelText('From'), { target: { value: localDay(new Date()) } })
    await waitFor(() => {
      expect(list.textContent).toContain('goodwill gesture')
      expect(decidedAt().every((at) => at >= midnight)).toBe(true)
    }, SLOW)
    fireEvent.change(within(history).getByLabelText('From'), { target: { value: '' } })
    fireEvent.change(within(history).getByLabelText('To'), {
      target: { value: localDay(new Date(Date.now() - 86_400_000)) }
    })
    await waitFor(() => {
      expect(list.textContent).not.toContain('goodwill gesture')
      expect(decidedAt().every((at) => at < midnight)).toBe(true)
    }, SLOW)
    fireEvent.click(within(history).getByRole('button', { name: 'Clear filters' }))
    const again = await within(history).findByRole('list', { name: 'Decisions' }, SLOW)
    await waitFor(() => expect(again.textContent).toContain('goodwill gesture'), SLOW)

    const total = (): number => Number(within(history).getByRole('heading').textContent?.replace(/\D/g, ''))
    const before = total()
    const [another] = await proposeReturns(live.core, 1)
    await live.core.invoke('actions.reject', { actionId: another!, reason: 'Outside the return window' })
    await waitFor(() => expect(total()).toBe(before + 1), SLOW)
    await waitFor(
      () =>
        expect(within(again).getAllByRole('listitem')[0]!.textContent).toContain('Outside the return window'),
      SLOW
    )
  }, 30_000)
})
