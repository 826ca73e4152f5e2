import { type Job, isTerminal } from '@archipelag/client'
import { useCancelJob, useJob } from '@archipelag/react'
import { ErrorNotice, QueryError } from '../components/ErrorNotice'
import { StatusBadge } from '../components/StatusBadge'
import { credits, duration, jobDuration, time } from '../format'
import { useJobEvents } from '../job-events'
import { Link } from '../router'
import { EventLog } from './EventLog'

/** An image job's output as a picture; any other output as text. */
function Output({ job }: { job: Job }) {
  if (job.error) return <p className="notice notice-error">{job.error}</p>
  if (job.output === undefined) {
    return <p className="muted">{isTerminal(job.status) ? 'No output.' : 'Not finished yet.'}</p>
  }
  if (job.workloadSlug === 'sdxl') {
    try {
      const out = JSON.parse(job.output) as { image_data?: string; format?: string }
      if (out.image_data) {
        const src = `data:image/${out.format ?? 'png'};base64,${out.image_data}`
        return <img className="job-image" src={src} alt={String(job.input.prompt ?? 'image')} />
      }
    } catch {
      // Not the image JSON: shown as text below.
    }
  }
  return <pre className="output">{job.output}</pre>
}

export function JobDetails({ id }: { id: string }) {
  const query = useJob(id)
  const job = query.data
  const cancel = useCancelJob()
  const { events, ended } = useJobEvents(id)
  return (
    <section className="page job" aria-labelledby="job-title">
      <p>
        <Link href="/jobs">← All jobs</Link>
      </p>
      <header className="page-header row-between">
        <h1 id="job-title">
          Job <code>{id}</code>
        </h1>
        {job && !isTerminal(job.status) && (
          <button
            type="button"
            className="danger"
            onClick={() => cancel.mutate(id)}
            disabled={cancel.isPending}
          >
            Cancel job
          </button>
        )}
      </header>
      <QueryError query={query} />
      {cancel.error && <ErrorNotice error={cancel.error} />}
      {job && (
        <>
          <dl className="facts card">
            <div>
              <dt>Status</dt>
              <dd>
                <StatusBadge status={job.status} />
              </dd>
            </div>
            <div>
              <dt>Cargo</dt>
              <dd>{job.workloadSlug ?? job.workloadId}</dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>{time(job.createdAt)}</dd>
            </div>
            <div>
              <dt>Duration</dt>
              <dd>{duration(jobDuration(job))}</dd>
            </div>
            <div>
              <dt>Tokens</dt>
              <dd>{job.usage?.totalTokens ?? '—'}</dd>
            </div>
            <div>
              <dt>Cost</dt>
              <dd>{credits(job.usage?.creditsUsed)} credits</dd>
            </div>
          </dl>
          <div className="two-columns">
            <section aria-labelledby="job-input">
              <h2 id="job-input">Input</h2>
              <pre className="output">{JSON.stringify(job.input, null, 2)}</pre>
            </section>
            <section aria-labelledby="job-output">
              <h2 id="job-output">Output</h2>
              <Output job={job} />
            </section>
          </div>
        </>
      )}
      <section aria-labelledby="job-events">
        <h2 id="job-events">
          Events{' '}
          <span className="muted">
            {events.length}
            {ended ? '' : ', live'}
          </span>
        </h2>
        <EventLog events={events} />
      </section>
    </section>
  )
}
