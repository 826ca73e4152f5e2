import type { BatchStatus, ChatInput, ImageInput } from '@archipelag/core'
import type { ChatStreamCallbacks } from './chat-stream-types'

/** Options of `chat` and `chatStream`: the chat input (camelCase) and the Cargo to run. */
export interface ChatOptions extends ChatInput {
  /** The Cargo to run. Default `'llm-chat'`. */
  workload?: string
  /** Aborting cancels the job on the server (once it exists). */
  signal?: AbortSignal
}

/** How a call that waits for a job's end waits (`waitForJob`, `chat`, `generateImage`). */
export interface WaitOptions {
  /** ms between polls when the stream cannot be used. Default 1000. */
  pollInterval?: number
  /**
   * ms to wait in total (the whole call) before a `TimeoutError`; the job keeps running.
   * Default 600 000 (10 minutes); `Infinity` (or anything past 2 147 483 647, about 24.8
   * days, the longest timer) waits forever.
   */
  timeout?: number
  /** Stops waiting (the job keeps running). */
  signal?: AbortSignal
  /** Follow the job's event stream (default) or only poll (`false`). */
  stream?: boolean
}

/** Options of `generateImage`. */
export interface ImageOptions extends ImageInput, Omit<WaitOptions, 'stream' | 'signal'> {
  /** Aborting cancels the job on the server. */
  signal?: AbortSignal
  /** The Cargo to run. Default `'sdxl'`. */
  workload?: string
  /** Each diffusion step as it happens. */
  onProgress?: (step: number, total: number) => void
}

/** Options of `streamJob`. */
export interface StreamJobOptions extends ChatStreamCallbacks {
  /** Resume after this event id (from `stream.lastEventId`): nothing lost, nothing repeated. */
  lastEventId?: string
  /** Aborting stops listening (and cancels the job, like `abort()`). */
  signal?: AbortSignal
}

/** Options of `batch`. */
export interface BatchOptions {
  /** Creations in flight at once. Default 8. */
  concurrency?: number
  /** Return one outcome per spec instead of rejecting on the first failure. */
  settled?: boolean
  /**
   * Aborting starts no new creation, lets those in flight finish, cancels every job made,
   * and rejects with the signal's reason.
   */
  signal?: AbortSignal
}

/** Options of `waitAll`. */
export interface WaitAllOptions {
  /** ms for the whole wait; unfinished jobs then fail with `TimeoutError`. Default 600 000. */
  timeout?: number
  /** Called each time a job ends, with how many have ended so far. */
  onProgress?: (done: number, total: number) => void
  /** Return one outcome per job instead of rejecting on the first failure. */
  settled?: boolean
  /** Jobs followed at once (each holds one stream). Default 64. */
  concurrency?: number
  /** ms between polls for jobs whose stream cannot be used. Default 1000. */
  pollInterval?: number
  /** Stops waiting (the jobs keep running) and rejects with its reason, `settled` or not. */
  signal?: AbortSignal
}

/** Options of `waitForBatch`. */
export interface WaitForBatchOptions {
  /** ms between status polls. Default 1000. */
  pollInterval?: number
  /** ms before a `TimeoutError` (the batch keeps running). Default 600 000. */
  timeout?: number
  /** Each status read, for a progress bar (`childStates`). */
  onProgress?: (status: BatchStatus) => void
  signal?: AbortSignal
}

/** Options of `iterJobs`. */
export interface IterJobsOptions {
  /** Jobs fetched per request. Default 100. */
  pageSize?: number
  signal?: AbortSignal
}
