/**
 * A route the proxy may forward, written `'<METHOD> <path>'` where the path is relative to
 * `/api/v1` and a segment starting with `:` matches any single segment.
 *
 * @example
 * const route: ProxyRoute = 'GET /jobs/:id/stream'
 */
export type ProxyRoute = `${'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH'} /${string}`

/**
 * The routes a proxy forwards when `allowPaths` is not given: what a browser needs to run
 * and follow its own jobs. Creating a job still requires its workload in `allowWorkloads`.
 * Listing jobs, the account, API keys, hosts and market data are left out: behind a proxy
 * every caller shares one account, so those would show one user's data to another.
 *
 * @example
 * createProxyHandler({ allowWorkloads: ['llm-chat'], allowPaths: [...defaultProxyRoutes, 'GET /account'] })
 */
export const defaultProxyRoutes: readonly ProxyRoute[] = [
  'POST /jobs',
  'GET /jobs/:id',
  'GET /jobs/:id/stream',
  'GET /jobs/:id/output',
  'DELETE /jobs/:id',
  'POST /jobs/batch',
  'GET /jobs/:id/batch-status',
  'POST /chat/completions',
  'GET /workloads',
  'GET /workloads/:slug',
  'GET /models',
]

/** A route compiled once into a method and its path segments. */
export interface CompiledRoute {
  readonly method: string
  readonly segments: readonly string[]
}

/** Parses `'GET /jobs/:id'`; throws on a malformed route so mistakes surface at startup. */
export function compileRoute(route: string): CompiledRoute {
  const match = /^([A-Z]+) (\/\S*)$/.exec(route.trim())
  if (!match) {
    throw new TypeError(
      `Invalid proxy route "${route}": expected "<METHOD> /path", e.g. "GET /jobs/:id"`,
    )
  }
  const [, method, path] = match as unknown as [string, string, string]
  return { method, segments: splitPath(path) }
}

/** Splits a path into its non-empty segments. */
export function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0)
}

/** Whether a request (method + `/api/v1`-relative segments) matches a compiled route. */
export function matchesRoute(route: CompiledRoute, method: string, segments: readonly string[]) {
  if (route.method !== method || route.segments.length !== segments.length) return false
  return route.segments.every((s, i) => s.startsWith(':') || s === segments[i])
}
