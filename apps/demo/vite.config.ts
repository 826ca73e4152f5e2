import { defineConfig } from 'vite'
import { demoApi } from './src/server/vite-plugin'

// JSX goes through Vite's built-in esbuild (automatic runtime): no React plugin needed, so
// edits reload the page instead of hot-swapping components.
export default defineConfig({
  plugins: [demoApi()],
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    sourcemap: false, // with maps on, Rollup reports each 'use client' it drops as a map error
    rollupOptions: {
      onwarn(warning, warn) {
        // zod's own `@__PURE__` comments in odd places: harmless, and not ours to fix.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/zod/')) return
        // 'use client' (react-query, @archipelag/react) means nothing in a single-page app.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('use client')) {
          return
        }
        warn(warning)
      },
    },
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
})
