import { Hono } from 'hono'
import { createKey } from '../accounts.js'
import { ALL_SCOPES, requireScope } from '../auth.js'
import { readJson } from '../body.js'
import type { AppEnv, SandboxContext } from '../context.js'
import type { FieldErrors } from '../errors.js'
import { notFound, validationError } from '../errors.js'
import { keyJson } from '../serialize.js'
import { addError, assertValid, isObject } from '../validation.js'

const SCOPES: ReadonlySet<string> = new Set(ALL_SCOPES)

/** `GET/POST /api-keys`, `DELETE /api-keys/{id}`. */
export function apiKeyRoutes(ctx: SandboxContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('/api-keys', requireScope('keys:manage'))
  app.use('/api-keys/*', requireScope('keys:manage'))

  app.get('/api-keys', (c) => {
    const rows = ctx.store.keys.list(c.get('caller').accountId)
    return c.json({ data: rows.map(keyJson) })
  })

  app.post('/api-keys', async (c) => {
    const raw = await readJson(c)
    if (!isObject(raw)) throw validationError({ name: ['is required'] })
    const body = raw
    const errors: FieldErrors = {}
    const name = body.name
    if (typeof name !== 'string' || name.trim() === '') addError(errors, 'name', 'is required')
    else if (name.length > 100) addError(errors, 'name', 'must be at most 100 characters')
    let scopes: string[] | undefined
    if (body.scopes !== undefined && body.scopes !== null) {
      if (!Array.isArray(body.scopes) || !body.scopes.every((s) => typeof s === 'string')) {
        addError(errors, 'scopes', 'must be a list of scopes')
      } else {
        scopes = [...new Set(body.scopes as string[])]
        const unknown = scopes.filter((s) => !SCOPES.has(s))
        if (unknown.length > 0) {
          addError(
            errors,
            'scopes',
            `unknown scopes: ${unknown.join(', ')}; allowed: ${ALL_SCOPES.join(', ')}`,
          )
        }
      }
    }
    let expiresAt: string | null = null
    if (body.expires_at !== undefined && body.expires_at !== null) {
      const at = typeof body.expires_at === 'string' ? Date.parse(body.expires_at) : Number.NaN
      if (Number.isNaN(at)) addError(errors, 'expires_at', 'must be an ISO-8601 timestamp')
      else expiresAt = new Date(at).toISOString()
    }
    assertValid(errors)
    const created = createKey(ctx.store, c.get('caller').accountId, {
      name: (name as string).trim(),
      ...(scopes ? { scopes } : {}),
      expiresAt,
    })
    return c.json({ data: keyJson(created.row), key: created.key }, 201)
  })

  app.delete('/api-keys/:id', (c) => {
    const id = c.req.param('id')
    const row = ctx.store.keys.get(id, c.get('caller').accountId)
    if (!row) throw notFound('API key', id)
    ctx.store.keys.delete(id, new Date().toISOString())
    // its open streams end at once, as the key stops working for new requests
    for (const close of ctx.keyStreams.take(id)) close()
    return c.json({ data: keyJson(row) })
  })
  return app
}
