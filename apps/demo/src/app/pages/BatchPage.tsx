import type { JobOutcome } from '@archipelag/client'
import { useWorkload } from '@archipelag/react'
import type { FormEvent } from 'react'
import { ErrorNotice } from '../components/ErrorNotice'
import { ProgressBar } from '../components/ProgressBar'
import { StatusBadge } from '../components/StatusBadge'
import { credits, shortId } from '../format'
import { Link } from '../router'
import { useStoredState } from '../stored-state'
import { useWork } from '../work'

const EXAMPLE = [
  'A haiku about the tide',
  'A haiku about coral',
  'A haiku about gulls',
  'A haiku about fog',
  'A haiku about a lighthouse',
].join('\n')

const MAX_PROMPTS = 100

/** One prompt's row: waiting, running, its answer, or why it failed. */
function Item({ prompt, index }: { prompt: string; index: number }) {
  const { batch } = useWork()
  const job = batch.jobs[index]
  const outcome: JobOutcome | undefined = batch.results[index]
  const state =
    outcome?.status === 'fulfilled' ? 'done' : outcome ? 'failed' : job ? 'running' : 'waiting'
  return (
    <li className="batch-item" data-state={state}>
      <div className="batch-item-head">
        <span className="batch-prompt">{prompt}</span>
        {outcome?.status === 'fulfilled' ? (
          <StatusBadge status={outcome.job.status} />
        ) : outcome ? (
          <StatusBadge status="failed" />
        ) : job ? (
          <StatusBadge status="running" />
        ) : (
          <span className="muted">waiting</span>
        )}
        {job && (
          <Link href={`/jobs/${encodeURIComponent(job.id)}`} className="muted">
            {shortId(job.id)}
          </Link>
        )}
      </div>
      {outcome?.status === 'fulfilled' && <p className="batch-output">{outcome.job.output}</p>}
      {outcome?.status === 'rejected' && (
        <p className="batch-error">{(outcome.error as Error)?.message ?? String(outcome.error)}</p>
      )}
    </li>
  )
}

export function BatchPage() {
  const { batch } = useWork()
  const [text, setText] = useStoredState('batch:prompts', EXAMPLE)
  const [submitted, setSubmitted] = useStoredState<string[]>('batch:submitted', [])
  const { data: llm } = useWorkload('llm-chat')
  const prompts = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
  const busy = batch.status === 'submitting' || batch.status === 'running'
  const tooMany = prompts.length > MAX_PROMPTS
  // The prompts shown are the ones submitted, as long as this page's batch is known.
  const shown = batch.total > 0 ? submitted : []

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (busy || prompts.length === 0 || tooMany) return
    setSubmitted(prompts)
    void batch.submit(
      prompts.map((prompt) => ({ workload: 'llm-chat', input: { prompt, max_tokens: 60 } })),
    )
  }

  return (
    <section className="page batch" aria-labelledby="batch-title">
      <header className="page-header">
        <h1 id="batch-title">Batch</h1>
        <p className="lede">
          Many prompts at once: each becomes a job, and each answer shows as soon as it lands.
        </p>
      </header>
      <form className="card" onSubmit={submit}>
        <label>
          Prompts, one per line
          <textarea
            id="batch-prompts"
            rows={7}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <div className="row-between">
          <span className={tooMany ? 'error-text' : 'muted'}>
            {prompts.length} prompt{prompts.length === 1 ? '' : 's'}
            {llm && ` · ${credits(prompts.length * llm.pricePerJob)} credits`}
            {tooMany && ` · at most ${MAX_PROMPTS}`}
          </span>
          {/* Keys: a new element, so the click on Stop never lands on the submit button. */}
          {busy ? (
            <button key="stop" type="button" className="danger" onClick={batch.stop}>
              Stop
            </button>
          ) : (
            <button
              key="submit"
              type="submit"
              className="primary"
              disabled={prompts.length === 0 || tooMany}
            >
              Run {prompts.length} job{prompts.length === 1 ? '' : 's'}
            </button>
          )}
        </div>
      </form>
      {batch.error && <ErrorNotice error={batch.error} />}
      {batch.total > 0 && (
        <>
          <ProgressBar
            id="batch-progress"
            value={batch.progress}
            label={`${batch.completed} of ${batch.total} done`}
          />
          {batch.status === 'cancelled' && (
            <p className="muted">Stopped: the jobs not finished were cancelled.</p>
          )}
          <ol className="batch-items" aria-label="Results" data-status={batch.status}>
            {shown.map((prompt, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a batch's slots are its positions
              <Item key={i} prompt={prompt} index={i} />
            ))}
          </ol>
        </>
      )}
    </section>
  )
}
