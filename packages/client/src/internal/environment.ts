/** Reads an environment variable where `process.env` exists (Node, Bun, Deno's compat); else undefined. */
export function readEnv(name: string): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
  return proc?.env?.[name] || undefined
}

/**
 * True in a browser page: both `window` and `document` exist. Deno, Bun, Node and web
 * workers (no `document`) are not browsers for this purpose.
 */
export function isBrowser(): boolean {
  return typeof window !== 'undefined' && typeof document !== 'undefined'
}
