import { afterEach, describe, expect, inject, it } from 'vitest'
import { type Page, chromiumForThisFile } from '../helpers/browser'
import { type DemoProcess, startDemo } from '../helpers/demo-process'

const { open } = chromiumForThisFile()
const extra: DemoProcess[] = []

afterEach(async () => {
  await Promise.all(extra.splice(0).map((demo) => demo.stop()))
})

async function send(page: Page, text: string) {
  await page.fill('#chat-input', text)
  await page.keyboard.press('Enter')
}

const notice = (page: Page) => page.locator('main .notice-error').first()

async function setFaults(faults: Record<string, number>) {
  const res = await fetch(`${inject('sandbox').url}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  })
  expect(res.status).toBe(200)
}

describe('Errors, as a person wants them', () => {
  it('out of credits: what it costs, what the account has, and what to do', async () => {
    const page = await open('/chat', { base: inject('brokeDemoUrl') })
    await send(page, 'Hello')
    await notice(page).waitFor()
    const text = await notice(page).innerText()
    expect(text).toContain('Out of credits')
    expect(text).toContain('This job costs 0.01 credits and the account has 0.')
    expect(text).toContain('Add credits to the account on archipelag.io')
    // The same on the Images page.
    await page.getByRole('link', { name: 'Images' }).click()
    await page.getByRole('button', { name: 'Generate' }).click()
    await page.getByText('This job costs 0.05 credits and the account has 0.').waitFor()
  })

  it('rate limited: the wait is shown and counted down, then trying again works', async () => {
    const page = await open('/chat')
    await page.waitForFunction(() =>
      /\d/.test(document.querySelector('#header-credits')?.textContent ?? ''),
    )
    await setFaults({ rateLimitBurst: 1000 })
    try {
      await send(page, 'Rate me')
      await page.getByText('Too many requests').waitFor({ timeout: 30_000 })
    } finally {
      await setFaults({ rateLimitBurst: 0 })
    }
    expect(await notice(page).innerText()).toContain(
      'The API asks us to wait 1 s before the next request.',
    )
    const retry = notice(page).getByRole('button')
    await page.getByRole('button', { name: 'Try again', exact: true }).waitFor()
    await retry.click()
    await page.waitForSelector('.msg-assistant[data-status=done]')
    expect(await page.locator('main .notice-error').count()).toBe(0)
  })

  it('a failed job: the partial answer is marked, the reason and a next step are shown', async () => {
    const page = await open('/chat')
    await send(page, 'Please fail [sandbox:fail]')
    await page.waitForSelector('.msg-assistant[data-status=error]')
    const text = await notice(page).innerText()
    expect(text).toContain('The job failed')
    expect(text).toContain('Simulated Island failure')
    expect(text).toContain('run it again')
    expect(await page.locator('.msg-assistant .msg-state').innerText()).toBe('failed')
  })

  it('the demo server stopped: the page says so and what to do, instead of going blank', async () => {
    const { url, apiKey } = inject('sandbox')
    const demo = await startDemo({
      args: ['--port', '0'],
      env: { ARCHIPELAG_API_KEY: apiKey, ARCHIPELAG_BASE_URL: url },
    })
    extra.push(demo)
    const page = await open('/account', { base: demo.url })
    await page.waitForSelector('#account-credits')
    expect((await demo.stop()).code).toBe(0)
    await page.getByRole('link', { name: 'Jobs' }).click()
    await page.getByText('Can’t reach the demo server').waitFor({ timeout: 30_000 })
    expect(await notice(page).innerText()).toContain('Check that npm run demo is still running')
    expect(await page.locator('#jobs-title').innerText()).toBe('Jobs')
  })

  it('the API is out of reach of the demo server: every page says so at the top', async () => {
    const demo = await startDemo({
      args: ['--port', '0'],
      env: {
        ARCHIPELAG_API_KEY: 'ak_unreachable_upstream_key',
        ARCHIPELAG_BASE_URL: 'http://127.0.0.1:9',
      },
    })
    extra.push(demo)
    const page = await open('/chat', { base: demo.url })
    await page.getByText('The demo server can’t reach the API').waitFor({ timeout: 30_000 })
    expect(await notice(page).innerText()).toContain('Check the network and ARCHIPELAG_BASE_URL')
  })
})
