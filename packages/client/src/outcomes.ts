import type { Job } from '@archipelag/core'

/**
 * One job's outcome in `waitAll(jobs, { settled: true })`, in input order.
 *
 * @example
 * for (const o of await client.waitAll(jobs, { settled: true })) {
 *   if (o.status === 'fulfilled') console.log(o.job.output)
 *   else console.error(o.jobId, o.error)
 * }
 */
export type JobOutcome =
  | { status: 'fulfilled'; job: Job }
  | { status: 'rejected'; error: unknown; jobId: string }

/** One spec's outcome in `batch(specs, { settled: true })`, in input order. */
export type CreateOutcome =
  | { status: 'fulfilled'; job: Job }
  | { status: 'rejected'; error: unknown; index: number }
