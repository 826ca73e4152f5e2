import { join } from 'node:path'
import type * as TS from 'typescript'
import { testPackageDir } from './published-packages'

/** Where the consumer projects live: their imports resolve through this package's node_modules. */
export const consumerDir = join(testPackageDir, 'consumer')

/** A consumer project: a tsconfig and its root files. */
export interface ConsumerProject {
  /** As written in a tsconfig.json `compilerOptions`. */
  tsconfig: Record<string, unknown>
  /** Root files in consumer/: generated ones carry their text, the others are on disk. */
  roots: { file: string; text?: string }[]
  /** Also check our dependencies' declarations (zod's), not only ours. */
  dependencies: boolean
}

export interface CompileResult {
  /** Formatted like tsc prints them; '' when the project compiles. */
  diagnostics: string
  /** The declaration files of our packages the program loaded (from packages/<name>/dist). */
  declarations: string[]
}

// Parsed files are shared by the programs of one TypeScript, as its language service does:
// lib.dom.d.ts, @types/node and zod are parsed once, not once per project.
const parsed = new WeakMap<typeof TS, Map<string, TS.SourceFile>>()

function compilerHost(ts: typeof TS, options: TS.CompilerOptions, generated: Map<string, string>) {
  const host = ts.createCompilerHost(options)
  const cache = parsed.get(ts) ?? new Map<string, TS.SourceFile>()
  parsed.set(ts, cache)
  const { fileExists, readFile, getSourceFile } = host
  host.fileExists = (file) => generated.has(file) || fileExists.call(host, file)
  host.readFile = (file) => generated.get(file) ?? readFile.call(host, file)
  host.getSourceFile = (file, language, ...rest) => {
    const text = generated.get(file)
    if (text !== undefined) return ts.createSourceFile(file, text, language)
    const key = `${file}\0${JSON.stringify(language)}`
    let source = cache.get(key)
    if (!source) {
      source = getSourceFile.call(host, file, language, ...rest)
      if (source) cache.set(key, source)
    }
    return source
  }
  return host
}

/**
 * What `tsc` reports, for the files that are ours to answer for: the roots and our
 * packages' declarations always; with `dependencies`, our dependencies' declarations too
 * (zod's take about 80% of the time, so one project per TypeScript checks them).
 * TypeScript's lib files and @types/node are the consumer's environment: not checked.
 */
function diagnosticsOf(program: TS.Program, dependencies: boolean): TS.Diagnostic[] {
  const checked = (file: TS.SourceFile) =>
    !program.isSourceFileDefaultLibrary(file) &&
    !/\/node_modules\/(@types\/node|undici-types)\//.test(file.fileName) &&
    (dependencies || !file.fileName.includes('/node_modules/'))
  return [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program
      .getSourceFiles()
      .flatMap((file) => (checked(file) ? program.getSemanticDiagnostics(file) : [])),
  ]
}

/** Type-checks a consumer project with the given TypeScript, like `tsc --noEmit` would. */
export function compileConsumer(ts: typeof TS, project: ConsumerProject): CompileResult {
  const converted = ts.convertCompilerOptionsFromJson(project.tsconfig, consumerDir)
  if (converted.errors.length > 0) {
    throw new Error(`bad tsconfig: ${converted.errors.map((d) => d.messageText).join('; ')}`)
  }
  const generated = new Map<string, string>()
  for (const { file, text } of project.roots) {
    if (text !== undefined) generated.set(join(consumerDir, file), text)
  }
  const host = compilerHost(ts, converted.options, generated)
  const roots = project.roots.map(({ file }) => join(consumerDir, file))
  const program = ts.createProgram(roots, converted.options, host)
  const diagnostics = ts.formatDiagnostics(diagnosticsOf(program, project.dependencies), {
    getCanonicalFileName: (file) => file,
    getCurrentDirectory: () => testPackageDir,
    getNewLine: () => '\n',
  })
  const declarations = program
    .getSourceFiles()
    .map((source) => source.fileName)
    .filter((file) => /\/packages\/[^/]+\/dist\/.*\.d\.[cm]?ts$/.test(file))
  return { diagnostics, declarations }
}
