import { readFileSync, writeFileSync } from 'node:fs'
import { defineConfig } from 'tsup'

const DIRECTIVE = "'use client'\n"

/**
 * Every export is a hook or a component, so Next.js App Router pages may import them: the
 * built files start with 'use client'. tsup's `banner` cannot do it here: the rollup pass
 * of `treeshake` (which also merges the imports of each external into one statement) drops
 * module-level directives. So the line is added after the build, and each source map gets
 * one empty line in front to match (a leading `;` in `mappings`).
 */
function useClient(): void {
  for (const file of ['dist/index.js', 'dist/index.cjs']) {
    const code = readFileSync(file, 'utf8')
    if (code.startsWith(DIRECTIVE)) continue
    writeFileSync(file, DIRECTIVE + code)
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'))
    map.mappings = `;${map.mappings}`
    writeFileSync(`${file}.map`, JSON.stringify(map))
  }
}

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  treeshake: true,
  external: ['react', '@tanstack/react-query', '@archipelag/client', '@archipelag/core'],
  onSuccess: async () => useClient(),
})
