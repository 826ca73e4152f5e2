// The Node side of the browser suite: one sandbox, two pages (one calling the sandbox
// directly across origins, one served by a node:http server that also mounts the proxy),
// and a typed way to run the page's scenarios.
import { join } from 'node:path'
import { createProxyHandler, toNodeListener } from '@archipelag/client/proxy'
import type { Sandbox } from '@archipelag/sandbox'
import {
  type BrowserSession,
  type HarnessServer,
  type NodeHandler,
  type Page,
  bundle,
  launchChromium,
  serve,
} from 'browser-harness'
import { afterAll, beforeAll } from 'vitest'
import { listen } from '../helpers/sandbox'
import type { Scenarios, Target } from './page/scenarios'

/** How a page reaches the API: which target to use for success, a 401 and a 402. */
/** The two ways a page reaches the API: straight to the sandbox, or through the proxy. */
export const modes = [
  { mode: 'directly (CORS)', side: 'direct' },
  { mode: 'through the proxy', side: 'proxied' },
] as const

export interface Route {
  ok: Target
  unauthorized: Target
  broke: Target
}

export interface BrowserWorld {
  sandbox: Sandbox
  chromium: BrowserSession
  /** The page whose client calls the sandbox's origin (CORS) with a key. */
  direct: { page: Page; route: Route }
  /** The page whose client calls `/api/archipelag` on its own origin, with no key. */
  proxied: { page: Page; route: Route }
  close(): Promise<void>
}

const pageDir = join(__dirname, 'page')

function html(title: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 24px; color: #123; }
  section { border-top: 1px solid #9ab; padding: 4px 0; }
  h2 { font-size: 15px; margin: 6px 0 2px; color: #246; }
  p { margin: 0 0 6px; }
  img { display: block; border: 1px solid #345; }
</style></head>
<body><main><h1>${title}</h1></main><script type="module" src="/app.js"></script></body></html>`
}

/** Mounts proxy handlers under path prefixes of one node:http listener. */
function mountProxies(mounts: Record<string, NodeHandler>): NodeHandler {
  return (req, res) => {
    const prefix = Object.keys(mounts).find((p) => req.url?.startsWith(`${p}/`))
    if (prefix) return mounts[prefix]?.(req, res)
    res.writeHead(404).end()
  }
}

async function openPage(chromium: BrowserSession, server: HarnessServer): Promise<Page> {
  const page = await chromium.newPage()
  await page.goto(server.url)
  await page.waitForFunction(() => typeof window.scenarios === 'object')
  return page
}

/** Starts the sandbox, the two servers and Chromium, and opens both pages. */
export async function startBrowserWorld(): Promise<BrowserWorld> {
  // Tokens 30 ms apart: an answer (12 to 48 tokens) is still running when a test aborts it.
  const sandbox = await listen({ tokenIntervalMs: 30 })
  const servers: HarnessServer[] = []
  let chromium: BrowserSession | undefined
  try {
    const { key: brokeKey } = await sandbox.createAccount({ credits: 0 })
    // The built packages, minified as a production bundler would.
    const app = await bundle({
      entry: join(pageDir, 'scenarios.ts'),
      minify: true,
      esbuild: { tsconfig: join(pageDir, 'tsconfig.json') },
    })
    const upstream = { baseUrl: sandbox.url, allowWorkloads: ['llm-chat', 'sdxl'] }
    const proxy = (apiKey: string, authorize?: () => boolean) =>
      toNodeListener(createProxyHandler({ ...upstream, apiKey, ...(authorize && { authorize }) }))
    const directServer = await serve({ files: { '/': html('direct'), '/app.js': app } })
    servers.push(directServer)
    const proxyServer = await serve({
      files: { '/': html('through the proxy'), '/app.js': app },
      handler: mountProxies({
        '/api/archipelag': proxy(sandbox.apiKey),
        '/api/broke': proxy(brokeKey),
        '/api/locked': proxy(sandbox.apiKey, () => false),
      }),
    })
    servers.push(proxyServer)
    chromium = await launchChromium()
    const session = chromium
    const key = (apiKey: string | null, baseUrl = sandbox.url): Target => ({ baseUrl, apiKey })
    return {
      sandbox,
      chromium,
      direct: {
        page: await openPage(chromium, directServer),
        route: {
          ok: key(sandbox.apiKey),
          unauthorized: key(`ak_${'0'.repeat(32)}`),
          broke: key(brokeKey),
        },
      },
      proxied: {
        page: await openPage(chromium, proxyServer),
        route: {
          ok: key(null, '/api/archipelag'),
          unauthorized: key(null, '/api/locked'),
          broke: key(null, '/api/broke'),
        },
      },
      async close() {
        await session.close()
        await Promise.all(servers.map((s) => s.close()))
        await sandbox.close()
      },
    }
  } catch (error) {
    await chromium?.close()
    await Promise.all(servers.map((s) => s.close()))
    await sandbox.close()
    throw error
  }
}

type ScenarioResult<K extends keyof Scenarios> = Awaited<ReturnType<Scenarios[K]>>

/** Runs a scenario of `page/scenarios.ts` in the page and returns its JSON result. */
export function inPage<K extends keyof Scenarios>(
  page: Page,
  name: K,
  ...args: Parameters<Scenarios[K]>
): Promise<ScenarioResult<K>> {
  return page.evaluate(
    ({ name, args }) => (window.scenarios[name] as (...a: unknown[]) => unknown)(...args),
    { name, args },
  ) as Promise<ScenarioResult<K>>
}

/** A job as the sandbox stores it, read on the wire (no SDK code in between). */
export async function sandboxJob(
  sandbox: Sandbox,
  id: string,
): Promise<{ status: string; output?: string }> {
  const res = await fetch(`${sandbox.url}/api/v1/jobs/${id}`, {
    headers: { authorization: `Bearer ${sandbox.apiKey}` },
  })
  if (!res.ok) throw new Error(`GET /jobs/${id}: ${res.status}`)
  return ((await res.json()) as { data: { status: string; output?: string } }).data
}

/**
 * One browser world for the test file: started before its tests, closed after them. Read it
 * through the returned function (it exists once `beforeAll` has run).
 */
export function useBrowserWorld(): () => BrowserWorld {
  let world: BrowserWorld | undefined
  beforeAll(async () => {
    world = await startBrowserWorld()
  }, 60_000)
  afterAll(() => world?.close())
  return () => world as BrowserWorld
}
