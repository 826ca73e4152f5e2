import { Client } from '@archipelag/client'
import { type BrowserSession, type Page, launchChromium } from 'browser-harness'
import { afterAll, beforeAll, expect, inject } from 'vitest'

export type { Page }

/** The sandbox's seeded account, straight (with its key): what the server really holds. */
export function admin(): Client {
  const { url, apiKey } = inject('sandbox')
  return new Client({ apiKey, baseUrl: url })
}

/**
 * One Chromium for a test file, closed after it. Every page it opens is checked at the end
 * for uncaught errors. Screenshots go to apps/demo/test-output/ (git-ignored).
 */
/** Where and how to open a page. */
export interface OpenOptions {
  /** Another demo server's URL (default: the main one). */
  base?: string
  dark?: boolean
  /** Viewport width (default 1100). */
  width?: number
}

export function chromiumForThisFile(): {
  session: () => BrowserSession
  open: (path: string, options?: OpenOptions) => Promise<Page>
} {
  let session: BrowserSession | undefined
  const pages: Page[] = []
  beforeAll(async () => {
    session = await launchChromium()
  })
  afterAll(async () => {
    for (const page of pages) expect(session?.errors(page) ?? []).toEqual([])
    await session?.close()
  })
  /** A fresh page (own storage) at `path` of the demo (`base` another demo server). */
  async function open(path: string, options: OpenOptions = {}): Promise<Page> {
    if (!session) throw new Error('Chromium is not running')
    const page = await session.newPage({
      viewport: { width: options.width ?? 1100, height: 800 },
      colorScheme: options.dark ? 'dark' : 'light',
      permissions: ['clipboard-read', 'clipboard-write'],
    })
    pages.push(page)
    await page.goto(new URL(path, options.base ?? inject('demoUrl')).href)
    return page
  }
  return { session: () => session as BrowserSession, open }
}

/** Polls `check` until it returns something (server-side effects settle asynchronously). */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  ms = 10_000,
): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
