import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string
  bin: Record<string, string>
  files: string[]
}

describe('the published command', () => {
  it('is what `npx @archipelag/sandbox` runs: the package has exactly one bin', () => {
    // npx, pnpm dlx and yarn dlx run a package's only bin; with several, they would look for one
    // named after the package without its scope (`sandbox`) and fail without it.
    const bins = Object.entries(manifest.bin)
    expect(bins).toHaveLength(1)
    const [name, path] = bins[0] as [string, string]
    expect(name).toBe('archipelag-sandbox')
    expect(manifest.files.some((f) => path.replace(/^\.\//, '').startsWith(`${f}/`))).toBe(true)
    const script = readFileSync(join(root, path), 'utf8')
    expect(script.startsWith('#!/usr/bin/env node\n')).toBe(true)
  })
})
