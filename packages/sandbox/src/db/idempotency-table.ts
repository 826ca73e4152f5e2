import type { Database, Statement } from 'better-sqlite3'

/** A stored idempotent response. */
export interface IdempotencyRow {
  request_hash: string
  status: number
  body: string
}

/** The responses stored under each account's `Idempotency-Key`s. */
export class IdempotencyTable {
  private readonly getRow: Statement
  private readonly insertRow: Statement

  constructor(db: Database) {
    this.getRow = db.prepare(
      'SELECT request_hash, status, body FROM idempotency_keys WHERE account_id = ? AND key = ?',
    )
    this.insertRow = db.prepare(
      'INSERT INTO idempotency_keys (account_id, key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
  }

  get(accountId: string, key: string): IdempotencyRow | undefined {
    return this.getRow.get(accountId, key) as IdempotencyRow | undefined
  }

  insert(accountId: string, key: string, row: IdempotencyRow, at: string): void {
    this.insertRow.run(accountId, key, row.request_hash, row.status, row.body, at)
  }
}
