import type { Database, Statement } from 'better-sqlite3'

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

/** API keys, found by the hash of the key; a deleted key keeps its row (hashes are unique forever). */
export class KeyTable {
  private readonly insertRow: Statement
  private readonly liveByHash: Statement
  private readonly anyByHash: Statement
  private readonly restoreRow: Statement
  private readonly listRows: Statement
  private readonly getRow: Statement
  private readonly deleteRow: Statement
  private readonly touchRow: Statement

  constructor(db: Database) {
    this.insertRow = db.prepare(
      'INSERT INTO api_keys (id, account_id, name, prefix, key_hash, scopes, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    this.liveByHash = db.prepare('SELECT * FROM api_keys WHERE key_hash = ? AND deleted_at IS NULL')
    this.anyByHash = db.prepare('SELECT * FROM api_keys WHERE key_hash = ?')
    this.restoreRow = db.prepare('UPDATE api_keys SET deleted_at = NULL WHERE id = ?')
    this.listRows = db.prepare(
      'SELECT * FROM api_keys WHERE account_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid',
    )
    this.getRow = db.prepare(
      'SELECT * FROM api_keys WHERE id = ? AND account_id = ? AND deleted_at IS NULL',
    )
    this.deleteRow = db.prepare('UPDATE api_keys SET deleted_at = ? WHERE id = ?')
    this.touchRow = db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?')
  }

  insert(row: Omit<KeyRow, 'last_used_at' | 'deleted_at'>): void {
    this.insertRow.run(
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
    return this.liveByHash.get(hash) as KeyRow | undefined
  }

  /** A key by hash, deleted or not. */
  recordByHash(hash: string): KeyRow | undefined {
    return this.anyByHash.get(hash) as KeyRow | undefined
  }

  /** Undeletes a key. */
  restore(id: string): void {
    this.restoreRow.run(id)
  }

  list(accountId: string): KeyRow[] {
    return this.listRows.all(accountId) as KeyRow[]
  }

  get(id: string, accountId: string): KeyRow | undefined {
    return this.getRow.get(id, accountId) as KeyRow | undefined
  }

  delete(id: string, at: string): void {
    this.deleteRow.run(at, id)
  }

  touch(id: string, at: string): void {
    this.touchRow.run(at, id)
  }
}
