#!/usr/bin/env node
// Bundle-size budget: @archipelag/client with all of @archipelag/core as a browser
// would ship it (esbuild, minified, every dependency included), compressed with
// gzip -9. Fails (exit 1) above the budget; run by `pnpm test` so CI enforces it.
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const BUDGET = 22 * 1024
const kb = (n) => `${(n / 1024).toFixed(2)} KB`

async function measure(entry) {
  const result = await build({
    entryPoints: [new URL(entry, import.meta.url).pathname],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  const bytes = result.outputFiles[0].contents
  const external = Object.values(result.metafile.outputs)
    .flatMap((output) => output.imports)
    .filter((i) => i.path.startsWith('node:') || i.external)
    .map((i) => i.path)
  return { minified: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length, external }
}

const main = await measure('../dist/index.js')
const proxy = await measure('../dist/proxy.js')
console.log(
  `@archipelag/client + core browser bundle: ${kb(main.minified)} minified, ${kb(main.gzipped)} gzip -9 (budget ${kb(BUDGET)})`,
)
console.log(
  `@archipelag/client/proxy: ${kb(proxy.minified)} minified, ${kb(proxy.gzipped)} gzip -9`,
)
for (const [name, r] of [
  ['client', main],
  ['proxy', proxy],
]) {
  if (r.external.length > 0) {
    console.error(`${name} bundle imports external/node modules: ${r.external.join(', ')}`)
    process.exit(1)
  }
}
if (main.gzipped > BUDGET) {
  console.error(`over budget by ${main.gzipped - BUDGET} bytes`)
  process.exit(1)
}
