import { join } from 'node:path'
import type { Plugin, PreviewServer, ViteDevServer } from 'vite'
import { workspaceRoot } from './args'
import { createDemoApi } from './demo-api'
import { openUpstream } from './upstream'

/**
 * Mounts the demo's API (the proxy, with the server-side key) in Vite's dev and preview
 * servers, so `vite` serves the app with hot reload and the same `/api/archipelag` as the
 * demo's own server. It starts a sandbox with its own database
 * (`.archipelag/demo-dev.db`, so it never competes with `npm run demo`'s), unless
 * `ARCHIPELAG_API_KEY` is set; the sandbox stops with the server.
 *
 * @example
 * export default defineConfig({ plugins: [demoApi()] })
 */
export function demoApi(): Plugin {
  const mount = async (server: ViteDevServer | PreviewServer) => {
    const db = join(workspaceRoot(server.config.root), '.archipelag', 'demo-dev.db')
    const upstream = await openUpstream({ db })
    server.config.logger.info(`  Archipelag API: ${upstream.label}`)
    server.middlewares.use(createDemoApi(upstream))
    server.httpServer?.once('close', () => void upstream.close())
  }
  return {
    name: 'archipelag-demo-api',
    configureServer: mount,
    configurePreviewServer: mount,
  }
}
