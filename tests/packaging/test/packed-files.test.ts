import { readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { packedFiles, publishedPackages, readJson } from './helpers/published-packages'

// What a user receives is the tarball, not the folder: these tests read the file list
// `npm pack` would publish (after the build turbo runs first).
describe.each(publishedPackages().map((pkg) => [pkg.name, pkg] as const))('%s', (_, pkg) => {
  let files: Set<string>
  beforeAll(async () => {
    files = new Set(await packedFiles(pkg))
  })

  it('ships its LICENSE and README', () => {
    expect(files).toContain('LICENSE')
    expect(files).toContain('README.md')
  })

  it('has source maps whose sources all ship in the package', () => {
    const maps = [...files].filter((file) => file.endsWith('.map'))
    expect(maps.length).toBeGreaterThan(0)
    const missing: string[] = []
    for (const map of maps) {
      const { sources, sourceRoot = '' } = readJson<{ sources: string[]; sourceRoot?: string }>(
        join(pkg.dir, map),
      )
      for (const source of sources) {
        const path = posix.normalize(posix.join(posix.dirname(map), sourceRoot, source))
        if (!files.has(path)) missing.push(`${map} → ${source}`)
      }
    }
    expect(missing).toEqual([])
  })

  it('ships the source map each script points at', () => {
    const scripts = [...files].filter((file) => /\.[cm]?js$/.test(file))
    for (const script of scripts) {
      const link = /\n\/\/# sourceMappingURL=(\S+)\s*$/.exec(
        readFileSync(join(pkg.dir, script), 'utf8'),
      )
      if (!link?.[1]) continue
      expect(files, `${script} links ${link[1]}`).toContain(
        posix.join(posix.dirname(script), link[1]),
      )
    }
  })

  // Resolvers that predate `exports` (TypeScript's node10, Jest < 28, webpack 4) look for a
  // file or a folder with a package.json at the subpath itself.
  it('offers each subpath export to resolvers that ignore `exports`', () => {
    const subpaths = Object.keys(pkg.manifest.exports ?? {})
      .filter((key) => key !== '.' && !key.endsWith('.json'))
      .map((key) => key.replace(/^\.\//, ''))
    for (const sub of subpaths) {
      expect(files, `${pkg.name}/${sub}: ship ${sub}/package.json`).toContain(`${sub}/package.json`)
      const stub = readJson<{ main?: string; types?: string }>(join(pkg.dir, sub, 'package.json'))
      for (const target of [stub.main, stub.types]) {
        expect(target, `${sub}/package.json needs main and types`).toBeTypeOf('string')
        expect(files).toContain(posix.join(sub, target ?? ''))
      }
    }
  })
})
