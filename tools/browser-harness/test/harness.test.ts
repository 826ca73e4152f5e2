import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type BrowserSession,
  ChromiumNotFoundError,
  bundle,
  findChromium,
  launchChromium,
  serve,
} from '../src/index'

const fixtures = join(__dirname, 'fixtures')

describe('findChromium', () => {
  const saved = { PATH: process.env.PATH, CHROMIUM_PATH: process.env.CHROMIUM_PATH }
  const restore = () => {
    process.env.PATH = saved.PATH
    if (saved.CHROMIUM_PATH === undefined) delete process.env.CHROMIUM_PATH
    else process.env.CHROMIUM_PATH = saved.CHROMIUM_PATH
  }

  it('says how to install Chromium when none is on the PATH', () => {
    delete process.env.CHROMIUM_PATH
    process.env.PATH = '/nonexistent'
    try {
      expect(() => findChromium()).toThrow(ChromiumNotFoundError)
      expect(() => findChromium()).toThrow(
        /`command -v chromium` found nothing.*apt-get update && apt-get install -y chromium/,
      )
    } finally {
      restore()
    }
  })

  it('names a CHROMIUM_PATH or executablePath that is not an executable', () => {
    process.env.CHROMIUM_PATH = '/nonexistent/chrome'
    try {
      expect(() => findChromium()).toThrow(/CHROMIUM_PATH \/nonexistent\/chrome is not an exec/)
    } finally {
      restore()
    }
    expect(() => findChromium(join(fixtures, 'answer.ts'))).toThrow(/executablePath .*answer\.ts/)
  })

  it('finds the system Chromium', () => {
    expect(findChromium()).toMatch(/chromium|chrome/i)
  })
})

describe('launchChromium', () => {
  it('reports a binary that does not start as Chromium', async () => {
    await expect(launchChromium({ executablePath: '/bin/false' })).rejects.toThrow(
      /Chromium at \/bin\/false failed to start/,
    )
  })
})

describe('a page bundled, served and driven', () => {
  let chromium: BrowserSession
  let outputDir: string
  beforeAll(async () => {
    outputDir = await mkdtemp(join(tmpdir(), 'harness-shots-'))
    chromium = await launchChromium({ outputDir })
  })
  afterAll(async () => {
    await chromium?.close()
    await rm(outputDir, { recursive: true, force: true })
  })

  it('runs a bundled module, records its errors and takes a screenshot', async () => {
    const code = await bundle({
      contents: `
        import { answer } from './answer'
        document.body.dataset.answer = String(answer * 2)
        console.error('visible to the test')
        setTimeout(() => { throw new RangeError('late failure') })
        void Promise.reject(new TypeError('nobody listens'))
      `,
      resolveDir: fixtures,
    })
    const server = await serve({
      files: { '/': '<body><script type="module" src="/app.js"></script></body>', '/app.js': code },
    })
    try {
      const page = await chromium.newPage()
      await page.goto(server.url)
      expect(await page.evaluate(() => document.body.dataset.answer)).toBe('84')
      await expect
        .poll(() => chromium.errors(page).sort())
        .toEqual(['RangeError: late failure', 'TypeError: nobody listens'])
      expect(chromium.consoleLines(page)).toEqual(['error: visible to the test'])
      const path = await chromium.screenshot(page, 'a page/with odd name')
      expect(path).toBe(join(outputDir, 'a-page-with-odd-name.png'))
      const png = await readFile(path)
      expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])
    } finally {
      await server.close()
    }
  })

  it('serves a folder without leaving it, and hands the rest to the handler', async () => {
    const server = await serve({
      root: join(fixtures, 'site'),
      handler: (req, res) => {
        if (req.url === '/boom') throw new Error('handler bug')
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`api ${req.method} ${req.url}`)
      },
    })
    try {
      const page = await chromium.newPage()
      await page.goto(server.url)
      expect(await page.title()).toBe('from root')
      const css = await fetch(`${server.url}/sub/style.css`)
      expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8')
      expect(await css.text()).toContain('teal')
      // Escaping the root is not a file: the handler gets it.
      const outside = await fetch(`${server.url}/..%2fanswer.ts`)
      expect(await outside.text()).toBe('api GET /..%2fanswer.ts')
      const post = await fetch(`${server.url}/index.html`, { method: 'POST' })
      expect(await post.text()).toBe('api POST /index.html')
      const boom = await fetch(`${server.url}/boom`)
      expect(boom.status).toBe(500)
      expect(await boom.text()).toContain('handler bug')
      expect(chromium.errors(page)).toEqual([])
      expect(chromium.consoleLines(page)).toEqual([])
    } finally {
      await server.close()
    }
  })
})

describe('bundle', () => {
  it('takes exactly one of entry and contents', async () => {
    await expect(bundle({})).rejects.toThrow(/exactly one of entry or contents/)
    await expect(bundle({ entry: 'a.ts', contents: 'x' })).rejects.toThrow(/exactly one/)
  })

  it('builds an iife with a global name from an entry file', async () => {
    const code = await bundle({
      entry: join(fixtures, 'answer.ts'),
      format: 'iife',
      globalName: 'Fixture',
    })
    const scope: { Fixture?: { answer: number } } = {}
    new Function('self', `${code.replace('var Fixture', 'self.Fixture')}`)(scope)
    expect(scope.Fixture?.answer).toBe(42)
  })
})
