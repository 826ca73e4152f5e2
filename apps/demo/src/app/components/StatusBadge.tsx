import { type JobStatus, isTerminal } from '@archipelag/client'

const LABEL: Record<JobStatus, string> = {
  pending: 'pending',
  queued: 'queued',
  running: 'running',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
  timeout: 'timed out',
}

/** A job's status as a coloured badge; a live one pulses. */
export function StatusBadge({ status }: { status: JobStatus }) {
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      {!isTerminal(status) && <span className="badge-dot" aria-hidden="true" />}
      {LABEL[status] ?? status}
    </span>
  )
}
