import type { Job } from '@archipelag/client'

/** Credits with up to 4 decimals, as the API counts them (`0.01`, `98.75`). */
export function credits(value: number | undefined): string {
  if (value === undefined) return '—'
  return value.toLocaleString('en', { maximumFractionDigits: 4 })
}

/** `850 ms`, `3.2 s`, `2 min 5 s`. */
export function duration(ms: number | undefined): string {
  if (ms === undefined) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
}

/** How long a job ran (or has been running), from its timestamps. */
export function jobDuration(job: Job, now = Date.now()): number | undefined {
  if (job.durationMs !== undefined) return job.durationMs
  if (!job.startedAt) return undefined
  const end = job.completedAt ? Date.parse(job.completedAt) : now
  return Math.max(0, end - Date.parse(job.startedAt))
}

/** `12:04:31` today, `3 Dec, 12:04` on another day. */
export function time(iso: string | undefined): string {
  if (!iso) return '—'
  const date = new Date(iso)
  const today = new Date().toDateString() === date.toDateString()
  return today
    ? date.toLocaleTimeString('en-GB')
    : date.toLocaleString('en-GB', {
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
      })
}

/** The end of a long id, enough to tell jobs apart: `job_…8f3a2c`. */
export function shortId(id: string): string {
  return id.length > 14 ? `${id.slice(0, 4)}…${id.slice(-6)}` : id
}
