import { readFile, stat } from 'node:fs/promises'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, resolve, sep } from 'node:path'

/** A `node:http` request listener (Express apps and `toNodeListener(...)` results are ones). */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown

/** Options of {@link serve}. */
export interface ServeOptions {
  /** In-memory files by URL path (`'/index.html'`, `'/app.js'`); `'/'` means `'/index.html'`. */
  files?: Record<string, string | Uint8Array>
  /** A folder served as static files (a Vite or esbuild output), after `files`. */
  root?: string
  /** Everything that is not a file (an API, a proxy); default: 404. */
  handler?: NodeHandler
  /** Loopback address to listen on; default `127.0.0.1`. */
  host?: string
}

/** A server from {@link serve}. */
export interface HarnessServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string
  readonly port: number
  readonly server: Server
  /** Closes the server and every connection still open (streams included). Idempotent. */
  close(): Promise<void>
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
}

/** The file's URL path (`/` → `/index.html`), or undefined for a path no file can have. */
function filePath(req: IncomingMessage): string | undefined {
  if (req.method !== 'GET' && req.method !== 'HEAD') return undefined
  try {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    return path.endsWith('/') ? `${path}index.html` : path
  } catch {
    return undefined
  }
}

async function readFromRoot(root: string, path: string): Promise<Buffer | undefined> {
  const full = resolve(join(root, path))
  if (full !== root && !full.startsWith(root + sep)) return undefined
  const info = await stat(full).catch(() => undefined)
  return info?.isFile() ? readFile(full) : undefined
}

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' })
  res.end(res.req.method === 'HEAD' ? undefined : body)
}

function listener(options: ServeOptions): NodeHandler {
  const root = options.root === undefined ? undefined : resolve(options.root)
  const files = new Map(
    Object.entries(options.files ?? {}).map(([path, body]) => [
      path.endsWith('/') ? `${path}index.html` : path,
      body,
    ]),
  )
  return async (req, res) => {
    const path = filePath(req)
    if (path !== undefined) {
      const body = files.get(path) ?? (root ? await readFromRoot(root, path) : undefined)
      if (body !== undefined) {
        const type = CONTENT_TYPES[extname(path)] ?? 'application/octet-stream'
        return send(res, 200, type, body)
      }
    }
    // Browsers ask for one on every page; a 404 would be a console error in every test.
    if (path === '/favicon.ico') return send(res, 204, 'image/x-icon', '')
    if (options.handler) return options.handler(req, res)
    send(res, 404, 'text/plain; charset=utf-8', `not found: ${req.method} ${req.url}`)
  }
}

/**
 * Serves in-memory files, a folder and/or a handler on a free loopback port.
 *
 * @example
 * ```ts
 * const server = await serve({
 *   files: { '/': '<script type="module" src="/app.js"></script>', '/app.js': code },
 *   handler: toNodeListener(proxy), // e.g. /api/* for the page
 * })
 * await page.goto(server.url)
 * await server.close()
 * ```
 */
export async function serve(options: ServeOptions = {}): Promise<HarnessServer> {
  const handle = listener(options)
  const server = createServer((req, res) => {
    Promise.resolve()
      .then(() => handle(req, res))
      .catch((error: unknown) => {
        if (res.headersSent) return res.destroy()
        send(res, 500, 'text/plain; charset=utf-8', `harness handler failed: ${String(error)}`)
      })
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(0, host, done)
  })
  const { port } = server.address() as AddressInfo
  const shown = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${shown}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((done) => {
        if (!server.listening) return done()
        server.close(() => done())
        server.closeAllConnections()
      }),
  }
}
