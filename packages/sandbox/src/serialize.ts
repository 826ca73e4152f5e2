import type { AccountRow, LedgerRow } from './db/account-table.js'
import type { JobRow } from './db/job-table.js'
import type { KeyRow } from './db/key-table.js'
import type { BatchSettings } from './engine/batches.js'
import type { Island } from './engine/islands.js'
import { fromMicro, MICRO } from './money.js'
import type { WorkloadRecord } from './workloads.js'

/** Wire JSON objects (snake_case, as in WIRE.md). */
export type Wire = Record<string, unknown>

/** Account → wire. */
export function accountJson(row: AccountRow): Wire {
  return {
    id: row.id,
    email: row.email,
    credits: fromMicro(row.credits_micro),
    created_at: row.created_at,
  }
}

/** Ledger row → wire (sandbox-only `GET /_sandbox/accounts/{id}/ledger`). */
export function ledgerJson(row: LedgerRow): Wire {
  return {
    id: row.id,
    job_id: row.job_id,
    kind: row.kind,
    amount: row.amount_micro / MICRO,
    balance: row.balance_micro / MICRO,
    created_at: row.created_at,
  }
}

/** API key → wire (never the key itself). */
export function keyJson(row: KeyRow): Wire {
  const out: Wire = {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: JSON.parse(row.scopes) as string[],
    created_at: row.created_at,
  }
  if (row.last_used_at) out.last_used_at = row.last_used_at
  if (row.expires_at) out.expires_at = row.expires_at
  return out
}

/** Workload → wire. */
export function workloadJson(w: WorkloadRecord): Wire {
  const out: Wire = {
    id: w.id,
    name: w.name,
    slug: w.slug,
    description: w.description,
    runtime_type: w.runtime_type,
    price_per_job: fromMicro(w.price_micro),
    is_enabled: w.is_enabled,
  }
  if (w.required_vram_mb !== null) out.required_vram_mb = w.required_vram_mb
  if (w.required_ram_mb !== null) out.required_ram_mb = w.required_ram_mb
  return out
}

/** Job → wire; `liveOutput` is the partial text of a running job. */
export function jobJson(row: JobRow, slug: string | undefined, liveOutput?: string): Wire {
  const out: Wire = {
    id: row.id,
    workload_id: row.workload_id,
    workload_slug: slug,
    status: row.status,
    input: JSON.parse(row.input) as unknown,
    created_at: row.created_at,
  }
  const output = row.output ?? liveOutput
  if (output !== null && output !== undefined) out.output = output
  if (row.error !== null) out.error = row.error
  if (row.started_at) out.started_at = row.started_at
  if (row.completed_at) out.completed_at = row.completed_at
  if (row.started_at && row.completed_at) {
    out.duration_ms = Date.parse(row.completed_at) - Date.parse(row.started_at)
  }
  if (row.usage) out.usage = JSON.parse(row.usage) as unknown
  if (row.host_id) out.host_id = row.host_id
  if (row.parent_id) {
    out.parent_id = row.parent_id
    out.batch_index = row.batch_index
  }
  return out
}

/** A job status as a batch state (`succeeded` where jobs say `completed`). */
export function batchState(status: string): string {
  switch (status) {
    case 'completed':
      return 'succeeded'
    case 'failed':
    case 'timeout':
      return 'failed'
    case 'cancelled':
      return 'cancelled'
    case 'running':
      return 'running'
    default:
      return 'pending'
  }
}

function childJson(child: JobRow): Wire {
  const out: Wire = {
    id: child.id,
    batch_index: child.batch_index,
    state: batchState(child.status),
  }
  if (child.error !== null) out.error = child.error
  if (child.host_id) out.host_id = child.host_id
  return out
}

/** The bare `POST /jobs/batch` response. */
export function batchJson(parent: JobRow, children: JobRow[], slug: string | undefined): Wire {
  const settings = JSON.parse(parent.batch ?? '{}') as BatchSettings
  const states = children.map((c) => batchState(c.status))
  return {
    id: parent.id,
    state: batchState(parent.status),
    workload: slug,
    batch: {
      chunk_count: settings.chunk_count,
      merge_strategy: settings.merge_strategy,
      fail_mode: settings.fail_mode,
      completed: states.filter((s) => s === 'succeeded').length,
      failed: states.filter((s) => s === 'failed').length,
      ...(settings.max_parallelism !== undefined
        ? { max_parallelism: settings.max_parallelism }
        : {}),
    },
    children: children.map(childJson),
    created_at: parent.created_at,
  }
}

/** The bare `GET /jobs/{id}/batch-status` response. */
export function batchStatusJson(parent: JobRow, children: JobRow[]): Wire {
  const settings = JSON.parse(parent.batch ?? '{}') as BatchSettings
  const childStates: Record<string, number> = {
    pending: 0,
    running: 0,
    succeeded: 0,
    failed: 0,
    cancelled: 0,
  }
  for (const child of children) {
    const state = batchState(child.status)
    childStates[state] = (childStates[state] ?? 0) + 1
  }
  return {
    parent_id: parent.id,
    parent_state: batchState(parent.status),
    chunk_count: settings.chunk_count,
    merge_strategy: settings.merge_strategy,
    fail_mode: settings.fail_mode,
    child_states: childStates,
    children: children.map(childJson),
  }
}

/** A simulated Island → wire host. */
export function hostJson(island: Island, workloads: WorkloadRecord[]): Wire {
  return {
    id: island.id,
    name: island.name,
    status: island.busyJobId ? 'busy' : 'online',
    region: island.region,
    capabilities: {
      workloads: workloads.filter((w) => w.is_enabled).map((w) => w.slug),
      gpu: island.gpu,
      vram_mb: island.vramMb,
      ram_mb: 65_536,
    },
    karma_score: island.karmaScore,
    last_heartbeat_at: new Date().toISOString(),
  }
}
