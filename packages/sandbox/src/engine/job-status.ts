/** Job statuses after which nothing changes. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set([
  'completed',
  'failed',
  'cancelled',
  'timeout',
])

/** Job statuses of a job still waiting for an Island. */
export const NOT_STARTED_STATUSES: ReadonlySet<string> = new Set(['pending', 'queued'])

/** Statuses that end a job as a failure (refunded, with an `error` event). */
export const FAILED_STATUSES: ReadonlySet<string> = new Set(['failed', 'timeout'])
