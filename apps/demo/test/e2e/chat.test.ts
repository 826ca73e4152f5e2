import { describe, expect, it } from 'vitest'
import { type Page, admin, eventually, chromiumForThisFile } from '../helpers/browser'

const { open } = chromiumForThisFile()
const api = admin()

const lastAnswer = (page: Page) => page.locator('.msg-assistant').last()

async function send(page: Page, text: string) {
  await page.fill('#chat-input', text)
  await page.keyboard.press('Enter')
}

/** The job behind the last answer, once the page knows it. */
async function answerJob(page: Page): Promise<string> {
  const id = await eventually(
    async () => (await lastAnswer(page).getAttribute('data-job')) ?? undefined,
  )
  return id
}

/** Answers may be long (the default cap is 200 tokens). */
async function allowLongAnswers(page: Page) {
  await page.getByText('Settings').click()
  await page.fill('#chat-max-tokens', '4000')
  await page.getByText('Settings').click()
}

const credits = async (page: Page) =>
  Number((await page.locator('#header-credits').innerText()).split(' ')[0])

describe('Chat', () => {
  it('streams an answer token by token, shows its tokens and credits, and the credits refresh', async () => {
    const page = await open('/chat')
    await page.waitForFunction(() =>
      /\d/.test(document.querySelector('#header-credits')?.textContent ?? ''),
    )
    const before = await credits(page)
    await send(page, 'Tell me about the tides [sandbox:tokens=300]')
    await page.waitForSelector('.msg-assistant[data-status=streaming]')
    // Part of the answer is on screen while the rest is still coming.
    const partial = await eventually(async () => {
      const text = await lastAnswer(page).locator('.msg-text').innerText()
      return text.length > 20 ? text : undefined
    })
    await page.waitForSelector('.msg-assistant[data-status=done]', { timeout: 30_000 })
    const job = await api.getJob(await answerJob(page))
    expect(job.status).toBe('completed')
    const shown = await lastAnswer(page).locator('.msg-text').innerText()
    expect(shown).toBe(job.output?.trim())
    expect(shown.startsWith(partial.trim().slice(0, 20))).toBe(true)
    expect(shown.length).toBeGreaterThan(partial.length)
    await expect
      .poll(() => lastAnswer(page).getByTestId('usage').innerText())
      .toBe(`${job.usage?.totalTokens} tokens · 0.01 credits · job`)
    await expect.poll(() => credits(page)).toBeCloseTo(before - 0.01, 6)
  })

  it('Stop ends the answer and cancels its job on the sandbox; the partial answer stays', async () => {
    const page = await open('/chat')
    await allowLongAnswers(page)
    await send(page, 'A very long story [sandbox:tokens=4000]')
    await eventually(async () =>
      (await lastAnswer(page).innerText()).length > 60 ? true : undefined,
    )
    await page.getByRole('button', { name: 'Stop' }).click()
    await page.waitForSelector('.msg-assistant[data-status=cancelled]')
    const id = await answerJob(page)
    const job = await eventually(async () => {
      const j = await api.getJob(id)
      return j.status === 'cancelled' ? j : undefined
    })
    expect(job.status).toBe('cancelled')
    expect(await lastAnswer(page).locator('.msg-state').innerText()).toBe('stopped')
    expect((await lastAnswer(page).locator('.msg-text').innerText()).length).toBeGreaterThan(0)
    // The composer is ready for the next message.
    await page.getByRole('button', { name: 'Send' }).waitFor()
  })

  it('Stop stays where Send was while the answer grows: a press on it is never lost to a moving button', async () => {
    // A click is a press and a release on the same element. The composer used to sit right
    // under the conversation, so every line the answer wrapped moved Stop down a line: a press
    // spanning a wrap released on the form instead, and the answer went on (the Stop test above
    // failed that way under load, with Playwright's click reported done).
    const box = async (name: string) => {
      const b = await page.getByRole('button', { name }).boundingBox()
      return `${b?.x},${b?.y}` // where it starts (Stop is narrower than Send)
    }
    const page = await open('/chat')
    await allowLongAnswers(page)
    await page.fill('#chat-input', 'A very long story [sandbox:tokens=4000]')
    const send = await box('Send')
    await page.keyboard.press('Enter')
    await page.getByRole('button', { name: 'Stop' }).waitFor()
    expect(await box('Stop')).toBe(send)
    // Many lines later (the page has filled up and overflowed), still in the same place.
    await eventually(async () =>
      (await lastAnswer(page).locator('.msg-text').innerText()).length > 2000 ? true : undefined,
    )
    expect(await box('Stop')).toBe(send)
    await page.getByRole('button', { name: 'Stop' }).click()
    await page.waitForSelector('.msg-assistant[data-status=cancelled]')
    expect(await box('Send')).toBe(send)
  })

  it('a reload in the middle of an answer picks it up: nothing repeated, nothing lost, no second job', async () => {
    const page = await open('/chat')
    await allowLongAnswers(page)
    const prompt = `Resume me ${Date.now()} [sandbox:tokens=800]`
    await send(page, prompt)
    await eventually(async () =>
      (await lastAnswer(page).innerText()).length > 40 ? true : undefined,
    )
    const id = await answerJob(page)
    await page.reload()
    // Still arriving after the reload: the page picked up a running job.
    await page.waitForSelector('.msg-assistant[data-status=streaming]')
    const resumedAt = (await lastAnswer(page).locator('.msg-text').innerText()).length
    await page.waitForSelector('.msg-assistant[data-status=done]', { timeout: 45_000 })
    const job = await api.getJob(id)
    expect(job.status).toBe('completed')
    expect(await lastAnswer(page).getAttribute('data-job')).toBe(id)
    const shown = await lastAnswer(page).locator('.msg-text').innerText()
    expect(shown).toBe(job.output?.trim())
    expect(resumedAt).toBeLessThan(shown.length)
    const same = (await api.listJobs({ limit: 50 })).filter((j) => j.input.prompt === prompt)
    expect(same.map((j) => j.id)).toEqual([id])
    expect(await page.locator('.msg-user .msg-text').allInnerTexts()).toEqual([prompt])
  })

  it('sends the system prompt and temperature; Regenerate asks again with a new job; the earlier turns reach the server', async () => {
    const page = await open('/chat')
    await page.getByText('Settings').click()
    await page.fill('#chat-system', 'You answer like a sailor.')
    await page.locator('#chat-temperature').fill('1.3')
    await page.fill('#chat-max-tokens', '30')
    await send(page, 'First question')
    await page.waitForSelector('.msg-assistant[data-status=done]')
    const first = await api.getJob(await answerJob(page))
    expect(first.input).toMatchObject({
      prompt: 'First question',
      system_prompt: 'You answer like a sailor.',
      temperature: 1.3,
      max_tokens: 30,
    })
    await send(page, 'Second question')
    await expect.poll(() => page.locator('.msg-assistant[data-status=done]').count()).toBe(2)
    const second = await api.getJob(await answerJob(page))
    expect(second.input.prompt).toContain('User: First question')
    expect(second.input.prompt).toContain('User: Second question')
    await page.getByRole('button', { name: 'Regenerate' }).click()
    const again = await eventually(async () => {
      const id = await lastAnswer(page).getAttribute('data-job')
      return id && id !== second.id && id !== first.id ? id : undefined
    })
    await page.waitForSelector('.msg-assistant:last-child[data-status=done]')
    expect((await api.getJob(again)).input.prompt).toBe(second.input.prompt)
    expect(await page.locator('.msg-assistant').count()).toBe(2)
    await page.getByRole('button', { name: 'New chat' }).click()
    await expect.poll(() => page.locator('.msg').count()).toBe(0)
  })
})
