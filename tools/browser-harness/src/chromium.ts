import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { type Browser, type BrowserContextOptions, type Page, chromium } from 'playwright-core'
import { findChromium } from './find-chromium'

/**
 * Flags for a headless Chromium on a machine with no GPU, no display and no network beyond
 * loopback: without the background-networking ones Chromium keeps dialling Google's hosts.
 * (`--headless` and a temporary `--user-data-dir` are added by Playwright itself.)
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** Options of {@link launchChromium}. */
export interface ChromiumOptions {
  /** The binary; default `$CHROMIUM_PATH`, else `command -v chromium`. */
  executablePath?: string
  /** Extra command-line flags, after {@link CHROMIUM_FLAGS}. */
  args?: string[]
  /** Where {@link BrowserSession.screenshot} writes; default `test-output` under the cwd. */
  outputDir?: string
}

/** A running headless Chromium, from {@link launchChromium}. */
export interface BrowserSession {
  /** The Playwright browser, for anything the helpers below do not cover. */
  readonly browser: Browser
  /** The binary that was launched. */
  readonly executablePath: string
  /** Absolute path of the screenshot folder. */
  readonly outputDir: string
  /** A page in a new, isolated context (its own cookies and storage). */
  newPage(options?: BrowserContextOptions): Promise<Page>
  /** Uncaught exceptions (and unhandled rejections) of a page from {@link newPage}, in order. */
  errors(page: Page): string[]
  /**
   * Every console line of a page from {@link newPage} as `type: text` (`error: …`), in order;
   * Chromium also logs each failed or 4xx/5xx resource load here.
   */
  consoleLines(page: Page): string[]
  /** Writes a full-page PNG to `<outputDir>/<name>.png` and returns its path. */
  screenshot(page: Page, name: string): Promise<string>
  /** Closes the browser (Playwright then deletes its temporary profile). Idempotent. */
  close(): Promise<void>
}

/**
 * Launches Debian's Chromium headless through `playwright-core`, with a fresh temporary
 * profile (Playwright gives every `launch()` its own `--user-data-dir`). Throws a
 * `ChromiumNotFoundError` saying how to install Chromium when there is none.
 *
 * @example
 * ```ts
 * const chromium = await launchChromium()
 * const page = await chromium.newPage()
 * await page.goto(server.url)
 * await chromium.screenshot(page, 'home')
 * await chromium.close()
 * ```
 */
export async function launchChromium(options: ChromiumOptions = {}): Promise<BrowserSession> {
  const executablePath = findChromium(options.executablePath)
  const outputDir = resolve(options.outputDir ?? 'test-output')
  let browser: Browser
  try {
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [...CHROMIUM_FLAGS, ...(options.args ?? [])],
    })
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`Chromium at ${executablePath} failed to start: ${reason}`, { cause: error })
  }
  const logs = new WeakMap<Page, { errors: string[]; console: string[] }>()
  return {
    browser,
    executablePath,
    outputDir,
    async newPage(contextOptions) {
      const context = await browser.newContext(contextOptions)
      const page = await context.newPage()
      const log = { errors: [] as string[], console: [] as string[] }
      logs.set(page, log)
      page.on('pageerror', (error) => log.errors.push(`${error.name}: ${error.message}`))
      page.on('console', (message) => log.console.push(`${message.type()}: ${message.text()}`))
      return page
    },
    errors: (page) => [...(logs.get(page)?.errors ?? [])],
    consoleLines: (page) => [...(logs.get(page)?.console ?? [])],
    async screenshot(page, name) {
      await mkdir(outputDir, { recursive: true })
      const path = join(outputDir, `${name.replace(/[^\w.-]+/g, '-')}.png`)
      await page.screenshot({ path, fullPage: true })
      return path
    },
    async close() {
      if (browser.isConnected()) await browser.close()
    },
  }
}
