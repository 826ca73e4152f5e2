import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type * as TS from 'typescript'
import { describe, expect, it } from 'vitest'
import { type ConsumerProject, compileConsumer } from './helpers/consumer-project'
import {
  entryPoints,
  NODE_ONLY,
  type PublishedPackage,
  publishedPackages,
} from './helpers/published-packages'

// A user's project compiles our published .d.ts with its own TypeScript and settings, and
// with `skipLibCheck: false` it checks every declaration file. Each setup below is such a
// project (its imports resolve through node_modules to the built packages), compiled by
// the lowest TypeScript the READMEs promise and by the current one.
const LOWEST_SUPPORTED = '5.4'
const require = createRequire(import.meta.url)
const compilers: [string, typeof TS][] = [
  ['lowest supported', require('typescript-5.4')],
  ['current', require('typescript')],
]

const packages = publishedPackages()
const browserPackages = packages.filter((pkg) => !NODE_ONLY.has(pkg.name))

/** A module importing every entry point of the given packages, so each .d.ts is loaded. */
function importEverything(pkgs: PublishedPackage[]): string {
  const specifiers = pkgs.flatMap(entryPoints)
  const imports = specifiers.map((spec, i) => `import * as entry${i} from '${spec}'`)
  return `${imports.join('\n')}\nexport const entries = [${specifiers.map((_, i) => `entry${i}`)}]\n`
}

const strict = { strict: true, skipLibCheck: false, noEmit: true, target: 'ES2022' }
const setups: (ConsumerProject & { name: string; packages: PublishedPackage[] })[] = [
  {
    name: 'bundler resolution, @types/node',
    tsconfig: { ...strict, module: 'ESNext', moduleResolution: 'Bundler', types: ['node'] },
    roots: [{ file: 'all.ts', text: importEverything(packages) }, { file: 'node-usage.ts' }],
    packages,
    dependencies: false,
  },
  {
    name: 'node16 resolution, from ESM and from CJS, @types/node + lib esnext.disposable',
    tsconfig: {
      ...strict,
      module: 'Node16',
      moduleResolution: 'Node16',
      lib: ['ES2022', 'ESNext.Disposable'],
      types: ['node'],
    },
    roots: [
      { file: 'all.mts', text: importEverything(packages) },
      { file: 'all.cts', text: importEverything(packages) },
      { file: 'node-usage.ts' },
    ],
    packages,
    dependencies: false,
  },
  {
    // The fewest globals: the setup where our dependencies' declarations are checked too.
    name: 'browser: lib ES2022 + DOM, no @types/node',
    tsconfig: {
      ...strict,
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      types: [],
    },
    roots: [
      { file: 'all.ts', text: importEverything(browserPackages) },
      { file: 'browser-usage.ts' },
    ],
    packages: browserPackages,
    dependencies: true,
  },
]

describe.each(compilers)('the published types under the %s TypeScript', (_, ts) => {
  it.each(setups.map((setup) => [setup.name, setup] as const))(
    `compile in a strict project with skipLibCheck off: %s (TypeScript ${ts.version})`,
    (_name, setup) => {
      const { diagnostics, declarations } = compileConsumer(ts, setup)
      expect(diagnostics).toBe('')
      for (const pkg of setup.packages) {
        expect(
          declarations.some((file) => file.includes(`/${pkg.relDir}/dist/`)),
          `${pkg.name} resolves to its built declarations`,
        ).toBe(true)
      }
    },
  )
})

it(`tests TypeScript ${LOWEST_SUPPORTED}, the lowest version every README states`, () => {
  const [, lowest] = compilers[0] ?? []
  expect(lowest?.version.startsWith(`${LOWEST_SUPPORTED}.`)).toBe(true)
  for (const pkg of packages) {
    const readme = readFileSync(join(pkg.dir, 'README.md'), 'utf8')
    expect(readme, `${pkg.name} README`).toContain(`TypeScript ≥ ${LOWEST_SUPPORTED}`)
  }
})
