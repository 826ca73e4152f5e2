import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { APP_DIR } from '../helpers/demo-process'
import { chromiumForThisFile } from '../helpers/browser'
import { type Recorded, encodings, startRecorder } from '../helpers/recorder'

const { open } = chromiumForThisFile()
let recorder: Awaited<ReturnType<typeof startRecorder>>

beforeAll(async () => {
  recorder = await startRecorder(inject('demoUrl'))
})
afterAll(() => recorder?.close())

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
}

function leaks(text: string, secret: string): string[] {
  return encodings(secret).filter((form) => text.includes(form))
}

describe('The API key never reaches the browser', () => {
  it('no response the page receives (streams included) carries the key, through every page', async () => {
    const page = await open('/chat', { base: recorder.url })
    await page.fill('#chat-input', 'Is my key safe?')
    await page.keyboard.press('Enter')
    await page.waitForSelector('.msg-assistant[data-status=done]')
    await page.getByRole('link', { name: 'Images' }).click()
    await page.selectOption('#image-size', '256')
    await page.getByRole('button', { name: 'Generate' }).click()
    await page.waitForSelector('#image-result')
    await page.getByRole('link', { name: 'Batch' }).click()
    await page.fill('#batch-prompts', 'one\ntwo')
    await page.getByRole('button', { name: 'Run 2 jobs' }).click()
    await page.waitForSelector('.batch-items[data-status=done]')
    await page.getByRole('link', { name: 'Jobs' }).click()
    await page.locator('.jobs-table tbody tr a').first().click()
    await page.waitForSelector('#job-events-list li[data-type=done]')
    await page.getByRole('link', { name: 'Account', exact: true }).click()
    await page.waitForSelector('.keys-table')
    await page.reload()
    await page.waitForSelector('.cargos-table')

    const secret = inject('sandbox').apiKey
    // The search finds the key in any of its forms (checked on forms made here).
    for (const pad of ['', 'a', 'ab']) {
      expect(leaks(Buffer.from(pad + secret).toString('base64'), secret)).not.toEqual([])
    }
    expect(leaks(`x${encodeURIComponent(secret)}`, secret)).not.toEqual([])
    const seen = recorder.responses
    const streams = seen.filter((r) => r.contentType.includes('text/event-stream'))
    // The recording really holds the page's traffic: the app, its API calls and live streams.
    expect(seen.some((r) => r.path.startsWith('/assets/') && r.status === 200)).toBe(true)
    expect(seen.some((r) => r.path === '/api/demo/info')).toBe(true)
    expect(seen.some((r) => r.path.startsWith('/api/archipelag/api/v1/api-keys'))).toBe(true)
    expect(streams.some((r) => r.body.toString().includes('"type":"token"'))).toBe(true)
    expect(streams.some((r) => r.body.toString().includes('"type":"progress"'))).toBe(true)
    const found = seen.flatMap((r: Recorded) =>
      leaks(r.headers + r.body.toString('latin1'), secret).map((form) => `${r.path}: ${form}`),
    )
    expect(found).toEqual([])
  })

  it('no built asset carries it, even when the app is built with ARCHIPELAG_API_KEY set', async () => {
    const secret = 'ak_build_time_secret_Zq7x_93Lm-PdR2vK'
    const outDir = await mkdtemp(join(tmpdir(), 'archipelag-demo-build-'))
    const saved = process.env.ARCHIPELAG_API_KEY
    process.env.ARCHIPELAG_API_KEY = secret
    try {
      await build({ root: APP_DIR, logLevel: 'silent', build: { outDir, emptyOutDir: true } })
      const built = await filesUnder(outDir)
      expect(built.some((f) => f.endsWith('.js'))).toBe(true)
      for (const file of built) expect(leaks(await readFile(file, 'latin1'), secret)).toEqual([])
      // And the app served by the demo: nothing of the sandbox's key either.
      const served = await filesUnder(join(APP_DIR, 'dist', 'app'))
      for (const file of served) {
        expect(leaks(await readFile(file, 'latin1'), inject('sandbox').apiKey)).toEqual([])
      }
    } finally {
      if (saved === undefined) delete process.env.ARCHIPELAG_API_KEY
      else process.env.ARCHIPELAG_API_KEY = saved
      await rm(outDir, { recursive: true, force: true })
    }
  })
})
