import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'
import { LabView } from '../../src/renderer/src/features/lab'
import { ask, connectConsole } from './console-host'

// A replay drafts: the console's core runs in vitest's Node process (drafting-hosts.global.ts).
beforeEach(() => {
  connectConsole(inject('demoConsoleUrl'))
})
afterEach(() => cleanup())

describe('the Lab view', () => {
  it('replays the latest answered tickets with an edited prompt, side by side, and saves the prompt', async () => {
    render(<LabView />)
    await screen.findByText(/^[1-9]\d* answered tickets match\.$/)
    fireEvent.change(screen.getByLabelText('How many'), { target: { value: '2' } })
    await screen.findByDisplayValue(/You are a customer-support agent/)
    fireEvent.change(screen.getByLabelText('Instructions'), { target: { value: 'Short and warm, always.' } })
    expect(screen.getByText(/Edited: the replay tries these/)).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Start replay' }))

    await waitFor(() =>
      expect(screen.getByTestId('lab-status').textContent).toBe('Done: 2 of 2 tickets replayed')
    )
    expect(screen.getByRole('progressbar', { name: 'Replay progress' }).getAttribute('aria-valuenow')).toBe(
      '100'
    )
    const results = await screen.findByRole('list', { name: 'Tickets replayed' })
    const items = within(results).getAllByRole('listitem')
    expect(items).toHaveLength(2)
    for (const item of items) {
      expect(item.textContent).toContain('New draft (frontline-demo)')
      expect(item.textContent).toMatch(/Sent \((by a person|AI draft, .+)\)/)
      expect(item.textContent).toMatch(/Agrees|Differs in/)
    }
    expect(screen.getByTestId('lab-per-thousand').textContent).toContain('$0.00 with frontline-demo')

    fireEvent.click(screen.getByRole('button', { name: 'Save this prompt as the shop’s' }))
    await waitFor(() => expect(screen.getByTestId('shop-prompt').textContent).toBe('Short and warm, always.'))
    const history = screen.getByRole('list', { name: 'Prompt history' })
    expect(within(history).getAllByRole('listitem')[0]!.textContent).toContain('from a replay')
    // The core agrees: every draft now starts from these instructions.
    expect((await ask('shopPrompt.get', {})).instructions).toBe('Short and warm, always.')
  })

  it('says why a replay cannot start: no ticket chosen, or none that matches', async () => {
    render(<LabView />)
    await screen.findByText(/answered tickets? match/)
    fireEvent.click(screen.getByRole('button', { name: 'Chosen' }))
    expect(screen.getByText('0 chosen below.')).toBeTruthy()
    expect((screen.getByRole('button', { name: 'Start replay' }) as HTMLButtonElement).disabled).toBe(true)

    fireEvent.click(screen.getByRole('button', { name: 'Latest' }))
    fireEvent.change(screen.getByLabelText('Replied from'), { target: { value: '2099-01-01' } })
    await screen.findByText('0 answered tickets match.')
    fireEvent.click(screen.getByRole('button', { name: 'Start replay' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('No answered tickets match: there is nothing to replay.')
    expect(alert.textContent).toContain('selection')
  })
})
