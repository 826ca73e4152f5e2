import { ALL_SCOPES } from './auth.js'
import type { Store } from './db/store.js'
import type { AccountRow } from './db/account-table.js'
import type { KeyRow } from './db/key-table.js'
import { hashKey, newApiKey, newId } from './ids.js'
import { toMicro } from './money.js'
import { credits as checkCredits } from './options.js'

/** A created key: its row and the full key (shown once). */
export interface CreatedKey {
  row: KeyRow
  key: string
}

/** Creates an API key for an account (the full key is returned, only its hash is stored). */
export function createKey(
  store: Store,
  accountId: string,
  options: { name: string; scopes?: readonly string[]; expiresAt?: string | null; key?: string },
): CreatedKey {
  const key = options.key ?? newApiKey()
  const row: KeyRow = {
    id: newId('key'),
    account_id: accountId,
    name: options.name,
    prefix: key.slice(0, 8),
    key_hash: hashKey(key),
    scopes: JSON.stringify(options.scopes ?? ALL_SCOPES),
    created_at: new Date().toISOString(),
    last_used_at: null,
    expires_at: options.expiresAt ?? null,
    deleted_at: null,
  }
  store.keys.insert(row)
  return { row, key }
}

/** Creates an account with a starting balance (one `grant` ledger row) and a first key. */
export function createAccount(
  store: Store,
  options: { email?: string; credits?: number; key?: string } = {},
): { account: AccountRow; key: string } {
  return store.tx(() => {
    const id = newId('acc')
    const at = new Date().toISOString()
    store.accounts.insert(id, options.email ?? `${id.toLowerCase()}@sandbox.archipelag.io`, at)
    const credits = toMicro(checkCredits(options.credits, 100))
    if (credits !== 0) store.accounts.moveCredits(id, null, 'grant', credits, at)
    const { key } = createKey(store, id, {
      name: 'default',
      ...(options.key ? { key: options.key } : {}),
    })
    return { account: store.accounts.get(id) as AccountRow, key }
  })
}

/**
 * The seeded account: created on first start (its key persisted in the database, so a file
 * database keeps the same key), reused afterwards. The key returned always works: a fixed `apiKey`
 * is added to the account if new (restored if it was deleted); a persisted key that was deleted over
 * the API is replaced by a fresh one.
 */
export function seedAccount(
  store: Store,
  options: { apiKey: string | undefined; credits: number },
): { accountId: string; apiKey: string } {
  const existing = store.meta.get('seed_account_id')
  if (existing && store.accounts.get(existing)) {
    return store.tx(() => {
      let apiKey = options.apiKey ?? store.meta.get('seed_api_key') ?? ''
      const row = apiKey ? store.keys.recordByHash(hashKey(apiKey)) : undefined
      if (row && row.account_id !== existing) {
        throw new RangeError('Sandbox option apiKey is already the key of another account')
      }
      if (options.apiKey) {
        if (!row) createKey(store, existing, { name: 'cli', key: options.apiKey })
        else if (row.deleted_at) store.keys.restore(row.id)
      } else if (!row || row.deleted_at) {
        apiKey = createKey(store, existing, { name: 'default' }).key
      }
      store.meta.set('seed_api_key', apiKey)
      return { accountId: existing, apiKey }
    })
  }
  const { account, key } = createAccount(store, {
    email: 'developer@sandbox.archipelag.io',
    credits: options.credits,
    ...(options.apiKey ? { key: options.apiKey } : {}),
  })
  store.meta.set('seed_account_id', account.id)
  store.meta.set('seed_api_key', key)
  return { accountId: account.id, apiKey: key }
}
