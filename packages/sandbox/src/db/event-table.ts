import type { Database, Statement } from 'better-sqlite3'
import { prepareAll } from './prepare.js'

/** Rows per multi-row event insert. */
const EVENT_CHUNK = 32

/** A stored stream event; `data` is the JSON text sent on the wire. */
export interface EventRow {
  seq: number
  type: string
  data: string
}

/** An event row with the job it belongs to, as inserted. */
export interface NewEventRow extends EventRow {
  jobId: string
}

const SQL = {
  insertOne: 'INSERT INTO job_events (job_id, seq, type, data) VALUES (?, ?, ?, ?)',
  rowsAfter: 'SELECT seq, type, data FROM job_events WHERE job_id = ? AND seq > ? ORDER BY seq',
  lastSeq: 'SELECT MAX(seq) AS seq FROM job_events WHERE job_id = ?',
}

/** The numbered stream events of every job. */
export class EventTable {
  private insertChunk: Statement | undefined
  private readonly sql: Record<keyof typeof SQL, Statement>

  constructor(private readonly db: Database) {
    this.sql = prepareAll(db, SQL)
  }

  /** Inserts many events, {@link EVENT_CHUNK} rows per statement (far fewer statement runs). */
  insertMany(rows: ReadonlyArray<NewEventRow>): void {
    let i = 0
    if (rows.length >= EVENT_CHUNK) {
      this.insertChunk ??= this.db.prepare(
        `INSERT INTO job_events (job_id, seq, type, data) VALUES ${Array(EVENT_CHUNK).fill('(?, ?, ?, ?)').join(', ')}`,
      )
      const params: Array<string | number> = new Array(EVENT_CHUNK * 4)
      for (; i + EVENT_CHUNK <= rows.length; i += EVENT_CHUNK) {
        for (let j = 0; j < EVENT_CHUNK; j++) {
          const row = rows[i + j] as NewEventRow
          params[j * 4] = row.jobId
          params[j * 4 + 1] = row.seq
          params[j * 4 + 2] = row.type
          params[j * 4 + 3] = row.data
        }
        this.insertChunk.run(params)
      }
    }
    for (; i < rows.length; i++) {
      const row = rows[i] as NewEventRow
      this.sql.insertOne.run(row.jobId, row.seq, row.type, row.data)
    }
  }

  /** A job's events after `afterSeq`, in order. */
  after(jobId: string, afterSeq: number): EventRow[] {
    return this.sql.rowsAfter.all(jobId, afterSeq) as EventRow[]
  }

  /** The last sequence number of a job's events (0 when it has none). */
  maxSeq(jobId: string): number {
    return (this.sql.lastSeq.get(jobId) as { seq: number | null }).seq ?? 0
  }
}
