import { createServer, type Server } from 'node:net'
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SettingsView } from '../../src/renderer/src/features/settings'
import { resetFrontlineStore } from '../../src/renderer/src/store'
import type { ChannelKeyInfo, ChannelSettings } from '../../src/shared/domain/channel'
import { startLiveCore, type LiveCore } from './live-core'

let live: LiveCore

beforeAll(async () => {
  live = await startLiveCore()
  // Any free port: a fixed one may be taken on the machine running the tests.
  const saved = await live.core.invoke('channel.settings.update', { port: 0 })
  if (!saved.ok) throw new Error(saved.error.message)
})

afterAll(async () => {
  await live.close()
})

beforeEach(() => {
  live.connect()
  resetFrontlineStore()
})

afterEach(async () => {
  cleanup()
  await live.core.invoke('channel.stop', {})
})

async function core<T>(answer: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>) {
  const result = await answer
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}
const coreKeys = (): Promise<ChannelKeyInfo[]> => core(live.core.invoke('channel.keys.list', {}))
const coreChannelSettings = (): Promise<ChannelSettings> => core(live.core.invoke('channel.settings.get', {}))

/** The error text a field points at with aria-describedby. */
function describedBy(field: HTMLElement): string {
  return (field.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ')
}

async function openSection(): Promise<HTMLElement> {
  render(<SettingsView />)
  const section = await screen.findByRole('region', { name: 'Chat channel' })
  await within(section).findByRole('switch', { name: 'Serve the chat API' })
  return section
}

const fact = (section: HTMLElement, term: string): string => {
  const dt = within(section).getByText(term, { selector: 'dt' })
  return dt.nextElementSibling?.textContent ?? ''
}

async function createKey(section: HTMLElement, name: string): Promise<string> {
  fireEvent.change(within(section).getByLabelText('Key name'), { target: { value: name } })
  await act(async () => fireEvent.click(within(section).getByRole('button', { name: 'Create key' })))
  const shown = await within(section).findByRole('region', { name: `New key “${name}”` })
  return within(shown).getByLabelText('New channel key').textContent ?? ''
}

describe('the chat channel in Settings', () => {
  it('creates a key shown once with a warning, then lists it by name and prefix only', async () => {
    const section = await openSection()
    const name = within(section).getByLabelText('Key name')

    await act(async () => fireEvent.click(within(section).getByRole('button', { name: 'Create key' })))
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'))
    expect(describedBy(name)).toContain('Give the key a name')

    const key = await createKey(section, 'Shop website')
    expect(key).toMatch(/^flc_[\w-]{40,}$/)
    const shown = within(section).getByRole('region', { name: 'New key “Shop website”' })
    expect(within(shown).getByRole('alert').textContent).toContain('It will not be shown again')
    expect(within(shown).getByRole('button', { name: 'Copy New channel key' })).toBeTruthy()
    // jsdom has no clipboard: Copy selects the key for Ctrl+C instead.
    await act(async () =>
      fireEvent.click(within(shown).getByRole('button', { name: 'Copy New channel key' }))
    )
    expect(window.getSelection()?.toString()).toBe(key)

    const stored = (await coreKeys()).find((k) => k.name === 'Shop website')!
    const row = within(within(section).getByRole('table', { name: 'Channel keys' })).getByRole('row', {
      name: 'Shop website'
    })
    expect(row.textContent).toContain(`${stored.prefix}…`)
    expect(row.textContent).toContain('Never')
    expect(row.textContent).toContain('Active')
    expect(row.textContent).not.toContain(key)

    fireEvent.click(within(shown).getByRole('button', { name: 'I have copied it' }))
    expect(within(section).queryByRole('region', { name: /^New key/ })).toBeNull()
    expect(document.body.innerHTML).not.toContain(key)
    // Coming back to Settings does not bring it back either.
    cleanup()
    await openSection()
    expect(document.body.innerHTML).not.toContain(key)
  })

  it('starts the API with the switch (address, port, queue, breaker), serves with the key, and stops', async () => {
    const section = await openSection()
    const key = await createKey(section, 'Switch test')
    const serve = within(section).getByRole('switch', { name: 'Serve the chat API' })
    expect(serve.getAttribute('aria-checked')).toBe('false')
    expect(fact(section, 'Address')).toBe('Not listening')

    await act(async () => fireEvent.click(serve))
    await waitFor(() => expect(serve.getAttribute('aria-checked')).toBe('true'))
    const status = await core(live.core.invoke('channel.status', {}))
    expect(status.running).toBe(true)
    expect(fact(section, 'Address')).toBe(status.url)
    expect(fact(section, 'Port')).toBe(new URL(status.url!).port)
    expect(fact(section, 'Queue')).toBe('0 chats being answered · 0 live chats connected')
    await waitFor(() =>
      expect(fact(section, 'AI breaker')).toBe('Closed Offline demo model: the AI provider is answering')
    )
    expect(within(section).getByText('Running')).toBeTruthy()
    expect(within(section).getByLabelText('Try it from a terminal').textContent).toContain(
      `${status.url}/mcp/chat`
    )

    // The address shown is the real one: the API answers there, to the key just made and no other.
    const health = await fetch(`${status.url}/health`, { headers: { Authorization: `Bearer ${key}` } })
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ status: 'healthy', provider: { breaker: 'closed' } })
    const refused = await fetch(`${status.url}/mcp/tools`, { headers: { Authorization: 'Bearer flc_wrong' } })
    expect(refused.status).toBe(401)

    await act(async () => fireEvent.click(serve))
    await waitFor(() => expect(serve.getAttribute('aria-checked')).toBe('false'))
    expect(fact(section, 'Address')).toBe('Not listening')
    await expect(fetch(`${status.url}/health`)).rejects.toThrow()
  })

  it('follows a start and stop made elsewhere (the CLI, another window) through the channel.status event', async () => {
    const section = await openSection()
    const serve = within(section).getByRole('switch', { name: 'Serve the chat API' })
    const started = await core(live.core.invoke('channel.start', {}))
    await waitFor(() => expect(serve.getAttribute('aria-checked')).toBe('true'))
    expect(fact(section, 'Address')).toBe(started.url)
    await live.core.invoke('channel.stop', {})
    await waitFor(() => expect(serve.getAttribute('aria-checked')).toBe('false'))
  })

  it('explains a port that is taken beside the Port field, and saves a good address', async () => {
    const blocker: Server = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const taken = (blocker.address() as { port: number }).port
    try {
      const section = await openSection()
      const port = within(section).getByLabelText('Port')
      fireEvent.change(port, { target: { value: 'eighty' } })
      await act(async () => fireEvent.click(within(section).getByRole('button', { name: 'Save address' })))
      expect(describedBy(port)).toBe('Enter a port number from 0 to 65535.')

      fireEvent.change(port, { target: { value: '70000' } })
      await act(async () => fireEvent.click(within(section).getByRole('button', { name: 'Save address' })))
      await waitFor(() => expect(describedBy(port)).toBe('Must be 65,535 or less.'))
      expect((await coreChannelSettings()).port).toBe(0)

      fireEvent.change(port, { target: { value: String(taken) } })
      await act(async () => fireEvent.click(within(section).getByRole('button', { name: 'Save address' })))
      await waitFor(() =>
        expect(
          within(section).getByText(`Address saved: the API will listen on 127.0.0.1:${taken}.`)
        ).toBeTruthy()
      )
      expect((await coreChannelSettings()).port).toBe(taken)

      const serve = within(section).getByRole('switch', { name: 'Serve the chat API' })
      await act(async () => fireEvent.click(serve))
      await waitFor(() => expect(port.getAttribute('aria-invalid')).toBe('true'))
      expect(describedBy(port)).toBe(
        `Port ${taken} on 127.0.0.1 is already in use: choose another, or 0 for any free port.`
      )
      expect(within(section).getAllByRole('alert')[0]!.textContent).toContain('Could not start the chat API.')
      expect(serve.getAttribute('aria-checked')).toBe('false')
    } finally {
      blocker.close()
      await live.core.invoke('channel.settings.update', { port: 0 })
    }
  })

  it('sets the autopilot per channel and intent; returns and refunds are fixed and explained', async () => {
    const section = await openSection()
    const table = within(section).getByRole('table', { name: /Answers that may be sent at once/ })
    const chatOrders = within(table).getByRole('checkbox', {
      name: 'Send Where is my order answers at once in Live chat'
    }) as HTMLInputElement
    const emailOrders = within(table).getByRole('checkbox', {
      name: 'Send Where is my order answers at once in Email'
    }) as HTMLInputElement
    expect([chatOrders.checked, emailOrders.checked]).toEqual([true, false])
    for (const channel of ['Live chat', 'Email', 'Web form']) {
      const fixed = within(table).getByRole('checkbox', {
        name: `Send Returns, refunds and other changes answers at once in ${channel}`
      }) as HTMLInputElement
      expect([fixed.checked, fixed.disabled]).toEqual([false, true])
      expect(describedBy(fixed)).toBe('Always waits for a person.')
    }
    expect(within(section).getByRole('note').textContent).toMatch(
      /Why returns and refunds are never sent on their own.*waits in Approvals/
    )

    await act(async () => fireEvent.click(chatOrders))
    await waitFor(() => expect(within(section).getByText('Autopilot saved.')).toBeTruthy())
    expect(chatOrders.checked).toBe(false)
    expect((await coreChannelSettings()).autopilot.chat.order_status).toBe(false)

    const fallbacks = within(section).getByRole('switch', { name: 'Send answers written without the AI' })
    expect(fallbacks.getAttribute('aria-checked')).toBe('true')
    await act(async () => fireEvent.click(fallbacks))
    await waitFor(() => expect(fallbacks.getAttribute('aria-checked')).toBe('false'))
    expect((await coreChannelSettings()).autopilot).toMatchObject({
      sendFallbacks: false,
      chat: { order_status: false, product_question: true }
    })
    await live.core.invoke('channel.settings.update', {
      autopilot: { chat: { order_status: true }, sendFallbacks: true }
    })
  })

  it('refuses a bad origin and a zero rate limit beside their fields, and saves good ones', async () => {
    const section = await openSection()
    const origins = within(section).getByLabelText('Allowed website origins (CORS)')
    fireEvent.change(origins, { target: { value: 'https://shop.example.com\nshop.example.com/chat' } })
    await act(async () => fireEvent.click(within(section).getByRole('button', { name: 'Save origins' })))
    await waitFor(() => expect(origins.getAttribute('aria-invalid')).toBe('true'))
    expect(describedBy(origins)).toContain('Line 2 (shop.example.com/chat): Expected an origin such as')
    expect((await coreChannelSettings()).corsOrigins).toEqual([])

    fireEvent.change(origins, { target: { value: 'https://shop.example.com\n\nhttp://localhost:3000 ' } })
    await act(async () => fireEvent.click(within(section).getByRole('button', { name: 'Save origins' })))
    await waitFor(() => expect(within(section).getByText('2 origins allowed.')).toBeTruthy())
    expect((await coreChannelSettings()).corsOrigins).toEqual([
      'https://shop.example.com',
      'http://localhost:3000'
    ])

    const perCustomer = within(section).getByLabelText('Messages per customer per minute')
    fireEvent.change(perCustomer, { target: { value: '0' } })
    await act(async () => fireEvent.click(within(section).getByRole('button', { name: 'Save limits' })))
    await waitFor(() => expect(describedBy(perCustomer)).toContain('Must be 1 or more.'))
    fireEvent.change(perCustomer, { target: { value: '12' } })
    await act(async () => fireEvent.click(within(section).getByRole('button', { name: 'Save limits' })))
    await waitFor(() =>
      expect(within(section).getByText('Rate limits saved: they apply at once.')).toBeTruthy()
    )
    expect((await coreChannelSettings()).rateLimits).toEqual({
      perCustomerPerMinute: 12,
      perIpPerMinute: 6000,
      perKeyPerMinute: 60000
    })
    await live.core.invoke('channel.settings.update', {
      corsOrigins: [],
      rateLimits: { perCustomerPerMinute: 30 }
    })
  })

  it('lists the model names clients may send, refuses one mapped to an unknown model, and saves good ones', async () => {
    const section = await openSection()
    const field = within(section).getByLabelText('Models clients may ask for') as HTMLTextAreaElement
    expect(field.value).toBe('deepseek-v3.2 = default')
    const save = within(section).getByRole('button', { name: 'Save channel models' })

    fireEvent.change(field, { target: { value: 'deepseek-v3.2 = default\nfast = openai/gpt-9' } })
    await act(async () => fireEvent.click(save))
    await waitFor(() => expect(describedBy(field)).toContain('Line 2: Unknown model for this provider'))
    expect((await coreChannelSettings()).models).toEqual([{ name: 'deepseek-v3.2', use: null }])

    fireEvent.change(field, { target: { value: 'deepseek-v3.2 = default\nfast = openai/gpt-4.1-mini' } })
    await act(async () => fireEvent.click(save))
    await waitFor(() => expect(within(section).getByText('2 model names offered.')).toBeTruthy())
    expect((await coreChannelSettings()).models).toEqual([
      { name: 'deepseek-v3.2', use: null },
      { name: 'fast', use: { providerId: 'openai', model: 'gpt-4.1-mini' } }
    ])
    await live.core.invoke('channel.settings.update', { models: [{ name: 'deepseek-v3.2', use: null }] })
  })

  it('refuses to listen beyond this machine without TLS or a declared proxy, and saves either', async () => {
    const refused = await live.core.invoke('channel.start', { host: '0.0.0.0', port: 0 })
    expect(refused.ok).toBe(false)
    if (refused.ok) return
    expect(refused.error.issues?.[0]?.field).toBe('host')
    expect(refused.error.message).toContain('without TLS')
    expect(refused.error.code).toBe('not_allowed')

    const section = await openSection()
    fireEvent.change(within(section).getByLabelText('TLS certificate file (PEM)'), {
      target: { value: '/etc/ssl/shop/cert.pem' }
    })
    fireEvent.click(within(section).getByLabelText(/A TLS proxy in front of this server/))
    await act(async () => fireEvent.click(within(section).getByRole('button', { name: 'Save TLS' })))
    const keyField = within(section).getByLabelText('TLS private key file (PEM)')
    await waitFor(() => expect(keyField.getAttribute('aria-invalid')).toBe('true'))
    expect(describedBy(keyField)).toBe('The path of the private key (PEM) file.')
    expect((await coreChannelSettings()).behindProxy).toBe(false)

    fireEvent.change(within(section).getByLabelText('TLS certificate file (PEM)'), { target: { value: '' } })
    await act(async () => fireEvent.click(within(section).getByRole('button', { name: 'Save TLS' })))
    await waitFor(() =>
      expect(within(section).getByText(/applies the next time the API starts/)).toBeTruthy()
    )
    expect(await coreChannelSettings()).toMatchObject({ behindProxy: true, tls: null })
    await live.core.invoke('channel.settings.update', { behindProxy: false })
  })

  it('revokes a key after a confirmation: it no longer opens the API', async () => {
    const section = await openSection()
    const key = await createKey(section, 'To revoke')
    const started = await core(live.core.invoke('channel.start', {}))
    const auth = { Authorization: `Bearer ${key}` }
    expect((await fetch(`${started.url}/mcp/tools`, { headers: auth })).status).toBe(200)

    const table = within(section).getByRole('table', { name: 'Channel keys' })
    const row = within(table).getByRole('row', { name: 'To revoke' })
    fireEvent.click(within(row).getByRole('button', { name: 'Revoke' }))
    await act(async () => fireEvent.click(within(row).getByRole('button', { name: 'Revoke To revoke' })))
    await waitFor(() => expect(row.textContent).toMatch(/Revoked/))
    expect(within(row).queryByRole('button', { name: /Revoke/ })).toBeNull()
    expect((await coreKeys()).find((k) => k.name === 'To revoke')?.revokedAt).not.toBeNull()
    expect((await fetch(`${started.url}/mcp/tools`, { headers: auth })).status).toBe(401)
  })
})
