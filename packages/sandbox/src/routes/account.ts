import { Hono } from 'hono'
import { requireScope } from '../auth.js'
import type { AppEnv, SandboxContext } from '../context.js'
import { notFound } from '../errors.js'
import { accountJson } from '../serialize.js'

/** `GET /account`. */
export function accountRoutes(ctx: SandboxContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/account', requireScope('account:read'), (c) => {
    const { accountId } = c.get('caller')
    const account = ctx.store.accounts.get(accountId)
    if (!account) throw notFound('Account', accountId)
    return c.json({ data: accountJson(account) })
  })
  return app
}
