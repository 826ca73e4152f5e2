#!/usr/bin/env node
// Bundle-size budget: the whole of @archipelag/core as a browser would ship it
// (esbuild, minified, dependencies included) compressed with gzip -9.
// Fails (exit 1) above the budget; run by `pnpm check:publish` so CI enforces it.
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const BUDGET = 18 * 1024

const result = await build({
  entryPoints: [new URL('../dist/index.js', import.meta.url).pathname],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  write: false,
  metafile: true,
  logLevel: 'silent',
})
const bytes = result.outputFiles[0].contents
const gzipped = gzipSync(bytes, { level: 9 }).length
const nodeImports = Object.values(result.metafile.outputs)
  .flatMap((output) => output.imports)
  .filter((i) => i.path.startsWith('node:') || i.external)

const kb = (n) => `${(n / 1024).toFixed(2)} KB`
console.log(
  `@archipelag/core browser bundle: ${kb(bytes.length)} minified, ${kb(gzipped)} gzip -9 (budget ${kb(BUDGET)})`,
)
if (nodeImports.length > 0) {
  console.error(
    `bundle imports external/node modules: ${nodeImports.map((i) => i.path).join(', ')}`,
  )
  process.exit(1)
}
if (gzipped > BUDGET) {
  console.error(`over budget by ${gzipped - BUDGET} bytes`)
  process.exit(1)
}
