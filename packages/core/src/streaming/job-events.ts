import { snippetOf } from '../errors/error-from-response'
import { InvalidResponseError } from '../errors/invalid-response-error'
import type { Redact } from '../errors/redact'
import { decodeStreamEvent, isStreamEventProblem, type StreamEvent } from '../models/stream-event'

/** Where a message came from, for errors. */
export interface EventSource {
  /** `Stream of job_1`. */
  label: string
  status: number
  redact: Redact
}

/**
 * SSE message → typed {@link StreamEvent}: its `data` parsed as JSON and converted by the
 * one wire→model function for events. A message that is not JSON, or a known event type
 * with a malformed field, is an `InvalidResponseError` naming it (with a redacted snippet).
 */
export function decodeJobEvent(
  data: string,
  id: string | undefined,
  source: EventSource,
): StreamEvent {
  let json: unknown
  try {
    json = JSON.parse(data)
  } catch {
    throw invalid(source, 'sent an event that is not JSON', data)
  }
  const event = decodeStreamEvent(json, id === '' ? undefined : id)
  if (!isStreamEventProblem(event)) return event
  throw invalid(source, `sent a malformed event: ${event.field}: expected ${event.expected}`, data)
}

function invalid(source: EventSource, what: string, data: string): InvalidResponseError {
  const snippet = snippetOf(source.redact(data))
  return new InvalidResponseError(`${source.label} ${what}: ${snippet}`, {
    status: source.status,
    snippet,
  })
}

/** The id of the last event in `events` that has one. */
export function lastEventId(events: readonly StreamEvent[]): string | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const id = (events[i] as StreamEvent).eventId
    if (id !== undefined) return id
  }
  return undefined
}
