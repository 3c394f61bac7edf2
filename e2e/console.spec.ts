import { findTheOrderATicketAsksAbout } from './console-journey'
import { expect, test } from './fixtures'

/**
 * Runs in the page (as source text: the e2e project has no DOM types). Adds a remote image and an
 * inline script, and resolves once the CSP has refused both. The header and the meta policy both
 * report, so it waits for each directive rather than a count.
 */
const cspProbe = `new Promise((resolve) => {
  const seen = []
  document.addEventListener('securitypolicyviolation', (event) => {
    if (!seen.includes(event.violatedDirective)) seen.push(event.violatedDirective)
    if (seen.includes('img-src') && seen.includes('script-src-elem')) {
      resolve({ seen, inlineRan: window.__inlineRan === true })
    }
  })
  const image = document.createElement('img')
  image.src = 'https://cdn.example.com/pixel.png'
  document.body.append(image)
  const script = document.createElement('script')
  script.textContent = 'window.__inlineRan = true'
  document.body.append(script)
})`

test.describe('the console in a browser (web host)', () => {
  test('shows the inbox, opens a ticket, and finds the order it asks about', async ({
    frontline
  }, testInfo) => {
    await findTheOrderATicketAsksAbout(frontline, testInfo)
  })

  test('shows which core it talks to: demo mode, in the browser', async ({ frontline }) => {
    await expect(frontline.statusBar.getByText('Demo mode', { exact: true })).toBeVisible()
    await expect(frontline.page.getByText(/^Browser · v/)).toBeVisible()
  })

  test('moves through the inbox with the keyboard and opens a ticket with Enter', async ({ frontline }) => {
    const first = frontline.ticketRows.nth(0)
    const second = frontline.ticketRows.nth(1)
    await first.focus()
    await frontline.page.keyboard.press('ArrowDown')
    await expect(second).toBeFocused()
    await frontline.page.keyboard.press('Enter')
    await expect(second).toHaveAttribute('aria-selected', 'true')
    const subject = (await second.getByRole('gridcell').first().locator('span').first().innerText()).trim()
    await expect(frontline.ticket(subject)).toBeVisible()
  })

  test('runs under a strict CSP: remote content and inline script are refused', async ({ frontline }) => {
    await expect(frontline.inbox).toBeVisible()
    const violations = await frontline.page.evaluate<{ seen: string[]; inlineRan: boolean }>(cspProbe)
    expect(violations.inlineRan).toBe(false)
    expect(violations.seen).toEqual(expect.arrayContaining(['img-src', 'script-src-elem']))
  })

  test('refuses to work without the launch token, and says how to recover', async ({ frontline }) => {
    const url = new URL(frontline.page.url())
    url.hash = ''
    await frontline.page.goto(url.toString())
    const alert = frontline.page.getByRole('alert')
    await expect(alert).toContainText('Could not load the inbox.')
    await expect(alert).toContainText('#token=')
    await expect(alert.getByRole('button', { name: 'Retry' })).toBeVisible()
  })
})
