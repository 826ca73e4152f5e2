import { type Context, Hono, type MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { authenticate } from './auth.js'
import type { AppEnv, SandboxContext } from './context.js'
import { ApiError } from './errors.js'
import { injectFaults } from './fault-middleware.js'
import { newId } from './ids.js'
import { accountRoutes } from './routes/account.js'
import { apiKeyRoutes } from './routes/api-keys.js'
import { batchRoutes } from './routes/batches.js'
import { chatRoutes } from './routes/chat.js'
import { hostRoutes } from './routes/hosts.js'
import { jobRoutes } from './routes/jobs.js'
import { marketRoutes } from './routes/market.js'
import { modelRoutes } from './routes/models.js'
import { sandboxRoutes } from './routes/sandbox.js'
import { workloadRoutes } from './routes/workloads.js'

/** The route groups of `/api/v1`, in matching order (batches before `/jobs/:id`). */
const API_ROUTES = [
  accountRoutes,
  apiKeyRoutes,
  workloadRoutes,
  batchRoutes,
  jobRoutes,
  chatRoutes,
  hostRoutes,
  marketRoutes,
  modelRoutes,
]

/** Gives every request an `x-request-id` and, unless quiet, logs it with its status and time. */
function requestLog(ctx: SandboxContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = newId('req')
    c.set('requestId', requestId)
    const started = performance.now()
    await next()
    c.res.headers.set('x-request-id', requestId)
    if (!ctx.options.quiet) {
      const ms = (performance.now() - started).toFixed(1)
      const fault = c.res.headers.get('x-sandbox-fault')
      const note = fault ? ` (fault: ${fault})` : ''
      process.stdout.write(`${c.req.method} ${c.req.path} ${c.res.status} ${ms}ms${note}\n`)
    }
  }
}

/** Answers 503 once the sandbox is closing (a keep-alive connection may still send a request). */
function refuseWhileClosing(ctx: SandboxContext): MiddlewareHandler<AppEnv> {
  return async (_c, next) => {
    if (ctx.closing()) throw new ApiError('service_unavailable', 'The sandbox is shutting down')
    await next()
  }
}

/** The `/api/v1` routes of WIRE.md, behind fault injection and API-key authentication. */
function apiRoutes(ctx: SandboxContext): Hono<AppEnv> {
  const api = new Hono<AppEnv>()
  api.use('*', refuseWhileClosing(ctx))
  api.use('*', injectFaults(ctx))
  api.use('*', authenticate(ctx))
  for (const routes of API_ROUTES) api.route('/', routes(ctx))
  return api
}

/** WIRE.md's error body for a thrown error; anything but an {@link ApiError} is a logged 500. */
function answerError(error: Error, c: Context<AppEnv>): Response {
  const requestId = c.get('requestId')
  const apiError =
    error instanceof ApiError
      ? error
      : new ApiError('internal_error', `Internal sandbox error (request ${requestId})`)
  if (!(error instanceof ApiError)) {
    process.stderr.write(
      `sandbox: ${c.req.method} ${c.req.path} failed: ${String(error?.stack ?? error)}\n`,
    )
  }
  return c.json(apiError.body(), apiError.status as 500, {
    ...apiError.headers,
    'x-request-id': requestId,
  })
}

/**
 * Builds the sandbox's Hono app (no port): `/api/v1/*` per WIRE.md and `/_sandbox/*` helpers.
 * `server.ts` is the only place that listens.
 */
export function createApp(ctx: SandboxContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('*', requestLog(ctx))
  app.use(
    '*',
    cors({
      origin: '*',
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID'],
      allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
      exposeHeaders: ['x-request-id', 'Retry-After', 'Idempotent-Replayed'],
    }),
  )
  app.use('/_sandbox/*', refuseWhileClosing(ctx))
  app.route('/api/v1', apiRoutes(ctx))
  app.route('/_sandbox', sandboxRoutes(ctx))
  app.notFound((c) =>
    c.json(
      { error: { message: `No route for ${c.req.method} ${c.req.path}`, code: 'not_found' } },
      404,
    ),
  )
  app.onError(answerError)
  return app
}
