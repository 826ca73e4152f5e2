import type { Database, Statement } from 'better-sqlite3'
import { prepareAll } from './prepare.js'

/** A job row; `input`, `usage` and `batch` hold JSON text. */
export interface JobRow {
  id: string
  account_id: string
  workload_id: number
  status: string
  input: string
  output: string | null
  error: string | null
  usage: string | null
  host_id: string | null
  price_micro: number
  charged_micro: number
  parent_id: string | null
  batch_index: number | null
  batch: string | null
  created_at: string
  started_at: string | null
  completed_at: string | null
}

/** The fields a new job row is inserted with (the others start null). */
export type NewJobRow = Pick<
  JobRow,
  | 'id'
  | 'account_id'
  | 'workload_id'
  | 'status'
  | 'input'
  | 'price_micro'
  | 'charged_micro'
  | 'parent_id'
  | 'batch_index'
  | 'batch'
  | 'created_at'
>

const PATCH_FIELDS = [
  'status',
  'output',
  'error',
  'usage',
  'host_id',
  'started_at',
  'completed_at',
  'charged_micro',
] as const

/** Fields a job update may set. */
export type JobPatch = Partial<Pick<JobRow, (typeof PATCH_FIELDS)[number]>>

const SQL = {
  insertRow: `INSERT INTO jobs (id, account_id, workload_id, status, input, price_micro, charged_micro, parent_id, batch_index, batch, created_at)
   VALUES (@id, @account_id, @workload_id, @status, @input, @price_micro, @charged_micro, @parent_id, @batch_index, @batch, @created_at)`,
  getRow: 'SELECT * FROM jobs WHERE id = ?',
  listRows: 'SELECT * FROM jobs WHERE account_id = ? ORDER BY seq DESC LIMIT ? OFFSET ?',
  childRows: 'SELECT * FROM jobs WHERE parent_id = ? ORDER BY batch_index',
  rowsWithStatus: 'SELECT * FROM jobs WHERE status = ? ORDER BY seq',
}

/** Jobs (batch parents and children included). */
export class JobTable {
  private readonly patchStatements = new Map<string, Statement>()
  private readonly sql: Record<keyof typeof SQL, Statement>

  constructor(private readonly db: Database) {
    this.sql = prepareAll(db, SQL)
  }

  insert(row: NewJobRow): void {
    this.sql.insertRow.run(row)
  }

  get(id: string): JobRow | undefined {
    return this.sql.getRow.get(id) as JobRow | undefined
  }

  /** The job if it belongs to the account (another account's job reads as missing). */
  getFor(id: string, accountId: string): JobRow | undefined {
    const job = this.get(id)
    return job && job.account_id === accountId ? job : undefined
  }

  /** An account's jobs, newest first. */
  list(accountId: string, limit: number, offset: number): JobRow[] {
    return this.sql.listRows.all(accountId, limit, offset) as JobRow[]
  }

  /** A batch's children, in batch order. */
  children(parentId: string): JobRow[] {
    return this.sql.childRows.all(parentId) as JobRow[]
  }

  withStatus(status: string): JobRow[] {
    return this.sql.rowsWithStatus.all(status) as JobRow[]
  }

  /** Sets the given fields (one prepared statement per set of fields, kept for reuse). */
  update(id: string, patch: JobPatch): void {
    const fields = PATCH_FIELDS.filter((f) => patch[f] !== undefined)
    if (fields.length === 0) return
    const sig = fields.join(',')
    let stmt = this.patchStatements.get(sig)
    if (!stmt) {
      stmt = this.db.prepare(
        `UPDATE jobs SET ${fields.map((f) => `${f} = @${f}`).join(', ')} WHERE id = @id`,
      )
      this.patchStatements.set(sig, stmt)
    }
    const params: Record<string, unknown> = { id }
    for (const f of fields) params[f] = patch[f]
    stmt.run(params)
  }
}
