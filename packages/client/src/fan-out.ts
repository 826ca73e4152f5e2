import { type Job, joinSignals, jobSpec, type JobSpec } from '@archipelag/core'
import { deadline, followJob, resolveWait, stopReason } from './follow-job'
import type { ClientContext } from './internal/context'
import { checkNumber, waitTimeoutError } from './internal/errors'
import { pool, type Settled } from './internal/pool'
import { readJobs } from './internal/read-jobs'
import type { CreateOutcome, JobOutcome } from './outcomes'
import type { BatchOptions, WaitAllOptions } from './options'

/**
 * Creates many jobs, `concurrency` in flight, every spec checked before the first request.
 * Without `settled` it is all or nothing: the first failure starts no new creation, and once
 * those in flight end, the jobs made are cancelled and the failure is thrown; with it, every
 * spec gets an outcome.
 */
export async function batch(
  ctx: ClientContext,
  specs: readonly JobSpec[],
  options: BatchOptions,
): Promise<Job[] | CreateOutcome[]> {
  const concurrency = options.concurrency ?? 8
  checkNumber('concurrency', concurrency, 1, true)
  const checked = specs.map((spec) => jobSpec(spec?.workload, spec?.input))
  const stop = new AbortController()
  const joined = ctx.join(options.signal, stop.signal)
  // `signal` stops new creations; one in flight completes, so that no job the server made
  // is left unknown — and on an abort, every job made is cancelled.
  const outcomes = await pool(
    checked,
    concurrency,
    async (spec) => {
      try {
        return await ctx.transport.jobs.create(spec, ctx.req())
      } catch (error) {
        if (!options.settled) stop.abort(error)
        throw error
      }
    },
    joined.signal,
  ).finally(joined.release)
  const aborted = options.signal
  // An abort, or (without `settled`) a failed creation: all or nothing, so every job made
  // is cancelled before the error is thrown — none is left running unknown to the caller.
  if (aborted?.aborted || stop.signal.aborted) {
    const made = outcomes.flatMap((o) => (o.ok ? [o.value.id] : []))
    await pool(made, concurrency, (id) => ctx.transport.jobs.cancel(id, ctx.req()))
    throw aborted?.aborted ? aborted.reason : stop.signal.reason
  }
  if (options.settled) {
    return outcomes.map((o, index) =>
      o.ok ? { status: 'fulfilled', job: o.value } : { status: 'rejected', error: o.error, index },
    )
  }
  return values(outcomes, stop.signal)
}

/**
 * Waits for many jobs at once (each followed by its stream, `concurrency` at a time) and
 * returns them in input order, with their final records: jobs whose streams said
 * "completed" are read back together, a `GET /jobs` page per 100.
 */
export async function waitAll(
  ctx: ClientContext,
  jobs: readonly (Job | string)[],
  options: WaitAllOptions,
): Promise<Job[] | JobOutcome[]> {
  const concurrency = options.concurrency ?? 64
  checkNumber('concurrency', concurrency, 1, true)
  const wait = resolveWait(ctx, options)
  // Before the deadline: a throw here (an entry that is not a job) leaves no timer or follower.
  const ids = jobs.map((job) => (typeof job === 'string' ? job : job.id))
  const stop = new AbortController()
  const timer = deadline(wait.timeout, ...wait.signals, stop.signal)
  const signal = timer.signal
  let ended = 0
  try {
    const followed = await pool(jobs, concurrency, async (job, index) => {
      try {
        const follow = { ...wait, timeout: Infinity, signals: [signal] }
        return await followJob(ctx.transport, job, follow, { fromStream: true })
      } catch (error) {
        const reason = timer.expired.aborted
          ? waitTimeoutError(ids[index] as string, wait.timeout)
          : error
        if (!options.settled && !stop.signal.aborted) stop.abort(reason)
        throw reason
      } finally {
        options.onProgress?.(++ended, jobs.length)
      }
    })
    // An aborted signal or a closed client rejects, `settled` or not (as `batch` does).
    const stopped = () => stopReason(wait.signals) ?? stop.signal.reason
    if (stopped()) throw stopped()
    const results = await withFinalRecords(ctx, ids, followed, concurrency, wait.signals)
    if (stopped()) throw stopped()
    if (options.settled) {
      return results.map((o, i) =>
        o.ok
          ? { status: 'fulfilled', job: o.value }
          : { status: 'rejected', jobId: ids[i] as string, error: o.error },
      )
    }
    return values(results, stop.signal)
  } finally {
    timer.clear()
  }
}

/** Fills in the records of jobs known only to have completed (`undefined`), in few requests. */
async function withFinalRecords(
  ctx: ClientContext,
  ids: readonly string[],
  followed: Settled<Job | undefined>[],
  concurrency: number,
  signals: readonly AbortSignal[],
): Promise<Settled<Job>[]> {
  const unread = ids.filter((_, i) => {
    const o = followed[i] as Settled<Job | undefined>
    return o.ok && o.value === undefined
  })
  // Not bound by the deadline: these jobs did end in time, and this takes milliseconds.
  let fresh = new Map<string, Settled<Job>>()
  if (unread.length > 0) {
    const { signal, release } = joinSignals(...signals)
    fresh = await readJobs(ctx.transport, unread, concurrency, signal).finally(release)
  }
  return followed.map((o, i) =>
    o.ok && o.value === undefined
      ? (fresh.get(ids[i] as string) as Settled<Job>)
      : (o as Settled<Job>),
  )
}

/** The values, or the first failure thrown (the stop reason when one was given). */
function values<T>(outcomes: Settled<T>[], stop: AbortSignal): T[] {
  if (stop.aborted) throw stop.reason
  return outcomes.map((o) => {
    if (!o.ok) throw o.error
    return o.value
  })
}
