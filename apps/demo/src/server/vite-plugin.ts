import { join } from 'node:path'
import type { Plugin, PreviewServer, ViteDevServer } from 'vite'
import { workspaceRoot } from './args'
import { createDemoApi } from './demo-api'
import { type Upstream, type UpstreamOptions, openUpstream } from './upstream'

/**
 * Mounts the demo's API (the proxy, with the server-side key) in Vite's dev and preview
 * servers, so `vite` serves the app with hot reload and the same `/api/archipelag` as the
 * demo's own server. It starts a sandbox with its own database
 * (`.archipelag/demo-dev.db`, so it never competes with `npm run demo`'s), unless
 * `ARCHIPELAG_API_KEY` is set; the sandbox stops with the server.
 *
 * @example
 * export default defineConfig({ plugins: [demoApi()] }) // or demoApi({ db: ':memory:' })
 */
export function demoApi(options: Pick<UpstreamOptions, 'env'> & { db?: string } = {}): Plugin {
  let upstream: Upstream | undefined
  const mount = async (server: ViteDevServer | PreviewServer) => {
    const db = options.db ?? join(workspaceRoot(server.config.root), '.archipelag', 'demo-dev.db')
    const opened = await openUpstream({ db, env: options.env })
    upstream = opened
    server.config.logger.info(`  Archipelag API: ${opened.label}`)
    server.middlewares.use(createDemoApi(opened))
    // The preview server has no plugin container to close: its HTTP server's end is the cue.
    server.httpServer?.once('close', () => void opened.close())
  }
  return {
    name: 'archipelag-demo-api',
    configureServer: mount,
    configurePreviewServer: mount,
    // Awaited by the dev server's close() (Ctrl-C, `q`), before Vite exits.
    closeBundle: async () => {
      await upstream?.close()
      upstream = undefined
    },
  }
}
