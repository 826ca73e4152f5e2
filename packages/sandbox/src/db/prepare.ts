import type { Database, Statement } from 'better-sqlite3'

/** Prepares each SQL text once, under its name. */
export function prepareAll<K extends string>(
  db: Database,
  sql: Record<K, string>,
): Record<K, Statement> {
  const statements = {} as Record<K, Statement>
  for (const name of Object.keys(sql) as K[]) statements[name] = db.prepare(sql[name])
  return statements
}
