import type { MiddlewareHandler } from 'hono'
import type { AppEnv, SandboxContext } from './context.js'
import { ApiError } from './errors.js'
import { hashKey } from './ids.js'

/** The scopes a key may hold (a key created without `scopes` holds them all). */
export const ALL_SCOPES = ['jobs:read', 'jobs:write', 'account:read', 'keys:manage'] as const

/** One of {@link ALL_SCOPES}. */
export type Scope = (typeof ALL_SCOPES)[number]

const TOUCH_EVERY_MS = 1000

/**
 * Authenticates `Authorization: Bearer ak_…` on every request (a deleted key fails at once), then
 * applies the per-key rate limit.
 */
export function authenticate(ctx: SandboxContext): MiddlewareHandler<AppEnv> {
  const touched = new Map<string, number>()
  return async (c, next) => {
    const header = c.req.header('authorization') ?? ''
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (!match?.[1]) {
      throw new ApiError('unauthorized', 'Missing API key: send Authorization: Bearer ak_…')
    }
    const key = ctx.store.keys.byHash(hashKey(match[1]))
    if (!key || (key.expires_at && Date.parse(key.expires_at) <= Date.now())) {
      throw new ApiError('unauthorized', 'Invalid API key')
    }
    const decision = ctx.rateLimiter.take(key.id)
    if (!decision.ok) {
      throw new ApiError(
        'rate_limited',
        `Rate limit exceeded; retry after ${decision.retryAfterSeconds} s`,
        {},
        { 'Retry-After': String(decision.retryAfterSeconds) },
      )
    }
    const now = Date.now()
    if (now - (touched.get(key.id) ?? 0) >= TOUCH_EVERY_MS) {
      touched.set(key.id, now)
      ctx.store.keys.touch(key.id, new Date(now).toISOString())
    }
    c.set('caller', {
      accountId: key.account_id,
      keyId: key.id,
      scopes: new Set(JSON.parse(key.scopes) as string[]),
    })
    await next()
  }
}

/** Requires a scope of the caller's key (403 otherwise). */
export function requireScope(scope: Scope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.get('caller').scopes.has(scope)) {
      throw new ApiError('forbidden', `This API key lacks the '${scope}' scope`)
    }
    await next()
  }
}
