import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { admin, eventually, chromiumForThisFile } from '../helpers/browser'

const { open } = chromiumForThisFile()
const api = admin()

declare global {
  interface Window {
    progressSeen: number[]
  }
}

describe('Images', () => {
  it('paints an image: the progress bar moves with the steps, the image decodes, downloads as a PNG and joins the gallery', async () => {
    const page = await open('/images')
    const prompt = `a harbour at dawn ${Date.now()}`
    await page.fill('#image-prompt', prompt)
    await page.selectOption('#image-size', '256')
    await page.locator('#image-steps').fill('40')
    await page.fill('#image-seed', '4242')
    // Record every value the bar takes, as it is rendered.
    await page.evaluate(() => {
      window.progressSeen = []
      new MutationObserver(() => {
        const bar = document.querySelector('#image-progress')
        const value = Number(bar?.getAttribute('aria-valuenow'))
        if (bar && window.progressSeen.at(-1) !== value) window.progressSeen.push(value)
      }).observe(document.body, { subtree: true, childList: true, attributes: true })
    })
    await page.getByRole('button', { name: 'Generate' }).click()
    await page.waitForSelector('#image-result', { timeout: 30_000 })
    const seen = await page.evaluate(() => window.progressSeen)
    const between = seen.filter((v) => v > 0 && v < 100)
    expect(new Set(between).size).toBeGreaterThanOrEqual(3)
    expect(seen).toEqual([...seen].sort((a, b) => a - b)) // only forward
    expect(seen.at(-1)).toBe(100)

    const size = await page.$eval('#image-result', async (img: HTMLImageElement) => {
      await img.decode()
      return [img.naturalWidth, img.naturalHeight]
    })
    expect(size).toEqual([256, 256])
    const caption = await page.locator('.result figcaption').innerText()
    expect(caption).toContain('256 × 256 · seed 4242 · 0.05 credits')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download PNG' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('archipelag-4242.png')
    const bytes = await readFile((await download.path()) as string)
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])

    const jobs = await api.listJobs({ limit: 20 })
    const job = jobs.find((j) => j.input.prompt === prompt)
    expect(job).toMatchObject({ status: 'completed', workloadSlug: 'sdxl' })
    expect(job?.input).toMatchObject({ width: 256, height: 256, steps: 40, seed: 4242 })
    // The gallery shows it, from the job's own output.
    const item = page.locator('.gallery-item', { hasText: prompt })
    await item.waitFor()
    const thumb = await item.locator('img').evaluate(async (img: HTMLImageElement) => {
      await img.decode()
      return img.naturalWidth
    })
    expect(thumb).toBe(256)
  })

  it('Stop cancels the image job on the sandbox', async () => {
    const page = await open('/images')
    const prompt = `a slow painting ${Date.now()}`
    await page.fill('#image-prompt', prompt)
    await page.locator('#image-steps').fill('60')
    await page.getByRole('button', { name: 'Generate' }).click()
    await page.waitForFunction(
      () => Number(document.querySelector('#image-progress')?.getAttribute('aria-valuenow')) > 0,
    )
    await page.getByRole('button', { name: 'Stop' }).click()
    await page.getByText('Stopped: the job was cancelled.').waitFor()
    const job = await eventually(async () => {
      const j = (await api.listJobs({ limit: 20 })).find((x) => x.input.prompt === prompt)
      return j?.status === 'cancelled' ? j : undefined
    })
    expect(job.status).toBe('cancelled')
    // The click on Stop started nothing else (it once landed on Generate as the button changed).
    await new Promise((resolve) => setTimeout(resolve, 500))
    const after = (await api.listJobs({ limit: 5 }))[0]
    expect(after?.id).toBe(job.id)
  })
})
