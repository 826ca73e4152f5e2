import { existsSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import sirv from 'sirv'
import { createDemoApi } from './demo-api'
import { type Upstream, type UpstreamOptions, openUpstream } from './upstream'

/** Options of {@link startDemoServer}. */
export interface DemoServerOptions extends UpstreamOptions {
  /** The built app (`vite build`'s output). */
  appDir: string
  /** `0`: a free port. Default: 4173, or a free port when 4173 is taken. */
  port?: number
  /** Default `127.0.0.1`: the demo listens on loopback only. */
  host?: string
}

/** A running demo: its URL, its upstream, and how to stop both. */
export interface DemoServer {
  url: string
  upstream: Upstream
  server: Server
  /** Ends open streams, closes the server, then stops the sandbox it started. Idempotent. */
  close(): Promise<void>
}

export const DEFAULT_PORT = 4173

/**
 * Serves the built app and mounts the demo's API (the proxy with the server-side key) on one
 * origin, after opening the upstream (starting the sandbox unless a key is set).
 *
 * @example
 * const demo = await startDemoServer({ appDir: 'dist/app', db: '.archipelag/demo.db' })
 * console.log(demo.url)
 */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  if (!existsSync(join(options.appDir, 'index.html'))) {
    throw new Error(`No built app in ${options.appDir}: run the build first (pnpm build)`)
  }
  const upstream = await openUpstream(options)
  const api = createDemoApi(upstream)
  const files = sirv(options.appDir, {
    single: true, // any other path is the app's own route: index.html
    etag: true,
    setHeaders: (res, pathname) => {
      const hashed = pathname.startsWith('/assets/')
      res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
    },
  })
  const server = createServer((req, res) => api(req, res, () => files(req, res)))
  try {
    await listen(server, options.port, options.host ?? '127.0.0.1')
  } catch (error) {
    await upstream.close()
    throw error
  }
  const { address, port } = server.address() as AddressInfo
  const host = address.includes(':') ? `[${address}]` : address
  let closing: Promise<void> | undefined
  return {
    url: `http://${host}:${port}`,
    upstream,
    server,
    close: () => {
      closing ??= (async () => {
        const closed = new Promise((resolve) => server.close(resolve))
        server.closeAllConnections() // open event streams would hold close() forever
        await closed
        await upstream.close()
      })()
      return closing
    },
  }
}

/** Listens on `port`; without one, on the default port, or a free one when that is taken. */
async function listen(server: Server, port: number | undefined, host: string): Promise<void> {
  const attempt = (p: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(p, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  if (port !== undefined) return attempt(port)
  try {
    await attempt(DEFAULT_PORT)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    await attempt(0)
  }
}
