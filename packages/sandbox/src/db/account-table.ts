import type { Database, Statement } from 'better-sqlite3'

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

/** Accounts and their credit ledger: every balance change writes a ledger row. */
export class AccountTable {
  private readonly insertRow: Statement
  private readonly getRow: Statement
  private readonly addCredits: Statement
  private readonly insertLedger: Statement
  private readonly listLedger: Statement

  constructor(db: Database) {
    this.insertRow = db.prepare(
      'INSERT INTO accounts (id, email, credits_micro, created_at) VALUES (?, ?, 0, ?)',
    )
    this.getRow = db.prepare('SELECT * FROM accounts WHERE id = ?')
    this.addCredits = db.prepare(
      'UPDATE accounts SET credits_micro = credits_micro + ? WHERE id = ? RETURNING credits_micro',
    )
    this.insertLedger = db.prepare(
      'INSERT INTO ledger (account_id, job_id, kind, amount_micro, balance_micro, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    this.listLedger = db.prepare('SELECT * FROM ledger WHERE account_id = ? ORDER BY id')
  }

  insert(id: string, email: string, createdAt: string): void {
    this.insertRow.run(id, email, createdAt)
  }

  get(id: string): AccountRow | undefined {
    return this.getRow.get(id) as AccountRow | undefined
  }

  /** Moves credits and writes the matching ledger row; returns the new balance. */
  moveCredits(
    accountId: string,
    jobId: string | null,
    kind: LedgerRow['kind'],
    amountMicro: number,
    at: string,
  ): number {
    const row = this.addCredits.get(amountMicro, accountId) as { credits_micro: number }
    this.insertLedger.run(accountId, jobId, kind, amountMicro, row.credits_micro, at)
    return row.credits_micro
  }

  ledger(accountId: string): LedgerRow[] {
    return this.listLedger.all(accountId) as LedgerRow[]
  }
}
