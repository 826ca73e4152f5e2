import { defineConfig } from 'tsup'

// The demo's Node server (the built app is Vite's job): one file, the workspace packages and
// the rest of node_modules left as imports.
export default defineConfig({
  entry: { main: 'src/server/main.ts' },
  outDir: 'dist/server',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
})
