import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'node',
  // Resolved at run time from this package's node_modules, never inlined.
  external: ['playwright-core', 'esbuild'],
})
