#!/usr/bin/env node
// Browser bundle size of the whole of @archipelag/core (esbuild, minified, dependencies
// included, gzip -9), with the share of each dependency for scale. The budget itself is
// enforced by scripts/bundle-size.mjs, which `pnpm --filter @archipelag/core check:publish` runs.
//
//   pnpm --filter @archipelag/core build && node bench/core-size.mjs
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const core = new URL('../packages/core/', import.meta.url).pathname
async function size(contents) {
  const result = await build({
    stdin: { contents, resolveDir: core },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  })
  const bytes = result.outputFiles[0].contents
  return { min: bytes.length, gz: gzipSync(bytes, { level: 9 }).length }
}
const kb = (n) => `${(n / 1024).toFixed(2)} KB`
const rows = [
  ['@archipelag/core (all exports)', "export * from './dist/index.js'"],
  ['  createTransport only', "export { createTransport } from './dist/index.js'"],
  ['ky, for scale', "export { default } from 'ky'"],
  ['eventsource-parser', "export * from 'eventsource-parser'"],
]
for (const [name, contents] of rows) {
  const { min, gz } = await size(contents)
  console.log(`${name.padEnd(44)} ${kb(min).padStart(10)} min  ${kb(gz).padStart(9)} gzip -9`)
}
