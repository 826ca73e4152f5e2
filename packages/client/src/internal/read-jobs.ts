import type { Job, Transport } from '@archipelag/core'
import { pool, type Settled } from './pool'

const PAGE = 100

/**
 * Reads the current records of many jobs with as few requests as possible: `GET /jobs`
 * pages (newest first, 100 jobs each) while they keep finding wanted jobs — the usual case
 * right after `batch`, whose jobs are the account's newest — then `GET /jobs/{id}` for any
 * left (older jobs, or a proxy that does not allow listing).
 */
export async function readJobs(
  transport: Transport,
  ids: readonly string[],
  concurrency: number,
  signal: AbortSignal,
): Promise<Map<string, Settled<Job>>> {
  const found = new Map<string, Settled<Job>>()
  const wanted = new Set(ids)
  for (let offset = 0; wanted.size > 0; offset += PAGE) {
    const page = await transport.jobs.list({ limit: PAGE, offset }, { signal }).catch(() => [])
    const before = wanted.size
    for (const job of page) {
      if (wanted.delete(job.id)) found.set(job.id, { ok: true, value: job })
    }
    if (page.length < PAGE || wanted.size === before) break
  }
  const rest = [...wanted]
  const read = await pool(rest, concurrency, (id) => transport.jobs.get(id, { signal }))
  for (const [i, id] of rest.entries()) found.set(id, read[i] as Settled<Job>)
  return found
}
