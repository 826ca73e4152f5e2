import type { Account } from '../models/account'
import type { ApiKey, CreatedApiKey } from '../models/api-key'
import type { Batch, BatchParams, BatchStatus } from '../models/batch'
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionParams,
} from '../models/chat-completion'
import type { Host } from '../models/host'
import type { Job } from '../models/job'
import type { MarketRate } from '../models/market-rate'
import type { Model } from '../models/model'
import type { Workload } from '../models/workload'
import type { JobStream, StreamOptions } from '../streaming/job-stream'
import type { RequestOptions } from './options'

/**
 * Typed functions for every endpoint of the Archipelag.io API, grouped by resource.
 * Each takes a {@link RequestOptions} last argument.
 */
export interface Transport {
  /** The resolved API base, e.g. `https://api.archipelag.io/api/v1`. */
  readonly baseUrl: string
  jobs: {
    /** Creates a job. One `Idempotency-Key` per call, reused on every retry: never two jobs. */
    create(
      params: { workload: string; input: Record<string, unknown> },
      opts?: RequestOptions,
    ): Promise<Job>
    /** Lists the account's jobs, newest first. */
    list(params?: { limit?: number; offset?: number }, opts?: RequestOptions): Promise<Job[]>
    get(id: string, opts?: RequestOptions): Promise<Job>
    /** Cancels a job (a finished job is returned unchanged). */
    cancel(id: string, opts?: RequestOptions): Promise<Job>
    output(id: string, opts?: RequestOptions): Promise<{ output: string }>
    /** Live events of a job; resumes after drops; replays a finished job's events. */
    stream(id: string, opts?: StreamOptions): JobStream
  }
  batches: {
    /** Submits 1–100 inputs as one batch (with an `Idempotency-Key`). */
    submit(params: BatchParams, opts?: RequestOptions): Promise<Batch>
    status(id: string, opts?: RequestOptions): Promise<BatchStatus>
  }
  workloads: {
    list(opts?: RequestOptions): Promise<Workload[]>
    get(slug: string, opts?: RequestOptions): Promise<Workload>
  }
  account: { get(opts?: RequestOptions): Promise<Account> }
  apiKeys: {
    list(opts?: RequestOptions): Promise<ApiKey[]>
    /** Creates a key; `key` (the secret) is returned only this once. */
    create(
      params: { name: string; scopes?: string[] },
      opts?: RequestOptions,
    ): Promise<CreatedApiKey>
    /** Deletes a key; resolves to its metadata, or `undefined` on a 204. */
    delete(id: string, opts?: RequestOptions): Promise<ApiKey | undefined>
  }
  chatCompletions: {
    create(
      params: ChatCompletionParams & { stream?: false },
      opts?: RequestOptions,
    ): Promise<ChatCompletion>
    create(
      params: ChatCompletionParams & { stream: true },
      opts?: RequestOptions,
    ): Promise<AsyncIterable<ChatCompletionChunk>>
  }
  hosts: {
    list(opts?: RequestOptions): Promise<Host[]>
    get(id: string, opts?: RequestOptions): Promise<Host>
  }
  market: {
    rates(opts?: RequestOptions): Promise<MarketRate[]>
    rate(slug: string, opts?: RequestOptions): Promise<MarketRate>
    history(slug: string, opts?: RequestOptions): Promise<MarketRate[]>
  }
  models: { list(opts?: RequestOptions): Promise<Model[]> }
}
