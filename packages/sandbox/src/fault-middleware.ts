import type { MiddlewareHandler } from 'hono'
import type { AppEnv, SandboxContext } from './context.js'
import { ApiError } from './errors.js'

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * Fault injection on `/api/v1`: latency, 429 bursts and error statuses answer before the handler
 * (so nothing is stored); a reset drops the connection after the handler committed its effect.
 */
export function injectFaults(ctx: SandboxContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const faults = ctx.faults
    if (faults.latencyMs > 0) await sleep(faults.latencyMs)
    if (faults.takeBurst()) {
      throw new ApiError(
        'rate_limited',
        'Rate limit exceeded (injected fault)',
        {},
        { 'Retry-After': '1', 'x-sandbox-fault': 'rate-limit-burst' },
      )
    }
    const status = faults.drawError()
    if (status !== undefined) {
      const marker = { 'x-sandbox-fault': 'error' }
      throw status === 503
        ? new ApiError('service_unavailable', 'Service unavailable (injected fault)', {}, marker)
        : Object.assign(
            new ApiError('internal_error', 'Internal server error (injected fault)', {}, marker),
            { status },
          )
    }
    await next()
    if (faults.drawReset()) {
      try {
        c.res.headers.set('x-sandbox-fault', 'reset')
      } catch {
        // immutable headers: the mark is only for the request log
      }
      const socket = c.env?.incoming?.socket
      if (socket) socket.destroy()
      else if (c.env?.inProcess) c.env.inProcess.resetRequested = true
    }
  }
}
