import { execFileSync } from 'node:child_process'
import { draftTicket, goTo, openOrderStatusTicket, snapshot, writeDraft } from './console-views'
import { expect, test, useHostOverMockProvider } from './fixtures'
import { ConsolePage } from './pages/console-page'
import { builtCli } from './paths'

const KEY = 'sk-test-SETTINGS-0123456789abcdef'

// An OpenAI-compatible endpoint is configured but has no key yet: the console starts in demo mode.
const served = useHostOverMockProvider({ FRONTLINE_MODEL: 'gpt-4.1' })

test.describe('settings in the browser (web host, demo shop)', () => {
  test('enter a key and choose a real model: demo mode turns off and Regenerate uses the new model', async ({
    page
  }, testInfo) => {
    await page.goto(served.host.url)
    const app = new ConsolePage(page)
    await expect(app.inbox).toBeVisible()
    await expect(app.statusBar).toContainText('Demo mode')

    const row = await openOrderStatusTicket(app)
    const drafted = await draftTicket(app, row)
    const draft = app.draftPanel(drafted.ticket)
    await expect(draft).toContainText(/Model\s*frontline-demo/)

    await goTo(app, 'Settings')
    const demo = page.getByRole('switch', { name: 'Demo mode' })
    await expect(demo).toHaveAttribute('aria-checked', 'true')

    const custom = page.getByRole('region', { name: /^Custom endpoint/ })
    await expect(custom).toContainText('No key')
    await custom.getByText(/^Custom endpoint/).click()
    const keyField = custom.getByLabel(/^API key/)
    await expect(keyField).toHaveAttribute('type', 'password')
    await keyField.fill('short')
    await custom.getByRole('button', { name: 'Save key' }).click()
    await expect(keyField).toHaveAttribute('aria-invalid', 'true')
    await expect(custom).toContainText('That is too short to be an API key.')
    await keyField.fill(KEY)
    await custom.getByRole('button', { name: 'Save key' }).click()
    await expect(custom.getByText('Key saved.')).toBeVisible()
    await expect(keyField).toHaveValue('')
    await expect(custom).toContainText('Key set')
    expect(await page.content()).not.toContain(KEY)

    await page.getByLabel('Default model').selectOption('custom/gpt-4.1')
    await page.getByRole('button', { name: 'Save model' }).click()
    await expect(demo).toHaveAttribute('aria-checked', 'false')
    await expect(app.statusBar).not.toContainText('Demo mode')
    await snapshot(app, testInfo, 'settings')

    await goTo(app, 'Inbox')
    await writeDraft(draft)
    await expect(draft).toContainText(/Draft status\s*Ready/)
    await expect(draft).toContainText(/Model\s*gpt-4\.1/)
    // The key entered in Settings is the one the provider received.
    expect(served.provider.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`)
    expect(served.provider.requests.at(-1)?.body.model).toBe('gpt-4.1')
  })

  test('a refused budget is explained beside its field; a good one is saved', async ({ page }) => {
    await page.goto(served.host.url)
    const app = new ConsolePage(page)
    await goTo(app, 'Settings')
    const budget = page.getByRole('region', { name: 'Daily budget' })
    const field = budget.getByLabel('Daily budget (USD)')
    await field.fill('-3')
    await budget.getByRole('button', { name: 'Save budget' }).click()
    await expect(field).toHaveAttribute('aria-invalid', 'true')
    await expect(field).toHaveAccessibleDescription(/Must be 0 or more\./)
    await field.fill('25')
    await budget.getByRole('button', { name: 'Save budget' }).click()
    await expect(budget.getByRole('status')).toHaveText('Daily budget set to $25.')
    await expect(app.statusBar).toContainText('$25')
  })

  test('copies the MCP host configuration to the clipboard', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await page.goto(served.host.url)
    const app = new ConsolePage(page)
    await goTo(app, 'Settings')
    const snippet = page.getByLabel('Claude Desktop configuration', { exact: true })
    await expect(snippet).toContainText('"mcpServers"')
    await page.getByRole('button', { name: 'Copy Claude Desktop configuration' }).click()
    await expect(page.getByText('Copied')).toBeVisible()
    const copied = await page.evaluate<string>('navigator.clipboard.readText()')
    expect(copied).toBe(await snippet.innerText())
    // This machine's Node and the built CLI, by absolute paths: it runs from any folder.
    const entry = (JSON.parse(copied) as { mcpServers: { frontline: { command: string; args: string[] } } })
      .mcpServers.frontline
    expect(entry.command).toBe(process.execPath)
    expect(entry.args.slice(0, 3)).toEqual([builtCli, 'mcp', '--db'])
  })

  test('connects an external MCP server (Frontline’s own, over stdio), lists its tools, turns it off and removes it', async ({
    page,
    dbPath
  }, testInfo) => {
    await page.goto(served.host.url)
    const app = new ConsolePage(page)
    await goTo(app, 'Settings')
    const section = page.getByRole('region', { name: 'External MCP servers' })
    await section.getByLabel('Name').fill('Shop mirror')
    const commandLine = `"${process.execPath}" "${builtCli}" mcp --db "${dbPath}"`
    await section.getByLabel('Command', { exact: true }).fill(commandLine)
    await section.getByRole('button', { name: 'Add server' }).click()
    // The browser console may not start a program on its own: it says how to allow one, on the machine.
    await expect(section).toContainText('frontline mcp-server allow')
    execFileSync(process.execPath, [
      builtCli,
      'mcp-server',
      'allow',
      '--db',
      dbPath,
      '--command',
      commandLine
    ])
    await section.getByRole('button', { name: 'Add server' }).click()

    const server = section.getByRole('listitem', { name: 'Shop mirror' })
    await expect(server).toContainText('Connected', { timeout: 30_000 })
    await server.getByText(/^\d+ tools/).click()
    await expect(server).toContainText('get_order_status')
    await expect(server).toContainText('Runs at once')
    await expect(server).toContainText('Needs approval')
    await snapshot(app, testInfo, 'settings-mcp-servers')

    await server.getByRole('switch', { name: 'Use Shop mirror' }).click()
    await expect(server).toContainText('Off')
    await server.getByRole('button', { name: 'Remove', exact: true }).click()
    await server.getByRole('button', { name: 'Remove Shop mirror' }).click()
    await expect(server).toHaveCount(0)
    await expect(section).toContainText('No external servers yet.')
  })
})
