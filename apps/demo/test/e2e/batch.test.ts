import { describe, expect, it } from 'vitest'
import { admin, chromiumForThisFile } from '../helpers/browser'

const { open } = chromiumForThisFile()
const api = admin()

declare global {
  interface Window {
    doneSeen: number[]
  }
}

describe('Batch', () => {
  it('runs a batch of 5: a progress bar, and each answer in its place as it lands', async () => {
    const page = await open('/batch')
    const run = Date.now()
    // Different lengths, so the answers land one after another.
    const prompts = [400, 40, 250, 10, 120].map(
      (n, i) => `Item ${i + 1} of ${run} [sandbox:tokens=${n}]`,
    )
    await page.fill('#batch-prompts', prompts.join('\n'))
    expect(await page.getByRole('button', { name: 'Run 5 jobs' }).isEnabled()).toBe(true)
    await page.evaluate(() => {
      window.doneSeen = []
      new MutationObserver(() => {
        const n = document.querySelectorAll('.batch-item[data-state=done]').length
        if (window.doneSeen.at(-1) !== n) window.doneSeen.push(n)
      }).observe(document.body, { subtree: true, childList: true, attributes: true })
    })
    await page.getByRole('button', { name: 'Run 5 jobs' }).click()
    await page.waitForSelector('.batch-items[data-status=done]', { timeout: 30_000 })
    expect(await page.locator('#batch-progress').getAttribute('aria-valuenow')).toBe('100')
    expect(await page.locator('.progress-text').innerText()).toContain('5 of 5 done')
    // Results landed one by one, not all at the end.
    const seen = await page.evaluate(() => window.doneSeen)
    expect(seen.filter((n) => n > 0 && n < 5).length).toBeGreaterThanOrEqual(2)

    const items = page.locator('.batch-item')
    expect(await items.count()).toBe(5)
    const jobs = await api.listJobs({ limit: 20 })
    for (const [i, prompt] of prompts.entries()) {
      const job = jobs.find((j) => j.input.prompt === prompt)
      expect(job?.status).toBe('completed')
      const item = items.nth(i)
      expect(await item.locator('.batch-prompt').innerText()).toBe(prompt)
      expect(await item.getAttribute('data-state')).toBe('done')
      expect(await item.locator('.batch-output').innerText()).toBe(job?.output?.trim())
    }
  })
})
