import type { Database, Statement } from 'better-sqlite3'
import { SEED_WORKLOADS, type WorkloadRecord } from '../workloads.js'

/** Rows per multi-row event insert. */
const EVENT_CHUNK = 32

/** An account row. */
export interface AccountRow {
  id: string
  email: string
  credits_micro: number
  created_at: string
}

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

/** A stored stream event; `data` is the JSON text sent on the wire. */
export interface EventRow {
  seq: number
  type: string
  data: string
}

/** A credit ledger row. */
export interface LedgerRow {
  id: number
  account_id: string
  job_id: string | null
  kind: 'grant' | 'debit' | 'refund'
  amount_micro: number
  balance_micro: number
  created_at: string
}

/** A stored idempotent response. */
export interface IdempotencyRow {
  request_hash: string
  status: number
  body: string
}

/** Fields a job update may set. */
export type JobPatch = Partial<
  Pick<
    JobRow,
    | 'status'
    | 'output'
    | 'error'
    | 'usage'
    | 'host_id'
    | 'started_at'
    | 'completed_at'
    | 'charged_micro'
  >
>

const JOB_PATCH_FIELDS = [
  'status',
  'output',
  'error',
  'usage',
  'host_id',
  'started_at',
  'completed_at',
  'charged_micro',
] as const

/**
 * All SQL of the sandbox, as prepared statements. Every method is synchronous (better-sqlite3), so
 * callers compose them into transactions with {@link Store.tx} without any `await` in between.
 */
export class Store {
  readonly db: Database
  private readonly workloadsBySlug = new Map<string, WorkloadRecord>()
  private readonly workloadsById = new Map<number, WorkloadRecord>()
  private readonly patchStatements = new Map<string, Statement>()
  private insertChunk: Statement | undefined
  private readonly s: {
    getMeta: Statement
    setMeta: Statement
    insertAccount: Statement
    getAccount: Statement
    addCredits: Statement
    insertLedger: Statement
    listLedger: Statement
    insertKey: Statement
    keyByHash: Statement
    keyRecordByHash: Statement
    restoreKey: Statement
    listKeys: Statement
    getKey: Statement
    deleteKey: Statement
    touchKey: Statement
    insertJob: Statement
    getJob: Statement
    listJobs: Statement
    children: Statement
    jobsWithStatus: Statement
    insertEvent: Statement
    eventsAfter: Statement
    maxSeq: Statement
    getIdem: Statement
    insertIdem: Statement
    upsertWorkload: Statement
    listWorkloads: Statement
  }

  constructor(db: Database) {
    this.db = db
    this.s = {
      getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
      setMeta: db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      insertAccount: db.prepare(
        'INSERT INTO accounts (id, email, credits_micro, created_at) VALUES (?, ?, 0, ?)',
      ),
      getAccount: db.prepare('SELECT * FROM accounts WHERE id = ?'),
      addCredits: db.prepare(
        'UPDATE accounts SET credits_micro = credits_micro + ? WHERE id = ? RETURNING credits_micro',
      ),
      insertLedger: db.prepare(
        'INSERT INTO ledger (account_id, job_id, kind, amount_micro, balance_micro, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      listLedger: db.prepare('SELECT * FROM ledger WHERE account_id = ? ORDER BY id'),
      insertKey: db.prepare(
        'INSERT INTO api_keys (id, account_id, name, prefix, key_hash, scopes, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      keyByHash: db.prepare('SELECT * FROM api_keys WHERE key_hash = ? AND deleted_at IS NULL'),
      keyRecordByHash: db.prepare('SELECT * FROM api_keys WHERE key_hash = ?'),
      restoreKey: db.prepare('UPDATE api_keys SET deleted_at = NULL WHERE id = ?'),
      listKeys: db.prepare(
        'SELECT * FROM api_keys WHERE account_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid',
      ),
      getKey: db.prepare(
        'SELECT * FROM api_keys WHERE id = ? AND account_id = ? AND deleted_at IS NULL',
      ),
      deleteKey: db.prepare('UPDATE api_keys SET deleted_at = ? WHERE id = ?'),
      touchKey: db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?'),
      insertJob: db.prepare(
        `INSERT INTO jobs (id, account_id, workload_id, status, input, price_micro, charged_micro, parent_id, batch_index, batch, created_at)
         VALUES (@id, @account_id, @workload_id, @status, @input, @price_micro, @charged_micro, @parent_id, @batch_index, @batch, @created_at)`,
      ),
      getJob: db.prepare('SELECT * FROM jobs WHERE id = ?'),
      listJobs: db.prepare(
        'SELECT * FROM jobs WHERE account_id = ? ORDER BY seq DESC LIMIT ? OFFSET ?',
      ),
      children: db.prepare('SELECT * FROM jobs WHERE parent_id = ? ORDER BY batch_index'),
      jobsWithStatus: db.prepare('SELECT * FROM jobs WHERE status = ? ORDER BY seq'),
      insertEvent: db.prepare(
        'INSERT INTO job_events (job_id, seq, type, data) VALUES (?, ?, ?, ?)',
      ),
      eventsAfter: db.prepare(
        'SELECT seq, type, data FROM job_events WHERE job_id = ? AND seq > ? ORDER BY seq',
      ),
      maxSeq: db.prepare('SELECT MAX(seq) AS seq FROM job_events WHERE job_id = ?'),
      getIdem: db.prepare(
        'SELECT request_hash, status, body FROM idempotency_keys WHERE account_id = ? AND key = ?',
      ),
      insertIdem: db.prepare(
        'INSERT INTO idempotency_keys (account_id, key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      upsertWorkload: db.prepare(
        `INSERT INTO workloads (id, slug, name, description, kind, runtime_type, required_vram_mb, required_ram_mb, price_micro, is_enabled)
         VALUES (@id, @slug, @name, @description, @kind, @runtime_type, @required_vram_mb, @required_ram_mb, @price_micro, @is_enabled)
         ON CONFLICT(id) DO NOTHING`,
      ),
      listWorkloads: db.prepare('SELECT * FROM workloads ORDER BY id'),
    }
    this.seedWorkloads()
  }

  /** Runs `fn` in one SQLite transaction (synchronous: no `await` may happen inside). */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }

  private seedWorkloads(): void {
    this.tx(() => {
      for (const w of SEED_WORKLOADS)
        this.s.upsertWorkload.run({ ...w, is_enabled: w.is_enabled ? 1 : 0 })
    })
    for (const raw of this.s.listWorkloads.all() as Array<
      Omit<WorkloadRecord, 'is_enabled'> & { is_enabled: number }
    >) {
      const w: WorkloadRecord = { ...raw, is_enabled: raw.is_enabled === 1 }
      this.workloadsBySlug.set(w.slug, w)
      this.workloadsById.set(w.id, w)
    }
  }

  workloads(): WorkloadRecord[] {
    return [...this.workloadsById.values()]
  }

  workloadBySlug(slug: string): WorkloadRecord | undefined {
    return this.workloadsBySlug.get(slug)
  }

  workloadById(id: number): WorkloadRecord | undefined {
    return this.workloadsById.get(id)
  }

  getMeta(key: string): string | undefined {
    return (this.s.getMeta.get(key) as { value: string } | undefined)?.value
  }

  setMeta(key: string, value: string): void {
    this.s.setMeta.run(key, value)
  }

  insertAccount(id: string, email: string, createdAt: string): void {
    this.s.insertAccount.run(id, email, createdAt)
  }

  getAccount(id: string): AccountRow | undefined {
    return this.s.getAccount.get(id) as AccountRow | undefined
  }

  /** Moves credits and writes the matching ledger row; returns the new balance. */
  moveCredits(
    accountId: string,
    jobId: string | null,
    kind: LedgerRow['kind'],
    amountMicro: number,
    at: string,
  ): number {
    const row = this.s.addCredits.get(amountMicro, accountId) as { credits_micro: number }
    this.s.insertLedger.run(accountId, jobId, kind, amountMicro, row.credits_micro, at)
    return row.credits_micro
  }

  ledger(accountId: string): LedgerRow[] {
    return this.s.listLedger.all(accountId) as LedgerRow[]
  }

  insertKey(row: Omit<KeyRow, 'last_used_at' | 'deleted_at'>): void {
    this.s.insertKey.run(
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

  keyByHash(hash: string): KeyRow | undefined {
    return this.s.keyByHash.get(hash) as KeyRow | undefined
  }

  /** A key by hash, deleted or not (key hashes are unique forever). */
  keyRecordByHash(hash: string): KeyRow | undefined {
    return this.s.keyRecordByHash.get(hash) as KeyRow | undefined
  }

  /** Undeletes a key. */
  restoreKey(id: string): void {
    this.s.restoreKey.run(id)
  }

  listKeys(accountId: string): KeyRow[] {
    return this.s.listKeys.all(accountId) as KeyRow[]
  }

  getKey(id: string, accountId: string): KeyRow | undefined {
    return this.s.getKey.get(id, accountId) as KeyRow | undefined
  }

  deleteKey(id: string, at: string): void {
    this.s.deleteKey.run(at, id)
  }

  touchKey(id: string, at: string): void {
    this.s.touchKey.run(at, id)
  }

  insertJob(
    row: Pick<
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
    >,
  ): void {
    this.s.insertJob.run(row)
  }

  getJob(id: string): JobRow | undefined {
    return this.s.getJob.get(id) as JobRow | undefined
  }

  /** The job if it belongs to the account (another account's job reads as missing). */
  getJobFor(id: string, accountId: string): JobRow | undefined {
    const job = this.getJob(id)
    return job && job.account_id === accountId ? job : undefined
  }

  listJobs(accountId: string, limit: number, offset: number): JobRow[] {
    return this.s.listJobs.all(accountId, limit, offset) as JobRow[]
  }

  children(parentId: string): JobRow[] {
    return this.s.children.all(parentId) as JobRow[]
  }

  jobsWithStatus(status: string): JobRow[] {
    return this.s.jobsWithStatus.all(status) as JobRow[]
  }

  updateJob(id: string, patch: JobPatch): void {
    const fields = JOB_PATCH_FIELDS.filter((f) => patch[f] !== undefined)
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

  insertEvent(jobId: string, seq: number, type: string, data: string): void {
    this.s.insertEvent.run(jobId, seq, type, data)
  }

  /** Inserts many events, {@link EVENT_CHUNK} rows per statement (far fewer statement runs). */
  insertEvents(
    rows: ReadonlyArray<{ jobId: string; seq: number; type: string; data: string }>,
  ): void {
    let i = 0
    if (rows.length >= EVENT_CHUNK) {
      this.insertChunk ??= this.db.prepare(
        `INSERT INTO job_events (job_id, seq, type, data) VALUES ${Array(EVENT_CHUNK).fill('(?, ?, ?, ?)').join(', ')}`,
      )
      const params: Array<string | number> = new Array(EVENT_CHUNK * 4)
      for (; i + EVENT_CHUNK <= rows.length; i += EVENT_CHUNK) {
        for (let j = 0; j < EVENT_CHUNK; j++) {
          const row = rows[i + j] as (typeof rows)[number]
          params[j * 4] = row.jobId
          params[j * 4 + 1] = row.seq
          params[j * 4 + 2] = row.type
          params[j * 4 + 3] = row.data
        }
        this.insertChunk.run(params)
      }
    }
    for (; i < rows.length; i++) {
      const row = rows[i] as (typeof rows)[number]
      this.s.insertEvent.run(row.jobId, row.seq, row.type, row.data)
    }
  }

  eventsAfter(jobId: string, afterSeq: number): EventRow[] {
    return this.s.eventsAfter.all(jobId, afterSeq) as EventRow[]
  }

  maxSeq(jobId: string): number {
    return (this.s.maxSeq.get(jobId) as { seq: number | null }).seq ?? 0
  }

  getIdempotency(accountId: string, key: string): IdempotencyRow | undefined {
    return this.s.getIdem.get(accountId, key) as IdempotencyRow | undefined
  }

  insertIdempotency(
    accountId: string,
    key: string,
    hash: string,
    status: number,
    body: string,
    at: string,
  ): void {
    this.s.insertIdem.run(accountId, key, hash, status, body, at)
  }
}
