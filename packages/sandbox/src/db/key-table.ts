import type { Database, Statement } from 'better-sqlite3'
import { prepareAll } from './prepare.js'

/** An API key row (the key itself is stored only as a hash). */
export interface KeyRow {
  id: string
  account_id: string
  name: string
  prefix: string
  key_hash: string
  scopes: string
  created_at: string
  last_used_at: string | null
  expires_at: string | null
  deleted_at: string | null
}

const SQL = {
  insertRow:
    'INSERT INTO api_keys (id, account_id, name, prefix, key_hash, scopes, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  liveByHash: 'SELECT * FROM api_keys WHERE key_hash = ? AND deleted_at IS NULL',
  anyByHash: 'SELECT * FROM api_keys WHERE key_hash = ?',
  restoreRow: 'UPDATE api_keys SET deleted_at = NULL WHERE id = ?',
  listRows:
    'SELECT * FROM api_keys WHERE account_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid',
  getRow: 'SELECT * FROM api_keys WHERE id = ? AND account_id = ? AND deleted_at IS NULL',
  deleteRow: 'UPDATE api_keys SET deleted_at = ? WHERE id = ?',
  touchRow: 'UPDATE api_keys SET last_used_at = ? WHERE id = ?',
}

/** API keys, found by the hash of the key; a deleted key keeps its row (hashes are unique forever). */
export class KeyTable {
  private readonly sql: Record<keyof typeof SQL, Statement>

  constructor(db: Database) {
    this.sql = prepareAll(db, SQL)
  }

  insert(row: Omit<KeyRow, 'last_used_at' | 'deleted_at'>): void {
    this.sql.insertRow.run(
      row.id,
      row.account_id,
      row.name,
      row.prefix,
      row.key_hash,
      row.scopes,
      row.created_at,
      row.expires_at,
    )
  }

  /** A key that has not been deleted, by hash. */
  byHash(hash: string): KeyRow | undefined {
    return this.sql.liveByHash.get(hash) as KeyRow | undefined
  }

  /** A key by hash, deleted or not. */
  recordByHash(hash: string): KeyRow | undefined {
    return this.sql.anyByHash.get(hash) as KeyRow | undefined
  }

  /** Undeletes a key. */
  restore(id: string): void {
    this.sql.restoreRow.run(id)
  }

  list(accountId: string): KeyRow[] {
    return this.sql.listRows.all(accountId) as KeyRow[]
  }

  get(id: string, accountId: string): KeyRow | undefined {
    return this.sql.getRow.get(id, accountId) as KeyRow | undefined
  }

  delete(id: string, at: string): void {
    this.sql.deleteRow.run(at, id)
  }

  touch(id: string, at: string): void {
    this.sql.touchRow.run(at, id)
  }
}
