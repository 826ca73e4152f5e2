import type { Database, Statement } from 'better-sqlite3'
import { prepareAll } from './prepare.js'

/** An account row. */
export interface AccountRow {
  id: string
  email: string
  credits_micro: number
  created_at: string
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

const SQL = {
  insertRow: 'INSERT INTO accounts (id, email, credits_micro, created_at) VALUES (?, ?, 0, ?)',
  getRow: 'SELECT * FROM accounts WHERE id = ?',
  addCredits:
    'UPDATE accounts SET credits_micro = credits_micro + ? WHERE id = ? RETURNING credits_micro',
  insertLedger:
    'INSERT INTO ledger (account_id, job_id, kind, amount_micro, balance_micro, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  listLedger: 'SELECT * FROM ledger WHERE account_id = ? ORDER BY id',
}

/** Accounts and their credit ledger: every balance change writes a ledger row. */
export class AccountTable {
  private readonly sql: Record<keyof typeof SQL, Statement>

  constructor(db: Database) {
    this.sql = prepareAll(db, SQL)
  }

  insert(id: string, email: string, createdAt: string): void {
    this.sql.insertRow.run(id, email, createdAt)
  }

  get(id: string): AccountRow | undefined {
    return this.sql.getRow.get(id) as AccountRow | undefined
  }

  /** Moves credits and writes the matching ledger row; returns the new balance. */
  moveCredits(
    accountId: string,
    jobId: string | null,
    kind: LedgerRow['kind'],
    amountMicro: number,
    at: string,
  ): number {
    const row = this.sql.addCredits.get(amountMicro, accountId) as { credits_micro: number }
    this.sql.insertLedger.run(accountId, jobId, kind, amountMicro, row.credits_micro, at)
    return row.credits_micro
  }

  ledger(accountId: string): LedgerRow[] {
    return this.sql.listLedger.all(accountId) as LedgerRow[]
  }
}
