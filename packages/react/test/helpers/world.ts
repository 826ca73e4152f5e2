import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Client, type Job } from '@archipelag/client'
import { createProxyHandler, defaultProxyRoutes, toNodeListener } from '@archipelag/client/proxy'
import { type Sandbox, type SandboxOptions, startSandbox } from '@archipelag/sandbox'

/** One account on the sandbox, seen from a page and from the server. */
export interface TestAccount {
  /** The page's client: no key, through the proxy, as in a browser. */
  client: Client
  /** The account's own key, straight to the sandbox: to look at what the server holds. */
  admin: Client
  /**
   * Every request that reached the sandbox through the proxy, as `GET /jobs/…` (with
   * ` after N` when it carried `Last-Event-ID: N`).
   */
  requests: string[]
  /** The account's jobs on the sandbox, newest first. */
  jobs(): Promise<Job[]>
}

export interface AccountOptions {
  credits?: number
  /** Proxy routes (default: every route the hooks use). */
  allowPaths?: string[]
  /** The page client's retries. */
  maxRetries?: number
}

/** A sandbox on 127.0.0.1 and, in front of it, the proxy a page would talk to. */
export interface World {
  sandbox: Sandbox
  /** The front server's origin (it also serves `pages`). */
  url: string
  /** Static files served at `/<name>` (the Chromium test page). */
  pages: Map<string, { type: string; body: string | Uint8Array }>
  account(options?: AccountOptions): Promise<TestAccount>
  close(): Promise<void>
}

const ROUTES = [
  ...defaultProxyRoutes,
  'GET /jobs',
  'GET /account',
  'GET /api-keys',
  'POST /api-keys',
  'DELETE /api-keys/:id',
]

/** Fast sandbox defaults for tests. */
export const FAST: SandboxOptions = {
  db: ':memory:',
  islands: 16,
  tokenIntervalMs: 2,
  stepIntervalMs: 2,
  quiet: true,
}

/**
 * Starts the sandbox (`:memory:`, a free port on 127.0.0.1) and a front server on another
 * free port: `/a/<n>/api/v1/…` goes through `createProxyHandler` with account n's key, and is
 * recorded in that account's `requests`. So a test counts exactly what reached the sandbox.
 */
export async function startWorld(options: SandboxOptions = {}): Promise<World> {
  const sandbox = await startSandbox({ ...FAST, ...options, port: 0, host: '127.0.0.1' })
  const accounts: { listener: ReturnType<typeof toNodeListener>; requests: string[] }[] = []
  const pages = new Map<string, { type: string; body: string | Uint8Array }>()
  const server: Server = createServer((req, res) => {
    const match = /^\/a\/(\d+)(\/.*)$/.exec(req.url ?? '')
    const account = match ? accounts[Number(match[1])] : undefined
    if (account && match) {
      const after = req.headers['last-event-id']
      const path = match[2]?.replace(/^\/api\/v1/, '').split('?')[0]
      account.requests.push(`${req.method} ${path}${after ? ` after ${after}` : ''}`)
      return void account.listener(req, res)
    }
    const page = pages.get((req.url ?? '/').slice(1).split('?')[0] ?? '')
    res.statusCode = page ? 200 : 404
    if (page) res.setHeader('content-type', page.type)
    res.end(page?.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    sandbox,
    url,
    pages,
    async account(o = {}) {
      const { key } = await sandbox.createAccount({ credits: o.credits ?? 100 })
      const n = accounts.length
      const requests: string[] = []
      const handler = onServer(() =>
        createProxyHandler({
          apiKey: key,
          baseUrl: sandbox.url,
          allowWorkloads: ['llm-chat', 'sdxl'],
          allowPaths: (o.allowPaths ?? ROUTES) as typeof defaultProxyRoutes,
        }),
      )
      accounts.push({ listener: toNodeListener(handler), requests })
      const client = new Client({
        apiKey: null,
        baseUrl: `${url}/a/${n}`,
        maxRetries: o.maxRetries,
      })
      const admin = new Client({ apiKey: key, baseUrl: sandbox.url, dangerouslyAllowBrowser: true })
      return { client, admin, requests, jobs: () => admin.listJobs({ limit: 100 }) }
    },
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await sandbox.close()
    },
  }
}

/**
 * Runs `make` as on a server. The proxy refuses to be created in a browser page; here it
 * does run in Node (behind a node:http server), but the hook tests' jsdom environment puts
 * a `document` in the globals, so that one is hidden while the proxy is created.
 */
function onServer<T>(make: () => T): T {
  const page = Object.getOwnPropertyDescriptor(globalThis, 'document')
  if (!page) return make()
  Reflect.deleteProperty(globalThis, 'document')
  try {
    return make()
  } finally {
    Object.defineProperty(globalThis, 'document', page)
  }
}

/** Polls `check` until it returns a value (server-side effects settle asynchronously). */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  ms = 8000,
): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

/**
 * Waits until `count()` has stopped changing for `quietMs` (a stream that was let go hears
 * nothing more), and returns it.
 */
export function quiet(count: () => number, quietMs = 100): Promise<number> {
  return eventually(async () => {
    const before = count()
    await new Promise((r) => setTimeout(r, quietMs))
    return count() === before ? before : undefined
  })
}
