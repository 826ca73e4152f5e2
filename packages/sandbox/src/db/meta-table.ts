import type { Database, Statement } from 'better-sqlite3'
import { prepareAll } from './prepare.js'

const SQL = {
  getRow: 'SELECT value FROM meta WHERE key = ?',
  setRow:
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
}

/** Key-value settings of the database itself (the seeded account and its key). */
export class MetaTable {
  private readonly sql: Record<keyof typeof SQL, Statement>

  constructor(db: Database) {
    this.sql = prepareAll(db, SQL)
  }

  get(key: string): string | undefined {
    return (this.sql.getRow.get(key) as { value: string } | undefined)?.value
  }

  set(key: string, value: string): void {
    this.sql.setRow.run(key, value)
  }
}
