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
        { 'Retry-After': '1' },
      )
    }
    const status = faults.drawError()
    if (status !== undefined) {
      throw status === 503
        ? new ApiError('service_unavailable', 'Service temporarily unavailable (injected fault)')
        : Object.assign(new ApiError('internal_error', 'Internal server error (injected fault)'), {
            status,
          })
    }
    await next()
    if (faults.drawReset()) {
      const socket = c.env?.incoming?.socket
      if (socket) socket.destroy()
      else if (c.env?.inProcess) c.env.inProcess.resetRequested = true
    }
  }
}
