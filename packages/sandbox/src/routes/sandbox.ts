import { Hono } from 'hono'
import { createAccount } from '../accounts.js'
import { readJson } from '../body.js'
import type { AppEnv, SandboxContext } from '../context.js'
import { type FieldErrors, notFound, validationError } from '../errors.js'
import { type FaultSettings, MAX_CREDITS } from '../options.js'
import { accountJson, ledgerJson } from '../serialize.js'
import { addError, isObject } from '../validation.js'

const FAULT_FIELDS: Record<string, keyof FaultSettings> = {
  errorRate: 'errorRate',
  error_rate: 'errorRate',
  errorStatuses: 'errorStatuses',
  error_statuses: 'errorStatuses',
  resetRate: 'resetRate',
  reset_rate: 'resetRate',
  streamCutAfter: 'streamCutAfter',
  stream_cut_after: 'streamCutAfter',
  latencyMs: 'latencyMs',
  latency_ms: 'latencyMs',
  rateLimitBurst: 'rateLimitBurst',
  rate_limit_burst: 'rateLimitBurst',
}

/** The `{email?, credits?}` of `POST /_sandbox/accounts`, checked (422 naming the field). */
function parseAccountBody(body: unknown): { email?: string; credits?: number } {
  const errors: FieldErrors = {}
  const input = isObject(body) ? body : {}
  if (!isObject(body)) addError(errors, 'body', 'must be a JSON object')
  if (
    input.email !== undefined &&
    (typeof input.email !== 'string' || !input.email.includes('@'))
  ) {
    addError(errors, 'email', 'must be an email address')
  }
  if (
    input.credits !== undefined &&
    (typeof input.credits !== 'number' ||
      !Number.isFinite(input.credits) ||
      input.credits < 0 ||
      input.credits > MAX_CREDITS)
  ) {
    addError(errors, 'credits', `must be a number between 0 and ${MAX_CREDITS}`)
  }
  if (Object.keys(errors).length > 0) throw validationError(errors)
  return {
    ...(typeof input.email === 'string' ? { email: input.email } : {}),
    ...(typeof input.credits === 'number' ? { credits: input.credits } : {}),
  }
}

/** The fault settings of a `POST /_sandbox/faults` body (camelCase or snake_case names). */
function parseFaultBody(body: unknown): FaultSettings {
  if (!isObject(body)) throw validationError({ body: ['must be a JSON object'] })
  const settings: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(body)) {
    const field = Object.hasOwn(FAULT_FIELDS, key) ? FAULT_FIELDS[key] : undefined
    if (!field) throw validationError({ [key]: ['is not a fault setting'] })
    settings[field] = value
  }
  return settings as FaultSettings
}

/** Sandbox-only endpoints, outside `/api/v1`, never authenticated by API key. */
export function sandboxRoutes(ctx: SandboxContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/health', (c) =>
    c.json({
      data: {
        status: 'ok',
        open_streams: ctx.hub.size(),
        queued_jobs: ctx.engine.queued,
        busy_islands: ctx.engine.islands.filter((i) => i.busyJobId !== null).length,
      },
    }),
  )

  app.post('/accounts', async (c) => {
    const { account, key } = createAccount(ctx.store, parseAccountBody(await readJson(c)))
    return c.json({ data: { account: accountJson(account), key } }, 201)
  })

  app.get('/accounts/:id/ledger', (c) => {
    const id = c.req.param('id')
    if (!ctx.store.accounts.get(id)) throw notFound('Account', id)
    return c.json({ data: ctx.store.accounts.ledger(id).map(ledgerJson) })
  })

  app.get('/faults', (c) => c.json({ data: ctx.faults.current() }))
  app.post('/faults', async (c) => {
    const settings = parseFaultBody(await readJson(c))
    try {
      return c.json({ data: ctx.faults.set(settings) })
    } catch (error) {
      const message = (error as Error).message
      throw validationError({ [message.split(' ')[0] ?? 'body']: [message] })
    }
  })
  return app
}
