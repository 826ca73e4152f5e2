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
 *
 * @example
 * ```ts
 * import { createTransport } from '@archipelag/core'
 *
 * const api = createTransport() // reads ARCHIPELAG_API_KEY
 * const { credits } = await api.account.get({ timeout: 5_000 })
 * ```
 */
export interface Transport {
  /** The resolved API base, e.g. `https://api.archipelag.io/api/v1`. */
  readonly baseUrl: string
  /** Jobs: create, list, read, cancel and follow one unit of work on an Island. */
  jobs: {
    /**
     * Creates a job (`POST /jobs`) and resolves to it, usually `pending` or `queued`. One
     * `Idempotency-Key` per call, reused on every retry: never two jobs (pass
     * `{ idempotencyKey }` to choose it). The input is checked first: a bad field throws a
     * `ValidationError` naming it, before any request.
     *
     * @example
     * ```ts
     * const job = await api.jobs.create({ workload: 'llm-chat', input: { prompt: 'Hello' } })
     * ```
     */
    create(
      params: { workload: string; input: Record<string, unknown> },
      opts?: RequestOptions,
    ): Promise<Job>
    /**
     * Lists the account's jobs, newest first (`GET /jobs`), one page at a time.
     *
     * @example
     * ```ts
     * const latest = await api.jobs.list({ limit: 20, offset: 0 })
     * ```
     */
    list(params?: { limit?: number; offset?: number }, opts?: RequestOptions): Promise<Job[]>
    /**
     * Reads a job by id (`GET /jobs/{id}`): its status, and `output` once it completed.
     * A batch id works too (the batch parent is a job). Unknown id: `NotFoundError`.
     *
     * @example
     * ```ts
     * const job = await api.jobs.get('job_123')
     * if (job.status === 'completed') console.log(job.output)
     * ```
     */
    get(id: string, opts?: RequestOptions): Promise<Job>
    /**
     * Cancels a job (`DELETE /jobs/{id}`) and resolves to it, now `cancelled`; a finished
     * job is returned unchanged. A batch id cancels the whole batch.
     *
     * @example
     * ```ts
     * const { status } = await api.jobs.cancel('job_123')
     * ```
     */
    cancel(id: string, opts?: RequestOptions): Promise<Job>
    /**
     * Reads only a job's output (`GET /jobs/{id}/output`): the text of an llm job, the
     * JSON string of an image job (`parseImageOutput` decodes it), `''` while there is none.
     *
     * @example
     * ```ts
     * const { output } = await api.jobs.output('job_123')
     * ```
     */
    output(id: string, opts?: RequestOptions): Promise<{ output: string }>
    /**
     * A job's live events (`GET /jobs/{id}/stream`): tokens, progress, image, done. Resumes
     * after drops with `Last-Event-ID` without repeating an event; a finished job's events
     * are replayed. Leaving the loop closes the connection (it does not cancel the job).
     *
     * @example
     * ```ts
     * for await (const event of api.jobs.stream('job_123')) {
     *   if (event.type === 'token') console.log(event.content)
     * }
     * ```
     */
    stream(id: string, opts?: StreamOptions): JobStream
  }
  /** Batches: many inputs of one workload, fanned out across Islands by the server. */
  batches: {
    /**
     * Submits 1–100 inputs as one batch (`POST /jobs/batch`, with an `Idempotency-Key`):
     * one child job per input, merged by `mergeStrategy`. Resolves to the parent and its
     * children; the parent id is also a job id.
     *
     * @example
     * ```ts
     * const batch = await api.batches.submit({
     *   workload: 'llm-chat',
     *   inputs: [{ prompt: 'a haiku about tides' }, { prompt: 'a haiku about fog' }],
     * })
     * ```
     */
    submit(params: BatchParams, opts?: RequestOptions): Promise<Batch>
    /**
     * A batch's progress (`GET /jobs/{id}/batch-status`): its state, the children per
     * state (`childStates`) and each child.
     *
     * @example
     * ```ts
     * const { parentState, childStates } = await api.batches.status('job_123')
     * console.log(parentState, childStates.succeeded ?? 0)
     * ```
     */
    status(id: string, opts?: RequestOptions): Promise<BatchStatus>
  }
  /** Workloads ("Cargos"): the kinds of work Islands run, with their prices. */
  workloads: {
    /**
     * Lists the workloads (`GET /workloads`), e.g. `llm-chat`, with their price per job.
     *
     * @example
     * ```ts
     * for (const w of await api.workloads.list()) console.log(w.slug, w.pricePerJob)
     * ```
     */
    list(opts?: RequestOptions): Promise<Workload[]>
    /**
     * Reads one workload by slug (`GET /workloads/{slug}`). Unknown slug: `NotFoundError`.
     *
     * @example
     * ```ts
     * const { pricePerJob, isEnabled } = await api.workloads.get('sdxl')
     * ```
     */
    get(slug: string, opts?: RequestOptions): Promise<Workload>
  }
  /** The account that owns the API key. */
  account: {
    /**
     * Reads the account of the API key (`GET /account`): its id, email and credit balance.
     *
     * @example
     * ```ts
     * const { email, credits } = await api.account.get()
     * ```
     */
    get(opts?: RequestOptions): Promise<Account>
  }
  /** API keys of the account: list, create (the secret is shown once) and delete. */
  apiKeys: {
    /**
     * Lists the account's keys (`GET /api-keys`): metadata and `prefix`, never the secrets.
     *
     * @example
     * ```ts
     * for (const key of await api.apiKeys.list()) console.log(key.name, key.prefix)
     * ```
     */
    list(opts?: RequestOptions): Promise<ApiKey[]>
    /**
     * Creates a key (`POST /api-keys`); `key` (the secret) is returned only this once.
     *
     * @example
     * ```ts
     * const { apiKey, key } = await api.apiKeys.create({ name: 'ci' })
     * ```
     */
    create(
      params: { name: string; scopes?: string[] },
      opts?: RequestOptions,
    ): Promise<CreatedApiKey>
    /**
     * Deletes a key (`DELETE /api-keys/{id}`); resolves to its metadata (`undefined` on 204).
     *
     * @example
     * ```ts
     * await api.apiKeys.delete('key_123')
     * ```
     */
    delete(id: string, opts?: RequestOptions): Promise<ApiKey | undefined>
  }
  /** OpenAI-compatible chat completions, for code written against that shape. */
  chatCompletions: {
    /**
     * Runs a chat completion (`POST /chat/completions`) and resolves to the whole answer,
     * OpenAI's shape in camelCase. `model` is an llm workload slug (see `models.list()`).
     *
     * @example
     * ```ts
     * const completion = await api.chatCompletions.create({
     *   model: 'llm-chat',
     *   messages: [{ role: 'user', content: 'Hello' }],
     * })
     * console.log(completion.choices[0]?.message.content)
     * ```
     */
    create(
      params: ChatCompletionParams & { stream?: false },
      opts?: RequestOptions,
    ): Promise<ChatCompletion>
    /**
     * With `stream: true`: resolves (once the server answered) to an async iterable of
     * chunks that ends at `data: [DONE]`. `signal` stops it.
     *
     * @example
     * ```ts
     * const chunks = await api.chatCompletions.create({
     *   model: 'llm-chat',
     *   messages: [{ role: 'user', content: 'Hello' }],
     *   stream: true,
     * })
     * for await (const chunk of chunks) console.log(chunk.choices[0]?.delta.content ?? '')
     * ```
     */
    create(
      params: ChatCompletionParams & { stream: true },
      opts?: RequestOptions,
    ): Promise<AsyncIterable<ChatCompletionChunk>>
  }
  /** Islands: the machines that run jobs (read-only). */
  hosts: {
    /**
     * Lists the Islands (`GET /hosts`): status, region, capabilities, karma score.
     *
     * @example
     * ```ts
     * const online = (await api.hosts.list()).filter((h) => h.status === 'online')
     * ```
     */
    list(opts?: RequestOptions): Promise<Host[]>
    /**
     * Reads one Island by id (`GET /hosts/{id}`). Unknown id: `NotFoundError`.
     *
     * @example
     * ```ts
     * const { region, lastHeartbeatAt } = await api.hosts.get('isl_123')
     * ```
     */
    get(id: string, opts?: RequestOptions): Promise<Host>
  }
  /** Market prices of the workloads (read-only). */
  market: {
    /**
     * The current price of every workload (`GET /market/rates`): average, minimum and
     * maximum in credits, and how many Islands offer it.
     *
     * @example
     * ```ts
     * for (const r of await api.market.rates()) console.log(r.workloadSlug, r.avgPrice)
     * ```
     */
    rates(opts?: RequestOptions): Promise<MarketRate[]>
    /**
     * The current price of one workload (`GET /market/rates/{slug}`).
     *
     * @example
     * ```ts
     * const { avgPrice, numHosts } = await api.market.rate('sdxl')
     * ```
     */
    rate(slug: string, opts?: RequestOptions): Promise<MarketRate>
    /**
     * Past prices of one workload (`GET /market/history/{slug}`), one entry per `timestamp`.
     *
     * @example
     * ```ts
     * const history = await api.market.history('llm-chat')
     * ```
     */
    history(slug: string, opts?: RequestOptions): Promise<MarketRate[]>
  }
  /** Models for `chatCompletions.create`. */
  models: {
    /**
     * Lists the models usable as `model` in `chatCompletions.create` (`GET /models`).
     *
     * @example
     * ```ts
     * const ids = (await api.models.list()).map((m) => m.id)
     * ```
     */
    list(opts?: RequestOptions): Promise<Model[]>
  }
}
