import type { Job, StreamEvent, Usage } from '@archipelag/core'

/**
 * Callbacks of a {@link ChatStream}, with the official JS SDK's signatures. They run once
 * per event, however many consumers read the stream. A callback that throws ends the
 * stream as if the loop body had thrown: the job is cancelled and the error is raised to
 * the consumers.
 */
export interface ChatStreamCallbacks {
  /** Each piece of generated text, in order. */
  onToken?(text: string): void
  /** A progress step (image workloads). */
  onProgress?(step: number, total: number): void
  /** The job finished; `usage` as reported by the `done` event. */
  onDone?(usage: Usage | undefined): void
  /** The stream failed: the job failed, was cancelled by someone else, or the connection was lost. */
  onError?(error: unknown): void
  /** Every event, including statuses and unknown types. */
  onEvent?(event: StreamEvent): void
}

/** The event stream of one job, as `@archipelag/core`'s `JobStream` provides it. */
export interface ChatStreamEvents {
  /** The events that have arrived (at least one), or `[]` once the stream has ended. */
  nextBatch(): Promise<StreamEvent[]>
  close(): void
}

/** Where a {@link ChatStream} gets its job and events from (the client builds this). */
export interface ChatStreamSource {
  /** Creates the job, or returns the existing one. Called at most once. */
  start(): Promise<Pick<Job, 'id'> & Partial<Job>>
  /** Opens the job's event stream, after `lastEventId` when given. */
  events(jobId: string, lastEventId: string | undefined): ChatStreamEvents
  /** Cancels the job on the server. */
  cancel(jobId: string): Promise<unknown>
  /**
   * Whether leaving a loop early (or cancelling a readable stream) cancels the job.
   * True for `chatStream` (it created the job), false for `streamJob` (it only watches).
   */
  owned: boolean
  /** Resume point for `streamJob(id, { lastEventId })`. */
  lastEventId?: string
}

/** The lifecycle of a {@link ChatStream}. */
export type ChatStreamState =
  | 'idle'
  | 'starting'
  | 'streaming'
  | 'completed'
  | 'failed'
  | 'aborted'
  | 'detached'

/** Output format of {@link ChatStream.toReadableStream}. */
export type ChatStreamFormat = 'ndjson' | 'text'
