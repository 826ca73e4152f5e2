import { describe, expect, it } from 'vitest'
import { type Page, chromiumForThisFile } from '../helpers/browser'

const { open, session } = chromiumForThisFile()

const background = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)

/** Writes `<name>-light.png` and `<name>-dark.png` (test-output/, git-ignored). */
async function shoot(page: Page, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.evaluate(() => document.fonts.ready)
    await session().screenshot(page, `${name}-${scheme}`)
  }
}

describe('Every page, light and dark', () => {
  it('screenshots of each page with real content (desktop and phone)', async () => {
    const page = await open('/chat')
    await page.getByText('Settings').click()
    await page.fill('#chat-input', 'Tell me about the islands of the archipelago')
    await page.keyboard.press('Enter')
    await page.waitForSelector('.msg-assistant[data-status=done]')
    await shoot(page, 'chat')

    await page.getByRole('link', { name: 'Images' }).click()
    await page.fill('#image-prompt', 'a lighthouse at dusk')
    await page.selectOption('#image-size', '512')
    await page.getByRole('button', { name: 'Generate' }).click()
    await page.waitForSelector('#image-result')
    await page.$eval('#image-result', (img: HTMLImageElement) => img.decode())
    await shoot(page, 'images')

    await page.getByRole('link', { name: 'Batch' }).click()
    await page.fill(
      '#batch-prompts',
      'A haiku about the tide\nA haiku about coral\nA haiku about gulls',
    )
    await page.getByRole('button', { name: 'Run 3 jobs' }).click()
    await page.waitForSelector('.batch-items[data-status=done]')
    await shoot(page, 'batch')

    await page.getByRole('link', { name: 'Jobs' }).click()
    await page.waitForSelector('.jobs-table')
    await shoot(page, 'jobs')
    await page.locator('.jobs-table tbody tr[data-status=completed] a').first().click()
    await page.waitForSelector('#job-events-list li[data-type=done]')
    await shoot(page, 'job-details')

    await page.getByRole('link', { name: 'Account', exact: true }).click()
    await page.waitForSelector('.cargos-table')
    await page.fill('#key-name', 'screenshot key')
    await page.getByRole('button', { name: 'Create key' }).click()
    await page.waitForSelector('#new-key')
    await shoot(page, 'account')

    const phone = await open('/jobs', { width: 390 })
    await phone.waitForSelector('.jobs-table')
    await shoot(phone, 'phone-jobs')
    await phone.getByRole('link', { name: 'Chat' }).click()
    await shoot(phone, 'phone-chat')
    // Nothing sticks out sideways on a phone.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    )
  })

  it('follows prefers-color-scheme, and the toggle overrides it (remembered across a reload)', async () => {
    const page = await open('/account', { dark: true })
    const dark = await background(page)
    const toggle = page.locator('.theme-toggle')
    expect(await toggle.innerText()).toBe('Theme: system')
    await toggle.click() // system → light
    expect(await toggle.innerText()).toBe('Theme: light')
    const light = await background(page)
    expect(light).not.toBe(dark)
    await page.reload()
    expect(await page.locator('.theme-toggle').innerText()).toBe('Theme: light')
    expect(await background(page)).toBe(light)
    await page.locator('.theme-toggle').click() // light → dark
    expect(await background(page)).toBe(dark)
    await page.locator('.theme-toggle').click() // dark → system (dark here)
    expect(await page.locator('.theme-toggle').innerText()).toBe('Theme: system')
    await page.emulateMedia({ colorScheme: 'light' })
    expect(await background(page)).toBe(light)
  })

  it('works from the keyboard: skip link, navigation, a chat sent with Enter', async () => {
    const page = await open('/jobs')
    await page.waitForSelector('#jobs-title')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content')
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main')
    // Back to the navigation, then to the chat by keyboard alone.
    await page.keyboard.press('Shift+Tab')
    let label = ''
    for (let i = 0; i < 12 && label !== 'Chat'; i++) {
      await page.keyboard.press('Shift+Tab')
      label = (await page.evaluate(() => document.activeElement?.textContent)) ?? ''
    }
    expect(label).toBe('Chat')
    await page.keyboard.press('Enter')
    await page.waitForSelector('#chat-input')
    for (let i = 0; i < 20; i++) {
      if (await page.evaluate(() => document.activeElement?.id === 'chat-input')) break
      await page.keyboard.press('Tab')
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('chat-input')
    await page.keyboard.type('Typed, not clicked')
    await page.keyboard.press('Enter')
    await page.waitForSelector('.msg-assistant[data-status=done]')
    expect(await page.locator('.msg-user .msg-text').innerText()).toBe('Typed, not clicked')
  })
})
