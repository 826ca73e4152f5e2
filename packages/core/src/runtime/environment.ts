/**
 * Reads an environment variable where `process.env` exists (Node, Bun, Deno's Node
 * compatibility); `undefined` elsewhere (browsers, edge runtimes without it) and for an
 * empty value.
 *
 * @example
 * ```ts
 * const key = readEnv('ARCHIPELAG_API_KEY') // undefined in a browser
 * ```
 */
export function readEnv(name: string): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
  try {
    return proc?.env?.[name] || undefined
  } catch {
    // Deno without --allow-env throws on access: treat as unset.
    return undefined
  }
}

/**
 * True in a browser page: both `window` and `document` exist. Deno, Bun, Node and web
 * workers (no `document`) are not browsers for this purpose.
 *
 * @example
 * ```ts
 * if (isBrowser()) console.warn('use the proxy')
 * ```
 */
export function isBrowser(): boolean {
  const g = globalThis as { window?: unknown; document?: unknown }
  return typeof g.window !== 'undefined' && typeof g.document !== 'undefined'
}
