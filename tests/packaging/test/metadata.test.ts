import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  type Manifest,
  publishedPackages,
  readJson,
  testPackageDir,
} from './helpers/published-packages'

const REPOSITORY = 'https://github.com/archipelag-io/archipelag-ts'
const packages = publishedPackages()

describe('published packages', () => {
  it('are found under packages/', () => {
    expect(packages.map((pkg) => pkg.name)).toEqual(
      expect.arrayContaining(['@archipelag/core', '@archipelag/client', '@archipelag/sandbox']),
    )
  })

  it('are all dependencies of this test package, so turbo builds them before these checks', () => {
    const { devDependencies = {} } = readJson<Manifest>(join(testPackageDir, 'package.json'))
    for (const pkg of packages) {
      expect(devDependencies[pkg.name], `add "${pkg.name}": "workspace:*"`).toBe('workspace:*')
    }
  })
})

describe.each(packages.map((pkg) => [pkg.name, pkg] as const))('%s', (_, pkg) => {
  const { manifest } = pkg

  it('ships an MIT LICENSE naming the Archipelag.io contributors', () => {
    expect(manifest.license).toBe('MIT')
    const license = join(pkg.dir, 'LICENSE')
    expect(existsSync(license), `${pkg.relDir}/LICENSE`).toBe(true)
    const text = readFileSync(license, 'utf8')
    expect(text).toMatch(/^MIT License\n/)
    expect(text).toMatch(/^Copyright \(c\) \d{4} Archipelag\.io contributors$/m)
    expect(text).toContain('Permission is hereby granted, free of charge')
    expect(manifest.files).toContain('LICENSE')
  })

  it('names its repository folder, home page and issue tracker', () => {
    expect(manifest.repository).toEqual({
      type: 'git',
      url: `git+${REPOSITORY}.git`,
      directory: pkg.relDir,
    })
    expect(manifest.homepage).toBe(`${REPOSITORY}/tree/main/${pkg.relDir}#readme`)
    expect(manifest.bugs).toEqual({ url: `${REPOSITORY}/issues` })
  })

  it('runs publint --strict and attw under every module resolution in check:publish', () => {
    const script = manifest.scripts?.['check:publish'] ?? ''
    expect(script).toMatch(/\bpublint --strict\b/)
    expect(script).toMatch(/\battw --pack \.(?= |$)/)
    // A profile (`--profile node16`) or ignored rules would hide the node10 resolution.
    expect(script).not.toMatch(/attw[^&]*--(profile|ignore-rules|entrypoints|exclude-entrypoints)/)
  })
})
