import { type Job, isTerminal } from '@archipelag/client'
import { jobsQueryOptions, useArchipelagClient, useCancelJob } from '@archipelag/react'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { ErrorNotice, QueryError } from '../components/ErrorNotice'
import { StatusBadge } from '../components/StatusBadge'
import { credits, duration, jobDuration, shortId, time } from '../format'
import { Link } from '../router'
import { JobDetails } from './JobDetails'

const PAGE_SIZE = 20

export function JobsPage({ jobId }: { jobId?: string }) {
  return jobId ? <JobDetails key={jobId} id={jobId} /> : <JobList />
}

/** Read again every second while a job on the page is still going. */
const whileLive = (data: Job[] | undefined) =>
  data?.some((job) => !isTerminal(job.status)) ? 1000 : false

/** One job: id (to its details), Cargo, live status, when, how long, what it cost, Cancel. */
function JobRow({ job, cancel }: { job: Job; cancel: ReturnType<typeof useCancelJob> }) {
  return (
    <tr data-job={job.id} data-status={job.status}>
      <td>
        <Link href={`/jobs/${encodeURIComponent(job.id)}`} title={job.id}>
          <code>{shortId(job.id)}</code>
        </Link>
      </td>
      <td className="nowrap">{job.workloadSlug ?? job.workloadId}</td>
      <td>
        <StatusBadge status={job.status} />
      </td>
      <td>{time(job.createdAt)}</td>
      <td className="num">{duration(jobDuration(job))}</td>
      <td className="num">{credits(job.usage?.creditsUsed)}</td>
      <td className="actions-cell">
        {!isTerminal(job.status) && (
          <button
            type="button"
            className="small danger"
            onClick={() => cancel.mutate(job.id)}
            disabled={cancel.isPending && cancel.variables === job.id}
            aria-label={`Cancel job ${job.id}`}
          >
            Cancel
          </button>
        )}
      </td>
    </tr>
  )
}

function JobList() {
  const client = useArchipelagClient()
  const [offset, setOffset] = useState(0)
  const jobs = useQuery({
    ...jobsQueryOptions(client, { limit: PAGE_SIZE, offset }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => whileLive(query.state.data),
  })
  const cancel = useCancelJob()
  const rows = jobs.data ?? []
  return (
    <section className="page jobs" aria-labelledby="jobs-title">
      <header className="page-header">
        <h1 id="jobs-title">Jobs</h1>
        <p className="lede">Every job of the account, newest first, live while it runs.</p>
      </header>
      <QueryError query={jobs} />
      {cancel.error && <ErrorNotice error={cancel.error} />}
      {jobs.isSuccess && rows.length === 0 && offset === 0 && (
        <p className="empty">No jobs yet: start a chat or paint an image.</p>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="jobs-table">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Cargo</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col" className="num">
                  Duration
                </th>
                <th scope="col" className="num">
                  Cost
                </th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((job) => (
                <JobRow key={job.id} job={job} cancel={cancel} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label="Pages of jobs">
        <button
          type="button"
          onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
          disabled={offset === 0}
        >
          ← Newer
        </button>
        <span className="muted">{rows.length ? `${offset + 1}–${offset + rows.length}` : ''}</span>
        <button
          type="button"
          onClick={() => setOffset(offset + PAGE_SIZE)}
          disabled={rows.length < PAGE_SIZE}
        >
          Older →
        </button>
      </nav>
    </section>
  )
}
