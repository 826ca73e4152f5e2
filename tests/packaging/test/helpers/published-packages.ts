import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

/** The repository root and this test package. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))
export const testPackageDir = fileURLToPath(new URL('../../', import.meta.url))

/** The fields of a package.json these checks read. */
export interface Manifest {
  name: string
  private?: boolean
  license?: string
  files?: string[]
  repository?: { type?: string; url?: string; directory?: string } | string
  homepage?: string
  bugs?: { url?: string } | string
  scripts?: Record<string, string>
  exports?: Record<string, unknown>
  devDependencies?: Record<string, string>
}

/** A package of `packages/*` that is published to npm (not `private`). */
export interface PublishedPackage {
  name: string
  /** Absolute folder. */
  dir: string
  /** Folder relative to the repository root, e.g. `packages/core`. */
  relDir: string
  manifest: Manifest
}

export const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T

/**
 * Every published package of the workspace, found on disk: a new package under
 * `packages/` is held to these checks without anyone adding it to a list.
 */
export function publishedPackages(): PublishedPackage[] {
  const base = join(repoRoot, 'packages')
  return readdirSync(base)
    .filter((name) => existsSync(join(base, name, 'package.json')))
    .map((name) => {
      const dir = join(base, name)
      const manifest = readJson<Manifest>(join(dir, 'package.json'))
      return { name: manifest.name, dir, relDir: `packages/${name}`, manifest }
    })
    .filter((pkg) => pkg.manifest.private !== true)
}

/**
 * Packages that only run on Node (a server with a native addon): left out of the browser
 * compile. Every other published package must type-check in a browser project.
 */
export const NODE_ONLY = new Set(['@archipelag/sandbox'])

/** The import specifiers a package offers: `name` and `name/sub` for each `exports` key. */
export function entryPoints(pkg: PublishedPackage): string[] {
  return Object.keys(pkg.manifest.exports ?? { '.': null })
    .filter((key) => !key.endsWith('.json'))
    .map((key) => (key === '.' ? pkg.name : `${pkg.name}/${key.replace(/^\.\//, '')}`))
}

/** The files `npm publish` would put in the tarball, as package-relative paths. */
export async function packedFiles(pkg: PublishedPackage): Promise<string[]> {
  const { stdout } = await promisify(execFile)(
    'npm',
    ['pack', '--dry-run', '--json', '--ignore-scripts'],
    { cwd: pkg.dir, maxBuffer: 16 * 1024 * 1024 },
  )
  const [report] = JSON.parse(stdout) as [{ files: { path: string }[] }]
  return report.files.map((file) => file.path)
}
