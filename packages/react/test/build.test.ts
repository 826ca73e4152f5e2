// @vitest-environment node
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

const read = (file: string) => readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8')

describe('the built files', () => {
  it("start with 'use client', so a Next.js App Router page can import the hooks", () => {
    for (const file of ['index.js', 'index.cjs']) {
      expect(read(file).split('\n')[0]).toBe("'use client'")
    }
  })

  it('keep their source maps aligned after the directive line', () => {
    for (const file of ['index.js', 'index.cjs']) {
      const map = JSON.parse(read(`${file}.map`))
      const lines = read(file).split('\n')
      const firstMapped = map.mappings.split(';').findIndex((segment: string) => segment !== '')
      // The first mapped line is real code, not the directive or an empty line.
      expect(lines[firstMapped]).toMatch(/\S/)
      expect(lines[firstMapped]).not.toBe("'use client'")
    }
  })

  it('load from CommonJS and ESM with the same exports', async () => {
    const require = createRequire(import.meta.url)
    const cjs = require('../dist/index.cjs')
    const esm = await import('../dist/index.js')
    expect(Object.keys(cjs).sort()).toEqual(Object.keys(esm).sort())
    expect(typeof cjs.useChat).toBe('function')
  })
})
