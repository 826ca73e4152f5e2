import { describe, expect, it } from 'vitest'
import { admin, eventually, chromiumForThisFile } from '../helpers/browser'

const { open } = chromiumForThisFile()
const api = admin()

const statusOf = async (id: string) => (await api.getJob(id)).status

describe('Jobs', () => {
  it('lists the latest jobs with live badges: a running job turns completed without a reload', async () => {
    const job = await api.createJob({
      workload: 'llm-chat',
      // 1200 tokens at 5 ms: about 6 s of running, room for a slow page load before it completes.
      input: { prompt: `Live badge ${Date.now()} [sandbox:tokens=1200]` },
    })
    const page = await open('/jobs')
    const row = page.locator(`tr[data-job="${job.id}"]`)
    await row.waitFor()
    expect(['pending', 'queued', 'running']).toContain(await row.getAttribute('data-status'))
    await page.waitForSelector(`tr[data-job="${job.id}"][data-status=completed]`, {
      timeout: 20_000,
    })
    const done = await api.getJob(job.id)
    const cells = await row.locator('td').allInnerTexts()
    expect(cells[1]).toBe('llm-chat')
    expect(cells[2]).toBe('completed')
    expect(cells[4]).toMatch(/^\d+(\.\d)? (ms|s)$/)
    expect(cells[5]).toBe(String(done.usage?.creditsUsed))
  })

  it('cancels a running job from the list: cancelled on the sandbox', async () => {
    const job = await api.createJob({
      workload: 'llm-chat',
      input: { prompt: `Hang for the list ${Date.now()} [sandbox:hang]` },
    })
    await eventually(async () => (await statusOf(job.id)) === 'running')
    const page = await open('/jobs')
    await page.getByRole('button', { name: `Cancel job ${job.id}` }).click()
    await page.waitForSelector(`tr[data-job="${job.id}"][data-status=cancelled]`)
    // The badge turns at once (optimistic); the sandbox once the DELETE has landed.
    await eventually(async () => (await statusOf(job.id)) === 'cancelled')
    expect(await page.getByRole('button', { name: `Cancel job ${job.id}` }).count()).toBe(0)
  })

  it("shows a job's details: input, output and its events", async () => {
    const prompt = `Details please ${Date.now()}`
    const created = await api.createJob({ workload: 'llm-chat', input: { prompt, max_tokens: 20 } })
    const job = await api.waitForJob(created.id)
    const page = await open('/jobs')
    await page.locator(`tr[data-job="${job.id}"] a`).click()
    await page.waitForSelector('#job-title')
    expect(await page.locator('#job-title').innerText()).toBe(`Job ${job.id}`)
    expect(await page.locator('section[aria-labelledby=job-input] pre').innerText()).toContain(
      `"prompt": "${prompt}"`,
    )
    expect(await page.locator('section[aria-labelledby=job-output] pre').innerText()).toBe(
      job.output,
    )
    await page.waitForSelector('#job-events-list li[data-type=done]')
    const types = await page
      .locator('#job-events-list li')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-type')))
    expect(types).toEqual(['status', 'status', 'status', 'token', 'status', 'done'])
    expect(await page.locator('#job-events-list li[data-type=token]').innerText()).toContain(
      `${job.usage?.completionTokens} tokens`,
    )
  })

  it('cancels a running job from its details page', async () => {
    const job = await api.createJob({
      workload: 'sdxl',
      input: {
        prompt: `Hang for the details ${Date.now()} [sandbox:hang]`,
        width: 256,
        height: 256,
      },
    })
    await eventually(async () => (await statusOf(job.id)) === 'running')
    const page = await open(`/jobs/${job.id}`)
    await page.getByRole('button', { name: 'Cancel job' }).click()
    await page.waitForSelector('.facts [data-status=cancelled]')
    // The badge turns at once (optimistic); the sandbox once the DELETE has landed.
    await eventually(async () => (await statusOf(job.id)) === 'cancelled')
    // The live event stream shows the end too.
    await page.waitForSelector('#job-events-list li[data-type=status] >> text=cancelled')
  })
})
