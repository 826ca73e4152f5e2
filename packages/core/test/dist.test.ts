import { createRequire } from 'node:module'
import { inspect } from 'node:util'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

// These tests load the built package (turbo runs `build` before `test`).
const require = createRequire(import.meta.url)
const distJs = new URL('../dist/index.js', import.meta.url).pathname
const distCjs = new URL('../dist/index.cjs', import.meta.url).pathname

type Core = typeof import('../src/index')

describe('the built package', () => {
  it('instanceof works across the ESM and CJS copies', async () => {
    const esm = (await import(distJs)) as Core
    const cjs = require(distCjs) as Core
    expect(esm.NotFoundError).not.toBe(cjs.NotFoundError)

    const fromCjs = new cjs.NotFoundError('[404] gone', { status: 404 })
    expect(fromCjs).toBeInstanceOf(esm.NotFoundError)
    expect(fromCjs).toBeInstanceOf(esm.APIError)
    expect(fromCjs).toBeInstanceOf(esm.ArchipelagError)
    expect(fromCjs).not.toBeInstanceOf(esm.ServerError)
    expect(esm.isArchipelagError(fromCjs)).toBe(true)

    const fromEsm = new esm.RateLimitError('[429] slow', { status: 429, retryAfter: 1 })
    expect(fromEsm).toBeInstanceOf(cjs.RateLimitError)
    expect(fromEsm).not.toBeInstanceOf(cjs.NotFoundError)
    expect(cjs.isArchipelagError(fromEsm)).toBe(true)
  })

  it('bundles for the browser without any Node built-in', async () => {
    const result = await build({
      entryPoints: [distJs],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      metafile: true,
      logLevel: 'silent',
    })
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.some((path) => path.startsWith('node:'))).toBe(false)
    const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports)
    expect(imports).toEqual([])
    expect(inputs.some((path) => path.includes('zod'))).toBe(true)
  })

  it('keeps the API key out of the transport object', async () => {
    const esm = (await import(distJs)) as Core
    const key = 'ak_0123456789abcdefghijABCDEFGHIJ0123456789'
    const transport = esm.createTransport({ apiKey: key, baseUrl: 'http://127.0.0.1:9' })
    expect(inspect(transport, { depth: 10, showHidden: true })).not.toContain(key)
    expect(JSON.stringify(transport)).not.toContain(key)
  })
})
