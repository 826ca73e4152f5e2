import type { Database } from 'better-sqlite3'
import { AccountTable } from './account-table.js'
import { EventTable } from './event-table.js'
import { IdempotencyTable } from './idempotency-table.js'
import { JobTable } from './job-table.js'
import { KeyTable } from './key-table.js'
import { MetaTable } from './meta-table.js'
import { WorkloadCatalogue } from './workload-catalogue.js'

/**
 * All SQL of the sandbox, one table object per concept, as prepared statements. Every method is
 * synchronous (better-sqlite3), so callers compose them into transactions with {@link Store.tx}
 * without any `await` in between.
 */
export class Store {
  readonly accounts: AccountTable
  readonly keys: KeyTable
  readonly jobs: JobTable
  readonly events: EventTable
  readonly idempotency: IdempotencyTable
  readonly meta: MetaTable
  readonly workloads: WorkloadCatalogue

  constructor(readonly db: Database) {
    this.accounts = new AccountTable(db)
    this.keys = new KeyTable(db)
    this.jobs = new JobTable(db)
    this.events = new EventTable(db)
    this.idempotency = new IdempotencyTable(db)
    this.meta = new MetaTable(db)
    this.workloads = new WorkloadCatalogue(db)
  }

  /** Runs `fn` in one SQLite transaction (synchronous: no `await` may happen inside). */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }
}
