import type { Database, Statement } from 'better-sqlite3'

/** Key-value settings of the database itself (the seeded account and its key). */
export class MetaTable {
  private readonly getRow: Statement
  private readonly setRow: Statement

  constructor(db: Database) {
    this.getRow = db.prepare('SELECT value FROM meta WHERE key = ?')
    this.setRow = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    )
  }

  get(key: string): string | undefined {
    return (this.getRow.get(key) as { value: string } | undefined)?.value
  }

  set(key: string, value: string): void {
    this.setRow.run(key, value)
  }
}
