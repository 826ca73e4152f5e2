#!/usr/bin/env node
// Browser bundle budget for a package: bundles each entry as a browser would ship it
// (esbuild, minified, every dependency included), prints the size after gzip -9 and fails
// when an entry is over its budget or pulls in a Node built-in. Packages run it from
// `check:publish`, so CI enforces the budgets:
//
//   node ../../scripts/bundle-size.mjs dist/index.js:18 dist/proxy.js
//
// Each argument is `<file>[:<budget in KB>]`, relative to the package folder. A package whose
// users bring some dependencies themselves (peer dependencies, or packages measured on their
// own) names them first, and they are left out of the bundle:
//
//   node ../../scripts/bundle-size.mjs --external react,@archipelag/client dist/index.js:5
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const kb = (n) => `${(n / 1024).toFixed(2)} KB`
const { name } = JSON.parse(readFileSync('package.json', 'utf8'))

const args = process.argv.slice(2)
const flag = args.indexOf('--external')
const allowed = flag === -1 ? [] : args.splice(flag, 2)[1].split(',')

async function measure(file) {
  const result = await build({
    external: allowed.flatMap((name) => [name, `${name}/*`]),
    entryPoints: [resolve(file)],
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
    .filter((i) => i.path.startsWith('node:') || (i.external && !isAllowed(i.path)))
    .map((i) => i.path)
  return { minified: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length, external }
}

function isAllowed(path) {
  return allowed.some((name) => path === name || path.startsWith(`${name}/`))
}

let failed = false
for (const arg of args) {
  const [file, budgetKb] = arg.split(':')
  const budget = budgetKb === undefined ? undefined : Number(budgetKb) * 1024
  const size = await measure(file)
  const entry = file.replace(/^(\.\/)?dist\//, '').replace(/\.js$/, '')
  const label = entry === 'index' ? name : `${name}/${entry}`
  const limit = budget === undefined ? '' : ` (budget ${kb(budget)})`
  const alone = allowed.length ? ` without ${allowed.join(', ')}` : ''
  console.log(
    `${label}${alone}: ${kb(size.minified)} minified, ${kb(size.gzipped)} gzip -9${limit}`,
  )
  if (size.external.length > 0) {
    console.error(`  imports Node built-ins or externals: ${size.external.join(', ')}`)
    failed = true
  }
  if (budget !== undefined && size.gzipped > budget) {
    console.error(`  over budget by ${size.gzipped - budget} bytes`)
    failed = true
  }
}
if (failed) process.exit(1)
