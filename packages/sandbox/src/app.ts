import { Hono, type MiddlewareHandler } from 'hono'
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

/**
 * Builds the sandbox's Hono app (no port): `/api/v1/*` per WIRE.md and `/_sandbox/*` helpers.
 * `server.ts` is the only place that listens.
 */
export function createApp(ctx: SandboxContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.use('*', async (c, next) => {
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
  })
  app.use(
    '*',
    cors({
      origin: '*',
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID'],
      allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
      exposeHeaders: ['x-request-id', 'Retry-After', 'Idempotent-Replayed'],
    }),
  )

  const api = new Hono<AppEnv>()
  const open: MiddlewareHandler<AppEnv> = async (_c, next) => {
    if (ctx.closing()) throw new ApiError('service_unavailable', 'The sandbox is shutting down')
    await next()
  }
  api.use('*', open)
  app.use('/_sandbox/*', open)
  api.use('*', injectFaults(ctx))
  api.use('*', authenticate(ctx))
  api.route('/', accountRoutes(ctx))
  api.route('/', apiKeyRoutes(ctx))
  api.route('/', workloadRoutes(ctx))
  api.route('/', batchRoutes(ctx))
  api.route('/', jobRoutes(ctx))
  api.route('/', chatRoutes(ctx))
  api.route('/', hostRoutes(ctx))
  api.route('/', marketRoutes(ctx))
  api.route('/', modelRoutes(ctx))
  app.route('/api/v1', api)
  app.route('/_sandbox', sandboxRoutes(ctx))

  app.notFound((c) =>
    c.json(
      { error: { message: `No route for ${c.req.method} ${c.req.path}`, code: 'not_found' } },
      404,
    ),
  )
  app.onError((error, c) => {
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
  })
  return app
}
