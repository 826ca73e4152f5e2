// The hooks in headless Chromium: a page bundled from the BUILT package (production React),
// served with the proxy in front of the real sandbox. It counts the renders of a component
// streaming 2 000 tokens (at full speed, and paced about 1 ms apart) against the official 0.1
// package's way (one state update per token) in the same run, on React 19 and React 18; it
// reloads the page in the middle of an answer; and it paints an image.
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import { type BrowserSession, type Page, bundle, launchChromium } from 'browser-harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestAccount, type World, eventually, startWorld } from '../helpers/world'

const require = createRequire(import.meta.url)
const dir = (name: string) => dirname(require.resolve(`${name}/package.json`))

const MAJORS: { major: string; alias: Record<string, string> }[] = [
  { major: '19', alias: {} },
  { major: '18', alias: { react: dir('react-18'), 'react-dom': dir('react-dom-18') } },
]

let fast: World // tokens as fast as the sandbox can send them
let paced: World // about 1 ms apart: each token arrives on its own, like a real model's
let fastAccount: TestAccount
let pacedAccount: TestAccount
let chromium: BrowserSession

const html = (major: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>@archipelag/react on React ${major}</title></head>
<body data-api="/a/0"><div id="root"></div><script type="module" src="/app-${major}.js"></script></body></html>`

beforeAll(async () => {
  ;[fast, paced] = await Promise.all([
    startWorld({ tokenIntervalMs: 0 }),
    startWorld({ tokenIntervalMs: 1 }),
  ])
  fastAccount = await fast.account()
  pacedAccount = await paced.account()
  for (const { major, alias } of MAJORS) {
    const app = await bundle({
      entry: join(__dirname, 'page/app.tsx'),
      minify: true,
      esbuild: { jsx: 'automatic', alias, define: { 'process.env.NODE_ENV': '"production"' } },
    })
    for (const world of [fast, paced]) {
      // Chromium asks for one on every page: a 404 would be a console error.
      world.pages.set('favicon.ico', { type: 'image/x-icon', body: new Uint8Array() })
      world.pages.set(`index-${major}.html`, { type: 'text/html', body: html(major) })
      world.pages.set(`app-${major}.js`, { type: 'text/javascript', body: app })
    }
  }
  chromium = await launchChromium()
}, 120_000)

afterAll(async () => {
  await chromium?.close()
  await Promise.all([fast?.close(), paced?.close()])
})

async function open(world: World, major: string, prompt: string): Promise<Page> {
  const page = await chromium.newPage()
  await page.goto(`${world.url}/index-${major}.html?prompt=${encodeURIComponent(prompt)}`)
  await page.waitForFunction(() => typeof window.app === 'object')
  return page
}

const text = (page: Page, selector: string) => page.locator(selector).textContent()

/** Streams 2 000 tokens with the hook, then with one state update per token; counts renders. */
async function measure(world: World, account: TestAccount, major: string, label: string) {
  const page = await open(world, major, `Render test ${label} ${major} [sandbox:tokens=2000]`)
  await page.click('#streamed-start')
  await page.waitForSelector('#streamed[data-status=done]', { timeout: 60_000 })
  await page.click('#naive-start')
  await page.waitForSelector('#naive[data-status=done]', { timeout: 60_000 })
  const counts = await page.evaluate(() => ({
    streamed: window.app.counts.streamed,
    streamedFrames: window.app.framesBetween('streamed', 'streamed-done'),
    naive: window.app.counts.naive,
    naiveFrames: window.app.framesBetween('naive', 'naive-done'),
  }))
  const jobId = (await page.getAttribute('#streamed', 'data-job')) as string
  const job = await account.admin.getJob(jobId)
  expect(job.usage?.completionTokens).toBe(2000)
  expect(await text(page, '#streamed')).toBe(job.output)
  expect(await text(page, '#naive')).toBe(job.output) // same prompt, same answer
  expect(chromium.errors(page)).toEqual([])
  await page.close()
  console.log(
    `React ${major}, 2 000 tokens ${label}: useChatStream rendered ${counts.streamed} times ` +
      `in ${counts.streamedFrames} frames; one state update per token rendered ${counts.naive} ` +
      `times in ${counts.naiveFrames} frames`,
  )
  return counts
}

describe.each(MAJORS)('React $major in Chromium', ({ major }) => {
  // At most one render per animation frame, plus the status changes shown at once
  // (submitted, job id known, first token, done): whatever the token rate.
  it('a 2 000-token stream at full speed renders at most once per frame, every token once', async () => {
    const counts = await measure(fast, fastAccount, major, 'at full speed')
    expect(counts.streamed).toBeLessThanOrEqual(counts.streamedFrames + 5)
  })

  it('a 2 000-token stream paced like a model renders once per frame, not once per token', async () => {
    const counts = await measure(paced, pacedAccount, major, '1 ms apart')
    expect(counts.streamed).toBeLessThanOrEqual(counts.streamedFrames + 5)
  })
})

describe('useChat in Chromium', () => {
  it('persist: reloading the page mid-answer resumes after the last event, nothing repeated', async () => {
    const before = pacedAccount.requests.length
    const page = await open(paced, '19', 'Plan a trip [sandbox:tokens=1500]')
    await page.click('#chat-send')
    const answer = page.locator('#chat li[data-role=assistant]')
    await eventually(async () => ((await answer.textContent({ timeout: 5000 })) ?? '').length > 40)
    await page.reload()
    await page.waitForSelector('#chat[data-status=done]', { timeout: 20_000 })
    const jobId = (await answer.getAttribute('data-job')) as string
    const job = await pacedAccount.admin.getJob(jobId)
    expect(await answer.textContent()).toBe(job.output)
    expect(await page.locator('#chat li').count()).toBe(2)
    const requests = pacedAccount.requests.slice(before)
    const streams = requests.filter((r) => r.startsWith(`GET /jobs/${jobId}/stream`))
    expect(streams).toHaveLength(2)
    expect(streams[1]).toMatch(/ after \d+$/) // Last-Event-ID: resumed, not replayed
    expect(requests.filter((r) => r === 'POST /jobs')).toHaveLength(1)
    expect(chromium.errors(page)).toEqual([])
    await page.close()
  })
})

describe('useChatStream in Chromium', () => {
  it('unmounting mid-answer cancels the job; the page reports nothing', async () => {
    const page = await open(paced, '19', 'Unmounted [sandbox:tokens=3000]')
    await page.click('#streamed-start')
    await page.waitForSelector('#streamed[data-job]')
    const jobId = (await page.getAttribute('#streamed', 'data-job')) as string
    await eventually(async () => ((await text(page, '#streamed')) ?? '').length > 40)
    await page.click('#hide-streamed')
    const status = await eventually(async () => {
      const job = await pacedAccount.admin.getJob(jobId)
      return job.status === 'running' ? undefined : job.status
    })
    expect(status).toBe('cancelled')
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(chromium.errors(page)).toEqual([])
    expect(chromium.consoleLines(page).filter((l) => l.startsWith('error:'))).toEqual([])
    await page.close()
  })
})

describe('useGenerateImage in Chromium', () => {
  it('shows progress, puts the image in an <img> by object URL, revokes it on unmount', async () => {
    const page = await open(fast, '19', 'a lighthouse at dusk')
    await page.click('#paint')
    await page.waitForSelector('#progress[data-status=success]', { timeout: 20_000 })
    const img = page.locator('#picture')
    await eventually(() =>
      img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0),
    )
    expect(
      await img.evaluate((el: HTMLImageElement) => [el.naturalWidth, el.naturalHeight]),
    ).toEqual([256, 256])
    expect(await page.locator('#progress').evaluate((el: HTMLProgressElement) => el.value)).toBe(1)
    const src = (await img.getAttribute('src')) as string
    expect(src).toMatch(/^blob:/)
    await chromium.screenshot(page, 'react-image')
    expect(await page.evaluate((url) => fetch(url).then(() => 'readable'), src)).toBe('readable')
    await page.click('#hide-picture')
    const after = await eventually(() =>
      page.evaluate(
        (url) =>
          fetch(url).then(
            () => undefined,
            () => 'revoked',
          ),
        src,
      ),
    )
    expect(after).toBe('revoked')
    expect(chromium.errors(page)).toEqual([])
    await page.close()
  })
})
