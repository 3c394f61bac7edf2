import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { SettingsView } from '../../src/renderer/src/features/settings'
import type { SettingsView as Settings } from '../../src/shared/domain/settings'
import { allowStdioCommand } from '../../src/main/mcp-client/stdio-allowlist'
import { useLiveCore } from './live-core'

const live = useLiveCore()

async function coreSettings(): Promise<Settings> {
  const result = await live.core.invoke('settings.get', {})
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

/** The error text a field points at with aria-describedby. */
function describedBy(field: HTMLElement): string {
  return (field.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ')
}

async function openProvider(name: string): Promise<HTMLElement> {
  const card = await screen.findByRole('region', { name })
  const details = card.querySelector('details')!
  if (!details.open) fireEvent.click(within(card).getByText(name))
  details.open = true
  return card
}

describe('the settings view', () => {
  it('shows the providers with their key as set or not, the default model, demo mode and MCP snippets', async () => {
    render(<SettingsView />)
    const expected = await coreSettings()
    const providers = await screen.findByRole('region', { name: 'AI providers' })
    for (const provider of expected.providers) {
      const card = within(providers).getByRole('region', { name: provider.name })
      if (provider.id === 'demo') expect(card.textContent).toContain('Free')
      else expect(card.textContent).toContain(provider.keySet ? 'Key set' : 'No key')
    }
    expect(screen.getByRole('switch', { name: 'Demo mode' }).getAttribute('aria-checked')).toBe('true')
    expect((screen.getByLabelText('Default model') as HTMLSelectElement).value).toBe(
      `${expected.defaultModel.providerId}/${expected.defaultModel.model}`
    )
    expect(screen.getByLabelText('Claude Desktop configuration').textContent).toBe(expected.mcp.claudeDesktop)
    expect(screen.getByLabelText('Stdio command').textContent).toBe(expected.mcp.genericStdio)

    const openai = await openProvider('OpenAI GPT-4.1')
    expect(openai.textContent).toContain('https://platform.openai.com/docs/pricing')
    expect(openai.textContent).toMatch(/checked Nov 25, 2026/)
    expect(
      (within(openai).getByLabelText('gpt-4.1 input price per million tokens') as HTMLInputElement).value
    ).toBe('2')
  })

  it('saves the daily budget, and shows a refused value beside its field', async () => {
    render(<SettingsView />)
    const field = await screen.findByLabelText('Daily budget (USD)')
    const budget = screen.getByRole('region', { name: 'Daily budget' })
    const save = within(budget).getByRole('button', { name: 'Save budget' })

    fireEvent.change(field, { target: { value: '-5' } })
    await act(async () => fireEvent.click(save))
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'))
    expect(describedBy(field)).toContain('Must be 0 or more.')
    expect(within(budget).getByRole('alert').textContent).toContain('Not saved.')

    fireEvent.change(field, { target: { value: 'ten dollars' } })
    await act(async () => fireEvent.click(save))
    expect(describedBy(field)).toContain('Enter an amount in dollars')

    // Number() would read these as 16 and Infinity (which crosses the bridge as null: no budget).
    for (const typed of ['0x10', '1e999']) {
      fireEvent.change(field, { target: { value: typed } })
      await act(async () => fireEvent.click(save))
      expect(describedBy(field)).toContain('Enter an amount in dollars')
    }
    expect((await coreSettings()).dailyBudgetUsd).toBeNull()

    fireEvent.change(field, { target: { value: '12.345' } })
    await act(async () => fireEvent.click(save))
    await waitFor(() => expect(describedBy(field)).toContain('Use whole cents'))

    fireEvent.change(field, { target: { value: '12.5' } })
    await act(async () => fireEvent.click(save))
    await waitFor(() =>
      expect(within(budget).getByRole('status').textContent).toBe('Daily budget set to $12.5.')
    )
    expect(field.getAttribute('aria-invalid')).toBe('false')
    expect((await coreSettings()).dailyBudgetUsd).toBe(12.5)
  })

  it('names the offending provider fields the core refuses, and changes nothing', async () => {
    render(<SettingsView />)
    const card = await openProvider('OpenAI GPT-4.1')
    const baseUrl = within(card).getByLabelText('Base URL')
    const price = within(card).getByLabelText('gpt-4.1-mini output price per million tokens')
    const inFlight = within(card).getByLabelText('Requests at once')
    fireEvent.change(baseUrl, { target: { value: 'api.openai.com' } })
    fireEvent.change(price, { target: { value: '' } })
    fireEvent.change(inFlight, { target: { value: '0' } })
    await act(async () => fireEvent.click(within(card).getByRole('button', { name: 'Save provider' })))

    await waitFor(() => expect(baseUrl.getAttribute('aria-invalid')).toBe('true'))
    expect(describedBy(baseUrl)).toContain('Enter a full address')
    expect(describedBy(price)).toBe('Enter the price in dollars per million tokens, e.g. 0.28.')
    expect(describedBy(inFlight)).toBe('Must be more than 0.')
    const openai = (await coreSettings()).providers.find((p) => p.id === 'openai')!
    expect(openai.baseURL).toBe('https://api.openai.com/v1')

    fireEvent.click(within(card).getByRole('button', { name: 'Undo changes' }))
    fireEvent.change(within(card).getByLabelText('gpt-4.1 input price per million tokens'), {
      target: { value: '0x10' }
    })
    await act(async () => fireEvent.click(within(card).getByRole('button', { name: 'Save provider' })))
    await waitFor(() =>
      expect(describedBy(within(card).getByLabelText('gpt-4.1 input price per million tokens'))).toMatch(
        /^Enter the price/
      )
    )
    fireEvent.click(within(card).getByRole('button', { name: 'Undo changes' }))
    fireEvent.change(within(card).getByLabelText('gpt-4.1 output price per million tokens'), {
      target: { value: '7.5' }
    })
    await act(async () => fireEvent.click(within(card).getByRole('button', { name: 'Save provider' })))
    await waitFor(() => expect(within(card).getByText('OpenAI GPT-4.1 saved.')).toBeTruthy())
    const saved = (await coreSettings()).providers.find((p) => p.id === 'openai')!
    expect(saved.models.find((m) => m.id === 'gpt-4.1')?.outputPerMTok).toBe(7.5)
  })

  it('stores an API key without ever showing it, then shows the provider as set', async () => {
    render(<SettingsView />)
    const card = await openProvider('DeepSeek V3.2')
    const keyField = within(card).getByLabelText(/^API key/) as HTMLInputElement
    expect(keyField.type).toBe('password')
    const save = within(card).getByRole('button', { name: 'Save key' })

    fireEvent.change(keyField, { target: { value: 'short' } })
    await act(async () => fireEvent.click(save))
    await waitFor(() => expect(describedBy(keyField)).toBe('That is too short to be an API key.'))

    const secret = 'sk-test-0123456789abcdef-SECRET'
    fireEvent.change(keyField, { target: { value: secret } })
    await act(async () => fireEvent.click(save))
    await waitFor(() => expect(within(card).getAllByText('Key set').length).toBeGreaterThan(0))
    expect(keyField.value).toBe('')
    expect(document.body.innerHTML).not.toContain(secret)
    expect((await coreSettings()).providers.find((p) => p.id === 'deepseek')?.keySet).toBe(true)
  })

  it('shows a provider whose base URL moved to another host as needing its key again', async () => {
    render(<SettingsView />)
    const card = await openProvider('Google Gemini 2.5 Flash')
    const keyField = within(card).getByLabelText(/^API key/) as HTMLInputElement
    fireEvent.change(keyField, { target: { value: 'AIza-test-0123456789abcdef' } })
    await act(async () => fireEvent.click(within(card).getByRole('button', { name: 'Save key' })))
    await waitFor(() => expect(within(card).getAllByText('Key set').length).toBeGreaterThan(0))

    fireEvent.change(within(card).getByLabelText('Base URL'), {
      target: { value: 'https://gemini-proxy.example.com/v1' }
    })
    await act(async () => fireEvent.click(within(card).getByRole('button', { name: 'Save provider' })))
    await waitFor(() => expect(within(card).getAllByText('Key needed').length).toBeGreaterThan(0))
    expect(card.textContent).toContain(
      'The key was given for https://generativelanguage.googleapis.com; enter it again for https://gemini-proxy.example.com.'
    )
    const gemini = (await coreSettings()).providers.find((p) => p.id === 'gemini')!
    expect(gemini).toMatchObject({ keySet: false, baseURL: 'https://gemini-proxy.example.com/v1' })
  })

  it('switches the default model: demo mode turns off, and back on with the switch', async () => {
    render(<SettingsView />)
    const picker = (await screen.findByLabelText('Default model')) as HTMLSelectElement
    const demo = screen.getByRole('switch', { name: 'Demo mode' })
    fireEvent.change(picker, { target: { value: 'openai/gpt-4.1-mini' } })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save model' })))
    await waitFor(() => expect(demo.getAttribute('aria-checked')).toBe('false'))
    expect((await coreSettings()).defaultModel).toEqual({ providerId: 'openai', model: 'gpt-4.1-mini' })
    const status = await live.core.invoke('status.get', {})
    expect(status.ok && status.value.demoMode).toBe(false)

    await act(async () => fireEvent.click(demo))
    await waitFor(() => expect(demo.getAttribute('aria-checked')).toBe('true'))
    expect((await coreSettings()).defaultModel.providerId).toBe('demo')
  })

  it('says which saved settings could not be read, instead of silently using defaults', async () => {
    live.core.context.db
      .prepare(
        "INSERT INTO settings (key, value) VALUES ('llm', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"
      )
      .run(JSON.stringify({ dailyBudgetUsd: 'lots' }))
    render(<SettingsView />)
    const notice = await screen.findByRole('alert', { name: 'Some saved settings could not be read' })
    expect(notice.textContent).toContain('AI settings dailyBudgetUsd')
    expect(notice.textContent).toContain('Enter an amount in dollars')
  })

  it('says where keys are kept when the desktop app has no keyring (basic_text)', async () => {
    const notice = 'Your desktop has no keyring (GNOME Keyring or KWallet), so keys go to files.'
    const original = live.core.context.options.keyStorage
    live.core.context.options.keyStorage = { kind: 'file', notice }
    try {
      render(<SettingsView />)
      const providers = await screen.findByRole('region', { name: 'AI providers' })
      expect(within(providers).getByRole('note').textContent).toBe(notice)
      const card = await openProvider('DeepSeek V3.2')
      expect(card.textContent).toContain('Kept by Frontline’s core in a file only you can read')
    } finally {
      live.core.context.options.keyStorage = original
    }
  })

  it('copies the MCP host snippet, or selects it for Ctrl+C where the clipboard is refused', async () => {
    render(<SettingsView />)
    const copy = await screen.findByRole('button', { name: 'Copy Claude Desktop configuration' })
    // jsdom has no clipboard: the fallback a locked-down browser would take.
    await act(async () => fireEvent.click(copy))
    const block = copy.closest('.copy-block') as HTMLElement
    expect(within(block).getByRole('status').textContent).toBe('Selected: press Ctrl+C to copy')
    expect(window.getSelection()?.toString()).toBe((await coreSettings()).mcp.claudeDesktop)
  })

  it('adds an external MCP server, shows why it cannot connect, and removes it', async () => {
    render(<SettingsView />)
    const section = await screen.findByRole('region', { name: 'External MCP servers' })
    const add = within(section).getByRole('button', { name: 'Add server' })
    fireEvent.change(within(section).getByLabelText('Command'), {
      target: { value: 'frontline-no-such-program --x' }
    })
    await act(async () => fireEvent.click(add))
    const name = within(section).getByLabelText('Name')
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'))
    expect(section.textContent).toContain('Give the server a name')

    fireEvent.change(name, { target: { value: 'Warehouse' } })
    await act(async () => fireEvent.click(add))
    // The console may not start a program by itself: the refusal says how to allow it on the machine.
    const command = within(section).getByLabelText('Command')
    await waitFor(() => expect(command.getAttribute('aria-invalid')).toBe('true'))
    expect(describedBy(command)).toContain(
      `frontline mcp-server allow --db '${live.core.context.options.dbPath}' --command 'frontline-no-such-program --x'`
    )
    expect(within(section).queryByRole('list', { name: 'MCP servers' })).toBeNull()

    allowStdioCommand(live.core.context.db, {
      command: 'frontline-no-such-program',
      args: ['--x'],
      envNames: []
    })
    await act(async () => fireEvent.click(add))
    const list = await within(section).findByRole('list', { name: 'MCP servers' })
    const server = within(list).getByRole('listitem', { name: 'Warehouse' })
    expect(server.textContent).toContain('frontline-no-such-program --x')
    // Connecting happens in the background; the core's event brings the outcome.
    await waitFor(() => expect(server.textContent).toContain('Not connected'), { timeout: 10_000 })

    fireEvent.click(within(server).getByRole('button', { name: 'Remove' }))
    await act(async () => fireEvent.click(within(server).getByRole('button', { name: 'Remove Warehouse' })))
    await waitFor(() => expect(within(section).queryByRole('listitem', { name: 'Warehouse' })).toBeNull())
    const servers = await live.core.invoke('mcpServers.list', {})
    expect(servers.ok && servers.value).toEqual([])
  })
})
