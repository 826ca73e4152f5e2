import * as z from 'zod/mini'
import type { JobStatus } from './job'
import { issuePath } from '../validation/check'
import { fixUsage, type Usage, UsageWireSchema } from './usage'
import { camelize, isObject, snakeize } from './wire'

/** Fields every stream event has. */
interface EventBase {
  /** The SSE `id:` of the event (its sequence number in the job), when the server sent one. */
  eventId?: string
}

/**
 * One event of a job's stream, discriminated by `type`. Unknown event types arrive as
 * `{ type: 'unknown', raw }` instead of failing the stream.
 *
 * @example
 * ```ts
 * for await (const event of transport.jobs.stream(job.id)) {
 *   if (event.type === 'token') process.stdout.write(event.content)
 *   else if (event.type === 'done') console.log(event.usage?.creditsUsed)
 * }
 * ```
 */
export type StreamEvent =
  | (EventBase & { type: 'status'; status: JobStatus })
  | (EventBase & { type: 'token'; content: string })
  | (EventBase & { type: 'progress'; step: number; total: number })
  | (EventBase & { type: 'image'; imageData: string; format: string })
  | (EventBase & { type: 'error'; error: string })
  | (EventBase & { type: 'done'; usage?: Usage; finishReason?: string })
  | (EventBase & { type: 'unknown'; raw: unknown })

/** Why {@link decodeStreamEvent} rejected an event: the offending field and what it wanted. */
export interface StreamEventProblem {
  field: string
  expected: string
}

/**
 * Wire event → {@link StreamEvent}: the one place stream events are converted. Written
 * by hand (a few `typeof` checks) because it runs for every token; returns a
 * {@link StreamEventProblem} for a known type with a malformed field.
 */
export function decodeStreamEvent(
  wire: unknown,
  eventId?: string,
): StreamEvent | StreamEventProblem {
  if (!isObject(wire)) return { type: 'unknown', raw: wire, ...(eventId && { eventId }) }
  let event: StreamEvent
  switch (wire.type) {
    case 'token': {
      const content = wire.content ?? wire.chunk
      if (typeof content !== 'string') return { field: 'content', expected: 'string' }
      // The hot case (one per token): built in one literal, one shape per case.
      return eventId === undefined
        ? { type: 'token', content }
        : { type: 'token', content, eventId }
    }
    case 'status':
      if (typeof wire.status !== 'string') return { field: 'status', expected: 'string' }
      event = { type: 'status', status: wire.status as JobStatus }
      break
    case 'progress':
      if (typeof wire.step !== 'number') return { field: 'step', expected: 'number' }
      if (typeof wire.total !== 'number') return { field: 'total', expected: 'number' }
      event = { type: 'progress', step: wire.step, total: wire.total }
      break
    case 'image': {
      const data = wire.image_data
      if (typeof data !== 'string') return { field: 'image_data', expected: 'string' }
      event = {
        type: 'image',
        imageData: data,
        format: typeof wire.format === 'string' ? wire.format : 'png',
      }
      break
    }
    case 'error': {
      const error = isObject(wire.error) ? wire.error.message : (wire.error ?? wire.message)
      if (typeof error !== 'string') return { field: 'error', expected: 'string' }
      event = { type: 'error', error }
      break
    }
    case 'done': {
      const done = decodeDone(wire)
      if (isStreamEventProblem(done)) return done
      event = done
      break
    }
    default:
      event = { type: 'unknown', raw: wire }
  }
  if (eventId !== undefined) event.eventId = eventId
  return event
}

/** A `done` event: its usage checked like a job's (a wrong type names the field). */
function decodeDone(wire: Record<string, unknown>): StreamEvent | StreamEventProblem {
  const event: StreamEvent = { type: 'done' }
  if (wire.usage != null) {
    const usage = UsageWireSchema.safeParse(wire.usage)
    if (!usage.success) {
      const issue = usage.error.issues[0] as z.core.$ZodIssue // a failed parse has one at least
      return {
        field: issuePath('usage', issue),
        expected: issue.code === 'invalid_type' ? issue.expected : 'an object',
      }
    }
    event.usage = fixUsage(camelize(usage.data) as Usage)
  }
  const reason = wire.finish_reason
  if (typeof reason === 'string') event.finishReason = reason
  return event
}

/** Distinguishes a decoded event from a problem report. */
export function isStreamEventProblem(
  value: StreamEvent | StreamEventProblem,
): value is StreamEventProblem {
  // Every event has a `type`; a problem has none (a property read: this runs per event).
  return (value as { type?: unknown }).type === undefined
}

function encodeStreamEvent(event: StreamEvent): unknown {
  const { eventId: _id, ...rest } = event
  return rest.type === 'unknown' ? rest.raw : snakeize(rest)
}

/**
 * StreamEvent schema: `StreamEventSchema.parse(wireEventData)` gives a {@link StreamEvent}
 * (an unknown `type` gives `{ type: 'unknown', raw }`; a known type with a bad field fails).
 */
export const StreamEventSchema = /* @__PURE__ */ z.codec(
  /* @__PURE__ */ z.unknown(),
  /* @__PURE__ */ z.custom<StreamEvent>(),
  {
    decode: (wire, ctx) => {
      // An event's own JSON carries its `eventId` (on the wire that is the SSE `id:`), and
      // camelCase fields, read back through their snake_case form.
      // (Wire events have snake_case keys only: a camelCase key means an event's own JSON.)
      const own = isObject(wire) && Object.keys(wire).some((key) => /[A-Z]/.test(key))
      const id = isObject(wire) && typeof wire.eventId === 'string' ? wire.eventId : undefined
      const unknown = isObject(wire) && wire.type === 'unknown' && 'raw' in wire
      const input = unknown ? wire.raw : own ? snakeize(wire) : wire
      const event = decodeStreamEvent(input, id)
      if (!isStreamEventProblem(event)) return event
      ctx.issues.push({
        code: 'custom',
        message: `expected ${event.expected}`,
        path: [event.field],
        input: wire,
      })
      return z.NEVER
    },
    encode: encodeStreamEvent,
  },
)
