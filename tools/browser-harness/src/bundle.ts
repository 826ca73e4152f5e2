import { type BuildOptions, build } from 'esbuild'

/** Options of {@link bundle}: an `entry` file or `contents` source text. */
export interface BundleOptions {
  /** The entry file. */
  entry?: string
  /** Source text instead of a file (TypeScript allowed); imports resolve from `resolveDir`. */
  contents?: string
  /** Where `contents`' imports resolve from; default the cwd. */
  resolveDir?: string
  /** `'esm'` (default) for `<script type="module">`, `'iife'` for a classic script. */
  format?: 'esm' | 'iife'
  /** The global an `'iife'` bundle assigns its exports to. */
  globalName?: string
  /** Minify, as a production build does; default false. */
  minify?: boolean
  /** Appends an inline source map, so page stack traces point at the sources; default false. */
  sourcemap?: boolean
  /** Anything else for esbuild (`define`, `jsx: 'automatic'`, `conditions`…), applied last. */
  esbuild?: BuildOptions
}

/**
 * Bundles an entry for a page with esbuild, the way a user's bundler would: every import
 * inlined, resolved with the `browser`, `import` and `module` conditions. Returns the code.
 *
 * @example
 * ```ts
 * const code = await bundle({ entry: 'test/browser/page.ts' })
 * const server = await serve({ files: { '/': html, '/app.js': code } })
 * ```
 */
export async function bundle(options: BundleOptions): Promise<string> {
  const { entry, contents } = options
  if ((entry === undefined) === (contents === undefined)) {
    throw new TypeError('bundle: pass exactly one of entry or contents')
  }
  const input: BuildOptions =
    contents !== undefined
      ? { stdin: { contents, resolveDir: options.resolveDir ?? process.cwd(), loader: 'ts' } }
      : { entryPoints: [entry as string] }
  const result = await build({
    ...input,
    bundle: true,
    write: false,
    platform: 'browser',
    format: options.format ?? 'esm',
    ...(options.globalName ? { globalName: options.globalName } : {}),
    minify: options.minify ?? false,
    sourcemap: options.sourcemap ? 'inline' : false,
    logLevel: 'silent',
    ...options.esbuild,
  })
  const code = result.outputFiles?.[0]?.text
  if (code === undefined) throw new Error('bundle: esbuild wrote no output')
  return code
}
