import type { IncomingMessage, ServerResponse } from 'node:http'
import { Client } from '@archipelag/client'
import {
  type ProxyHandler,
  createProxyHandler,
  defaultProxyRoutes,
  toNodeListener,
} from '@archipelag/client/proxy'
import type { Upstream } from './upstream'

/** Where the browser's client points: `new Client({ apiKey: null, baseUrl: PROXY_PATH })`. */
export const PROXY_PATH = '/api/archipelag'
/** What the page asks the demo server about itself (never the key). */
export const INFO_PATH = '/api/demo/info'

/**
 * The routes the demo forwards: the defaults (run and follow jobs, Cargos) plus the
 * account-level ones its pages show. Right for a demo on your own machine, where the one
 * visitor owns the account; a public site would leave the account routes closed.
 */
export const DEMO_ROUTES = [
  ...defaultProxyRoutes,
  'GET /jobs',
  'GET /account',
  'GET /api-keys',
  'POST /api-keys',
  'DELETE /api-keys/:id',
] as const

/** What `GET /api/demo/info` answers. */
export interface DemoInfo {
  /** `sandbox`: a local sandbox started by the demo; `api`: the API named by the environment. */
  mode: Upstream['mode']
  /** The API's host (`api.archipelag.io`, or the sandbox's `127.0.0.1:port`). */
  apiHost: string
  /** The ids of the key the server itself uses (its prefix's), which the page may not delete. */
  serverKeyIds: string[]
}

type Next = (error?: unknown) => void

/** A connect-style middleware (Vite's dev server, or the demo's own server). */
export type DemoMiddleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void

/**
 * The demo's API on the server: `createProxyHandler` under {@link PROXY_PATH} with the
 * upstream's key, and {@link INFO_PATH}. Deleting the server's own key is refused (the demo
 * would lock itself out). Anything else goes to `next`.
 *
 * @example
 * server.middlewares.use(createDemoApi(await openUpstream({ db })))
 */
export function createDemoApi(upstream: Upstream): DemoMiddleware {
  const ownKeys = ownKeyIds(upstream)
  const proxy = createProxyHandler({
    apiKey: upstream.apiKey,
    baseUrl: upstream.baseUrl,
    allowWorkloads: ['llm-chat', 'sdxl'],
    allowPaths: DEMO_ROUTES,
  })
  const listener = toNodeListener(protectOwnKey(proxy, ownKeys))
  return (req, res, next) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    if (path === PROXY_PATH || path.startsWith(`${PROXY_PATH}/`)) return void listener(req, res)
    if (path === INFO_PATH) return void sendInfo(res, upstream, ownKeys)
    if (path.startsWith('/api/')) return void sendJson(res, 404, notFound(path))
    next()
  }
}

/** The ids of the upstream's keys that share the server key's prefix (read once, when it works). */
function ownKeyIds(upstream: Upstream): () => Promise<string[]> {
  let known: Promise<string[]> | undefined
  return () => {
    known ??= (async () => {
      const client = new Client({ apiKey: upstream.apiKey, baseUrl: upstream.baseUrl })
      try {
        const keys = await client.listApiKeys()
        return keys.filter((k) => upstream.apiKey.startsWith(k.prefix)).map((k) => k.id)
      } finally {
        await client.close()
      }
    })()
    known.catch(() => {
      known = undefined // try again next time
    })
    return known
  }
}

function protectOwnKey(proxy: ProxyHandler, ownKeys: () => Promise<string[]>): ProxyHandler {
  return async (request) => {
    const id = keyToDelete(request)
    if (id === undefined) return proxy(request)
    const own = await ownKeys().catch(() => undefined)
    if (own?.includes(id) === false) return proxy(request)
    const message = own
      ? 'This is the key the demo server itself uses: deleting it would lock the demo out'
      : 'The demo server could not check which key it uses itself; try again'
    return Response.json({ error: { message, code: 'demo_key_protected' } }, { status: 403 })
  }
}

/** The id in `DELETE …/api/v1/api-keys/{id}`, as the proxy will forward it (decoded). */
function keyToDelete(request: Request): string | undefined {
  if (request.method !== 'DELETE') return undefined
  const path = new URL(request.url).pathname
  const at = path.indexOf('/api/v1/')
  if (at < 0) return undefined
  const segments = path
    .slice(at + '/api/v1/'.length)
    .split('/')
    .filter(Boolean)
  if (segments.length !== 2 || segments[0] !== 'api-keys') return undefined
  return safeDecode(segments[1] as string)
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

async function sendInfo(res: ServerResponse, upstream: Upstream, ownKeys: () => Promise<string[]>) {
  const serverKeyIds = await ownKeys().catch(() => [])
  const info: DemoInfo = {
    mode: upstream.mode,
    apiHost: new URL(upstream.baseUrl).host,
    serverKeyIds,
  }
  sendJson(res, 200, info)
}

function notFound(path: string) {
  return { error: { message: `No such demo endpoint: ${path}`, code: 'not_found' } }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status
  res.setHeader('content-type', 'application/json')
  res.setHeader('cache-control', 'no-store')
  res.end(JSON.stringify(body))
}
