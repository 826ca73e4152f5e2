import type { Database } from 'better-sqlite3'
import { SEED_WORKLOADS, type WorkloadRecord } from '../workloads.js'

/**
 * The workloads ("Cargos"): the seeded catalogue is written on open (rows already there are kept),
 * then read once and served from memory.
 */
export class WorkloadCatalogue {
  private readonly bySlugMap = new Map<string, WorkloadRecord>()
  private readonly byIdMap = new Map<number, WorkloadRecord>()

  constructor(db: Database) {
    const upsert = db.prepare(
      `INSERT INTO workloads (id, slug, name, description, kind, runtime_type, required_vram_mb, required_ram_mb, price_micro, is_enabled)
       VALUES (@id, @slug, @name, @description, @kind, @runtime_type, @required_vram_mb, @required_ram_mb, @price_micro, @is_enabled)
       ON CONFLICT(id) DO NOTHING`,
    )
    db.transaction(() => {
      for (const w of SEED_WORKLOADS) upsert.run({ ...w, is_enabled: w.is_enabled ? 1 : 0 })
    })()
    const rows = db.prepare('SELECT * FROM workloads ORDER BY id').all() as Array<
      Omit<WorkloadRecord, 'is_enabled'> & { is_enabled: number }
    >
    for (const raw of rows) {
      const w: WorkloadRecord = { ...raw, is_enabled: raw.is_enabled === 1 }
      this.bySlugMap.set(w.slug, w)
      this.byIdMap.set(w.id, w)
    }
  }

  /** Every workload, by id. */
  all(): WorkloadRecord[] {
    return [...this.byIdMap.values()]
  }

  bySlug(slug: string): WorkloadRecord | undefined {
    return this.bySlugMap.get(slug)
  }

  byId(id: number): WorkloadRecord | undefined {
    return this.byIdMap.get(id)
  }
}
