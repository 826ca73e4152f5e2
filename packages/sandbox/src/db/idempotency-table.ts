import type { Database, Statement } from 'better-sqlite3'
import { prepareAll } from './prepare.js'

/** A stored idempotent response. */
export interface IdempotencyRow {
  request_hash: string
  status: number
  body: string
}

const SQL = {
  getRow:
    'SELECT request_hash, status, body FROM idempotency_keys WHERE account_id = ? AND key = ?',
  insertRow:
    'INSERT INTO idempotency_keys (account_id, key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
}

/** The responses stored under each account's `Idempotency-Key`s. */
export class IdempotencyTable {
  private readonly sql: Record<keyof typeof SQL, Statement>

  constructor(db: Database) {
    this.sql = prepareAll(db, SQL)
  }

  get(accountId: string, key: string): IdempotencyRow | undefined {
    return this.sql.getRow.get(accountId, key) as IdempotencyRow | undefined
  }

  insert(accountId: string, key: string, row: IdempotencyRow, at: string): void {
    this.sql.insertRow.run(accountId, key, row.request_hash, row.status, row.body, at)
  }
}
