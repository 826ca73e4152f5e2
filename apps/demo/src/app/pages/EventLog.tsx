import type { StreamEvent } from '@archipelag/client'

interface Line {
  key: string
  type: string
  /** The first and last event id the line covers. */
  ids: string
  text: string
}

const clip = (text: string, max = 120) => (text.length > max ? `${text.slice(0, max)}…` : text)

/** One line per event; a run of tokens or progress steps folds into one line. */
export function lines(events: readonly StreamEvent[]): Line[] {
  const out: Line[] = []
  let run:
    | { type: 'token' | 'progress'; first: string; last: string; text: string; count: number }
    | undefined
  const close = () => {
    if (!run) return
    const ids = run.first === run.last ? run.first : `${run.first}–${run.last}`
    const plural = run.count === 1 ? '' : 's'
    const label =
      run.type === 'token' ? `${run.count} token${plural}: “${clip(run.text)}”` : run.text
    out.push({ key: `${run.type}-${run.first}`, type: run.type, ids, text: label })
    run = undefined
  }
  events.forEach((event, i) => {
    const id = event.eventId ?? String(i + 1)
    if (event.type === 'token' || event.type === 'progress') {
      if (run?.type !== event.type) close()
      run ??= { type: event.type, first: id, last: id, text: '', count: 0 }
      run.last = id
      run.count++
      run.text =
        event.type === 'token' ? run.text + event.content : `step ${event.step} of ${event.total}`
      return
    }
    close()
    out.push({ key: `${event.type}-${id}`, type: event.type, ids: id, text: describe(event) })
  })
  close()
  return out
}

function describe(event: StreamEvent): string {
  switch (event.type) {
    case 'status':
      return event.status
    case 'image':
      return `${event.format}, ${Math.round((event.imageData.length * 0.75) / 1024)} KB`
    case 'error':
      return event.error
    case 'done': {
      const u = event.usage
      if (!u) return 'done'
      const tokens = u.totalTokens === undefined ? '' : `${u.totalTokens} tokens, `
      return `${tokens}${u.creditsUsed} credits`
    }
    default:
      return clip(JSON.stringify(event))
  }
}

/** A job's events, as the stream delivered them. */
export function EventLog({ events }: { events: readonly StreamEvent[] }) {
  if (events.length === 0) return <p className="muted">Waiting for events…</p>
  return (
    <ol className="events" id="job-events-list">
      {lines(events).map((line) => (
        <li key={line.key} data-type={line.type}>
          <span className="event-id">#{line.ids}</span>
          <span className={`event-type event-${line.type}`}>{line.type}</span>
          <span className="event-text">{line.text}</span>
        </li>
      ))}
    </ol>
  )
}
