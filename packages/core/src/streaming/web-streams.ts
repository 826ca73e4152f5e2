import type { StreamEvent } from '../models/stream-event'
import type { JobStream } from './job-stream-types'

// JobStream ↔ web `ReadableStream`: `toReadableStream()` and `tee()` (built on the
// platform's own `ReadableStream.prototype.tee`, so no buffering logic of ours).

/**
 * A {@link JobStream} as a `ReadableStream` of events, read on demand (nothing is fetched
 * ahead of the reader). A failure of the stream errors it; cancelling it closes the job
 * stream (not the job).
 */
export function toReadableStream(stream: JobStream): ReadableStream<StreamEvent> {
  const iterator = stream[Symbol.asyncIterator]()
  return new ReadableStream<StreamEvent>(
    {
      async pull(controller) {
        const result = await iterator.next()
        if (result.done) controller.close()
        else controller.enqueue(result.value)
      },
      cancel: () => stream.close(),
    },
    { highWaterMark: 0 },
  )
}

/** Two streams that each receive every event, end and error of `stream`. */
export function teeStream(stream: JobStream): [JobStream, JobStream] {
  const [a, b] = toReadableStream(stream).tee()
  return [fromReadable(a, stream), fromReadable(b, stream)]
}

/** A `ReadableStream` of events as a {@link JobStream} of `source`'s job. */
function fromReadable(readable: ReadableStream<StreamEvent>, source: JobStream): JobStream {
  let last = source.lastEventId
  let reader: ReadableStreamDefaultReader<StreamEvent> | undefined
  const close = () => {
    ;(reader ?? readable).cancel().catch(() => {})
  }
  const read = async (r: ReadableStreamDefaultReader<StreamEvent>) => {
    const result = await r.read()
    if (!result.done && result.value.eventId !== undefined) last = result.value.eventId
    return result as IteratorResult<StreamEvent>
  }
  const stream: JobStream = {
    jobId: source.jobId,
    get lastEventId() {
      return last
    },
    close,
    [Symbol.asyncIterator]() {
      const r = readable.getReader() // throws when iterated twice (the stream is locked)
      reader = r
      return {
        next: () => read(r),
        return: async () => {
          close()
          return { done: true, value: undefined }
        },
      }
    },
    // One event per batch: a branch of a tee hands events over one at a time.
    nextBatch: async () => {
      reader ??= readable.getReader()
      const result = await read(reader)
      return result.done ? [] : [result.value]
    },
    tee: () => teeStream(stream),
    toReadableStream: () => readable,
  }
  return stream
}
