import {
  type Account,
  type ApiKey,
  type Batch,
  type BatchParams,
  type BatchStatus,
  type ChatResult,
  createTransport,
  type Job,
  type RequestOptions,
  type Transport,
  parseImageOutput,
  validateJobInput,
  type Workload,
} from '@archipelag/core'
import { type ApiKeyPair, apiKeyPair } from './api-key-pair'
import { type AsyncDisposableWhereKnown, asyncDispose } from './internal/async-dispose'
import type { ChatStream, ChatStreamCallbacks, ChatStreamSource } from './chat-stream'
import { ChatStream as ChatStreamClass } from './chat-stream'
import { type ClientOptions, resolveClientOptions } from './client-options'
import { GeneratedImage } from './generated-image'
import { checkNumber, closedError, invalidArgument, waitTimeoutError } from './internal/errors'
import { type FollowOptions, type FollowResult, followJob } from './internal/follow-job'
import { CHAT_INPUT_KEYS, IMAGE_INPUT_KEYS, jobInput } from './internal/job-input'
import { type Settled, mapConcurrentSettled } from './internal/map-concurrent'
import { readJobs } from './internal/read-jobs'
import { anySignal, sleep, timer } from './internal/signals'
import type { CreateOutcome, JobOutcome } from './outcomes'

/** A job to create: the seed's `{ workload, input }` (input uses wire keys: `max_tokens`…). */
export interface JobSpec {
  workload: string
  input: Record<string, unknown>
}

/** Options of `chat` and `chatStream`. */
export interface ChatOptions {
  /** A system prompt steering the model. */
  systemPrompt?: string
  /** Upper bound on generated tokens. */
  maxTokens?: number
  /** Sampling temperature, 0–2. */
  temperature?: number
  /** The Cargo to run. Default `'llm-chat'`. */
  workload?: string
  /** Aborting cancels the job on the server (for `chat`, once it exists). */
  signal?: AbortSignal
}

/** Options of `waitForJob` (and of `chat`/`generateImage`, which wait the same way). */
export interface WaitOptions {
  /** ms between polls when the stream cannot be used. Default 1000. */
  pollInterval?: number
  /**
   * ms to wait in total before a `TimeoutError` (the job keeps running). Default 600 000
   * (10 minutes); `Infinity` waits forever.
   */
  timeout?: number
  /** Stops waiting (the job keeps running). */
  signal?: AbortSignal
  /** Follow the job's event stream (default) or only poll (`false`). */
  stream?: boolean
}

/** Options of `generateImage`. */
export interface ImageOptions extends Omit<WaitOptions, 'stream' | 'signal'> {
  /** Aborting cancels the job on the server. */
  signal?: AbortSignal
  negativePrompt?: string
  /** Pixels. Default 1024. */
  width?: number
  /** Pixels. Default 1024. */
  height?: number
  /** Diffusion steps. Default 30. */
  steps?: number
  /** Default 7.5. */
  guidanceScale?: number
  /** Fix it to get the same image again. */
  seed?: number
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

const DEFAULT_WAIT_TIMEOUT = 600_000
const DEFAULT_POLL_INTERVAL = 1000
const BATCH_TERMINAL = new Set(['succeeded', 'failed', 'cancelled'])

// `await using` support where the consumer's TypeScript knows `Symbol.asyncDispose`; the
// static block at the end of the class defines the method.
export interface Client extends AsyncDisposableWhereKnown {}

/**
 * The Archipelag.io client: chat, streaming, images, jobs, batches, account and Cargos —
 * every call of the Python SDK under its camelCase name. Every method takes a last
 * options argument with at least `signal`.
 *
 * @example
 * import { Client } from '@archipelag/client'
 * await using client = new Client() // reads ARCHIPELAG_API_KEY
 * const { content } = await client.chat('What is the capital of France?')
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the static block defines the member
export class Client {
  /** The typed transport underneath, for endpoints without a helper here (hosts, market, models, chat completions). */
  readonly transport: Transport
  readonly #closer = new AbortController()
  /** One close controller per live stream (one listener each, forgotten when the stream ends). */
  readonly #streams = new Set<AbortController>()
  #closed = false

  /** @throws ArchipelagError with a clear message when no key is found or a secret key is used in a browser. */
  constructor(options: ClientOptions = {}) {
    const resolved = resolveClientOptions(options)
    this.transport = createTransport(resolved.transport)
  }

  /** Whether `close()` has been called. */
  get closed(): boolean {
    return this.#closed
  }

  // ---- chat ---------------------------------------------------------------------------

  /**
   * Runs a chat completion and resolves with its result as soon as the job ends (it
   * follows the job's stream, falling back to polling).
   *
   * @example
   * const { content, usage } = await client.chat('Hello!', { maxTokens: 200 })
   */
  async chat(
    prompt: string,
    options: ChatOptions & Omit<WaitOptions, 'signal'> = {},
  ): Promise<ChatResult> {
    const spec = chatSpec(prompt, options)
    const wait = this.#waitOptions(options)
    const job = await this.transport.jobs.create(spec, this.#req({ signal: options.signal }))
    // Only the text and usage are needed: no final read of the job (2 requests per chat).
    const { job: done, finishReason } = await this.#run(
      job,
      { ...wait, fromStream: true },
      options.signal,
    )
    return {
      content: done.output ?? '',
      jobId: done.id,
      usage: done.usage ?? { creditsUsed: 0 },
      finishReason,
    }
  }

  /**
   * Streams a chat completion. Returns at once; the job is created when you start
   * consuming the stream. See {@link ChatStream} for `textStream`, `finalResult()`,
   * `abort()` vs `detach()` and awaiting it.
   *
   * @example
   * for await (const event of client.chatStream('Tell me a story')) {
   *   if (event.type === 'token') process.stdout.write(event.content)
   * }
   */
  chatStream(prompt: string, options: ChatOptions & ChatStreamCallbacks = {}): ChatStream {
    this.#ensureOpen()
    const spec = chatSpec(prompt, options)
    const { transport } = this
    return this.#track(
      {
        owned: true,
        start: () => transport.jobs.create(spec, this.#req({})),
        events: (id, signal, lastEventId) =>
          transport.jobs.stream(
            id,
            lastEventId === undefined ? { signal } : { signal, lastEventId },
          ),
        cancel: (id) => transport.jobs.cancel(id, this.#req({})),
      },
      options,
      options.signal,
    )
  }

  // ---- images -------------------------------------------------------------------------

  /**
   * Generates an image and resolves when it is ready.
   *
   * @example
   * const image = await client.generateImage('a cat wearing sunglasses', { seed: 42 })
   * await writeFile('cat.png', image.bytes())
   */
  async generateImage(prompt: string, options: ImageOptions = {}): Promise<GeneratedImage> {
    const input = jobInput(prompt, options, IMAGE_INPUT_KEYS)
    const workload = options.workload ?? 'sdxl'
    validateJobInput(workload, input)
    const wait = this.#waitOptions(options)
    const onProgress = options.onProgress
    const job = await this.transport.jobs.create({ workload, input }, this.#req(options))
    const { job: done } = await this.#run(job, wait, options.signal, (e) =>
      e.type === 'progress' ? onProgress?.(e.step, e.total) : undefined,
    )
    const image = parseImageOutput(done)
    return new GeneratedImage({
      imageData: image.imageData,
      imageFormat: image.format,
      width: image.width,
      height: image.height,
      seed: image.seed,
      jobId: done.id,
      usage: done.usage,
    })
  }

  // ---- jobs ---------------------------------------------------------------------------

  /**
   * Creates a job. Accepts the seed's keyword form or `(workload, input)`.
   * The input is checked before sending, and the request carries an idempotency key, so a
   * retry never creates a second job.
   *
   * @example
   * const job = await client.createJob({ workload: 'llm-chat', input: { prompt: 'Hello', max_tokens: 100 } })
   * const same = await client.createJob('llm-chat', { prompt: 'Hello' })
   */
  createJob(spec: JobSpec, options?: RequestOptions): Promise<Job>
  createJob(
    workload: string,
    input: Record<string, unknown>,
    options?: RequestOptions,
  ): Promise<Job>
  async createJob(
    specOrWorkload: JobSpec | string,
    inputOrOptions?: Record<string, unknown> | RequestOptions,
    maybeOptions?: RequestOptions,
  ): Promise<Job> {
    const [spec, options]: [JobSpec, RequestOptions | undefined] =
      typeof specOrWorkload === 'string'
        ? [
            { workload: specOrWorkload, input: (inputOrOptions ?? {}) as Record<string, unknown> },
            maybeOptions,
          ]
        : [specOrWorkload, inputOrOptions as RequestOptions | undefined]
    return this.transport.jobs.create(spec, this.#req(options))
  }

  /**
   * Reads a job.
   *
   * @example
   * const { status } = await client.getJob(job.id)
   */
  async getJob(id: string, options?: RequestOptions): Promise<Job> {
    return this.transport.jobs.get(id, this.#req(options))
  }

  /**
   * Lists jobs, newest first, one page.
   *
   * @example
   * const recent = await client.listJobs({ limit: 20 })
   */
  async listJobs(
    params: { limit?: number; offset?: number } = {},
    options?: RequestOptions,
  ): Promise<Job[]> {
    return this.transport.jobs.list(params, this.#req(options))
  }

  /**
   * Every job, newest first, fetching pages as you iterate (a job seen on an earlier page
   * is not repeated if new jobs shift the pages).
   *
   * @example
   * for await (const job of client.iterJobs()) if (job.status === 'failed') console.log(job.id)
   */
  async *iterJobs(options: IterJobsOptions = {}): AsyncGenerator<Job, void, undefined> {
    const pageSize = options.pageSize ?? 100
    checkNumber('pageSize', pageSize, 1, true)
    const seen = new Set<string>()
    for (let offset = 0; ; offset += pageSize) {
      const page = await this.listJobs({ limit: pageSize, offset }, { signal: options.signal })
      for (const job of page) {
        if (seen.has(job.id)) continue
        seen.add(job.id)
        yield job
      }
      if (page.length < pageSize) return
    }
  }

  /**
   * Waits for a job to end and returns it. Follows the job's event stream (so it returns
   * the moment the job ends) and falls back to polling every `pollInterval` ms; the job
   * returned is the server's final record (`completedAt`, `durationMs`…), read once at the
   * end.
   *
   * @throws JobFailedError when the job ends `failed` or `timeout`
   * @throws JobCancelledError when it ends `cancelled`
   * @throws TimeoutError when `timeout` passes first (the job keeps running; `jobId` set)
   * @example
   * const done = await client.waitForJob(job.id, { timeout: 120_000 })
   */
  async waitForJob(job: string | Job, options: WaitOptions = {}): Promise<Job> {
    const wait = this.#waitOptions(options)
    return (await followJob(this.transport, job, wait)).job
  }

  /**
   * Streams the events of an existing job, from the start or after `lastEventId`. Breaking
   * out of the loop or `detach()` only stops listening; `abort()` cancels the job. After a
   * resume, `content` and `finalResult()` hold the text received by this stream only.
   *
   * @example
   * for await (const event of client.streamJob(id, { lastEventId: '12' })) console.log(event)
   */
  streamJob(id: string, options: StreamJobOptions = {}): ChatStream {
    this.#ensureOpen()
    const { transport } = this
    return this.#track(
      {
        owned: false,
        lastEventId: options.lastEventId,
        start: async () => ({ id }),
        events: (jobId, signal, lastEventId) =>
          transport.jobs.stream(
            jobId,
            lastEventId === undefined ? { signal } : { signal, lastEventId },
          ),
        cancel: (jobId) => transport.jobs.cancel(jobId, this.#req({})),
      },
      options,
      options.signal,
    )
  }

  /**
   * Cancels a job (a job that already ended is returned unchanged). Credits of a job that
   * had not started running are refunded.
   *
   * @example
   * await client.cancelJob(job.id)
   */
  async cancelJob(id: string, options?: RequestOptions): Promise<Job> {
    return this.transport.jobs.cancel(id, this.#req(options))
  }

  /**
   * Reads a job's output only.
   *
   * @example
   * const { output } = await client.getJobOutput(job.id)
   */
  async getJobOutput(id: string, options?: RequestOptions): Promise<{ output: string }> {
    return this.transport.jobs.output(id, this.#req(options))
  }

  // ---- client-side fan-out ------------------------------------------------------------

  /**
   * Creates many jobs concurrently (8 in flight by default) and returns them in input
   * order. Every spec is checked before the first request. On a failure no new job is
   * started and the error is thrown once the creations in flight have ended; pass
   * `settled: true` to get one outcome per spec instead.
   *
   * @example
   * const jobs = await client.batch(prompts.map((prompt) => ({ workload: 'llm-chat', input: { prompt } })))
   * const done = await client.waitAll(jobs, { onProgress: (n, total) => bar.update(n / total) })
   */
  batch(
    specs: readonly JobSpec[],
    options: BatchOptions & { settled: true },
  ): Promise<CreateOutcome[]>
  batch(specs: readonly JobSpec[], options?: BatchOptions & { settled?: false }): Promise<Job[]>
  async batch(
    specs: readonly JobSpec[],
    options: BatchOptions = {},
  ): Promise<Job[] | CreateOutcome[]> {
    this.#ensureOpen()
    const concurrency = options.concurrency ?? 8
    checkNumber('concurrency', concurrency, 1, true)
    specs.forEach((spec, i) => {
      checkSpec(spec, `specs[${i}]`)
    })
    const stop = new AbortController()
    const signal = anySignal(options.signal, stop.signal, this.#closer.signal)
    const outcomes = await mapConcurrentSettled(
      specs,
      concurrency,
      async (spec) => {
        try {
          return await this.transport.jobs.create(
            { workload: spec.workload, input: spec.input },
            { signal },
          )
        } catch (error) {
          if (!options.settled) stop.abort(error)
          throw error
        }
      },
      signal,
    )
    if (options.settled) {
      return outcomes.map((o, index) =>
        o.ok
          ? { status: 'fulfilled', job: o.value }
          : { status: 'rejected', error: o.error, index },
      )
    }
    if (stop.signal.aborted) throw stop.signal.reason
    const failure = outcomes.find((o) => !o.ok)
    if (failure && !failure.ok) throw failure.error
    return outcomes.map((o) => (o as { ok: true; value: Job }).value)
  }

  /**
   * Waits for many jobs at once (each followed by its stream, 64 at a time by default) and
   * returns them in input order. Without `settled`, the first failure rejects (the other
   * jobs keep running); with `settled: true` every job gets an outcome.
   *
   * @example
   * const outcomes = await client.waitAll(jobs, { settled: true, timeout: 300_000 })
   */
  waitAll(
    jobs: readonly (Job | string)[],
    options: WaitAllOptions & { settled: true },
  ): Promise<JobOutcome[]>
  waitAll(
    jobs: readonly (Job | string)[],
    options?: WaitAllOptions & { settled?: false },
  ): Promise<Job[]>
  async waitAll(
    jobs: readonly (Job | string)[],
    options: WaitAllOptions = {},
  ): Promise<Job[] | JobOutcome[]> {
    this.#ensureOpen()
    const concurrency = options.concurrency ?? 64
    checkNumber('concurrency', concurrency, 1, true)
    const wait = this.#waitOptions(options)
    const stop = new AbortController()
    const deadline = timer(wait.timeout)
    const signal = anySignal(wait.signal, stop.signal, deadline.signal)
    let done = 0
    const ids = jobs.map((job) => (typeof job === 'string' ? job : job.id))
    const fail = (error: unknown, index: number) => {
      const reason = deadline.signal.aborted
        ? waitTimeoutError(ids[index] as string, wait.timeout)
        : error
      if (!options.settled && !stop.signal.aborted) stop.abort(reason)
      return reason
    }
    try {
      // No pool signal: once stopped, the remaining jobs fail at once with the right reason.
      const outcomes = await mapConcurrentSettled(jobs, concurrency, async (job, index) => {
        try {
          const follow = { ...wait, fromStream: true, timeout: Infinity, signal }
          return await followJob(this.transport, job, follow)
        } catch (error) {
          throw fail(error, index)
        } finally {
          options.onProgress?.(++done, jobs.length)
        }
      })
      if (stop.signal.aborted) throw stop.signal.reason
      // Jobs whose streams said "completed": read their final records, 100 per request.
      const stale = ids.filter((_, i) => {
        const o = outcomes[i] as Settled<FollowResult>
        return o.ok && o.value.stale
      })
      // Not bound by the deadline: these jobs did end in time, and this takes milliseconds.
      const fresh = stale.length
        ? await readJobs(this.transport, stale, concurrency, wait.signal as AbortSignal)
        : new Map<string, Settled<Job>>()
      const results = outcomes.map(
        (o, i): Settled<Job> =>
          o.ok ? (fresh.get(ids[i] as string) ?? { ok: true, value: o.value.job }) : o,
      )
      if (options.settled) {
        return results.map((o, i) =>
          o.ok
            ? { status: 'fulfilled', job: o.value }
            : { status: 'rejected', jobId: ids[i] as string, error: o.error },
        )
      }
      return results.map((o) => {
        if (!o.ok) throw o.error
        return o.value
      })
    } finally {
      deadline.clear()
    }
  }

  // ---- server-side batches --------------------------------------------------------------

  /**
   * Submits a server-side batch: one workload over up to 100 inputs, fanned out across
   * Islands by the API.
   *
   * @example
   * const batch = await client.submitBatch({ workload: 'llm-chat', inputs: [{ prompt: 'a' }, { prompt: 'b' }] })
   */
  async submitBatch(params: BatchParams, options?: RequestOptions): Promise<Batch> {
    return this.transport.batches.submit(params, this.#req(options))
  }

  /**
   * Reads a batch's progress.
   *
   * @example
   * const { parentState, childStates } = await client.getBatchStatus(batch.id)
   */
  async getBatchStatus(id: string, options?: RequestOptions): Promise<BatchStatus> {
    return this.transport.batches.status(id, this.#req(options))
  }

  /**
   * Polls a batch until it ends (`succeeded`, `failed` or `cancelled`) and returns its
   * final status; `onProgress` sees every read.
   *
   * @throws TimeoutError when `timeout` passes first (the batch keeps running)
   * @example
   * const status = await client.waitForBatch(batch.id, { onProgress: (s) => console.log(s.childStates) })
   */
  async waitForBatch(id: string, options: WaitForBatchOptions = {}): Promise<BatchStatus> {
    const wait = this.#waitOptions(options)
    const deadline = timer(wait.timeout)
    const signal = anySignal(wait.signal, deadline.signal)
    try {
      for (;;) {
        const status = await this.transport.batches.status(id, { signal })
        options.onProgress?.(status)
        if (BATCH_TERMINAL.has(status.parentState)) return status
        await sleep(wait.pollInterval, signal)
      }
    } catch (error) {
      if (deadline.signal.aborted) throw waitTimeoutError(id, wait.timeout)
      throw error
    } finally {
      deadline.clear()
    }
  }

  // ---- account and Cargos ---------------------------------------------------------------

  /**
   * The account behind the key (email, credits).
   *
   * @example
   * const { credits } = await client.getAccount()
   */
  async getAccount(options?: RequestOptions): Promise<Account> {
    return this.transport.account.get(this.#req(options))
  }

  /**
   * The account's API keys (metadata only; secrets are never shown again).
   *
   * @example
   * for (const key of await client.listApiKeys()) console.log(`${key.name}: ${key.prefix}...`)
   */
  async listApiKeys(options?: RequestOptions): Promise<ApiKey[]> {
    return this.transport.apiKeys.list(this.#req(options))
  }

  /**
   * Creates an API key. The result is `{ apiKey, key }` and also the seed's pair.
   *
   * @example
   * const [info, secret] = await client.createApiKey({ name: 'dev-key' })
   */
  async createApiKey(
    params: { name: string; scopes?: string[] },
    options?: RequestOptions,
  ): Promise<ApiKeyPair> {
    const created = await this.transport.apiKeys.create(params, this.#req(options))
    return apiKeyPair(created.apiKey, created.key)
  }

  /**
   * Deletes (revokes) an API key.
   *
   * @example
   * await client.deleteApiKey(info.id)
   */
  async deleteApiKey(id: string, options?: RequestOptions): Promise<ApiKey | undefined> {
    return this.transport.apiKeys.delete(id, this.#req(options))
  }

  /**
   * The Cargos (workloads) on offer, with prices.
   *
   * @example
   * for (const w of await client.listWorkloads()) console.log(w.slug, w.pricePerJob)
   */
  async listWorkloads(options?: RequestOptions): Promise<Workload[]> {
    return this.transport.workloads.list(this.#req(options))
  }

  /**
   * One Cargo by slug.
   *
   * @example
   * const llm = await client.getWorkload('llm-chat')
   */
  async getWorkload(slug: string, options?: RequestOptions): Promise<Workload> {
    return this.transport.workloads.get(slug, this.#req(options))
  }

  // ---- lifecycle ----------------------------------------------------------------------

  /**
   * Closes the client: requests and streams in flight are aborted locally (jobs keep
   * running on the server) and any later call throws. Idempotent.
   *
   * @example
   * await client.close()
   */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    const reason = closedError()
    this.#closer.abort(reason)
    for (const closer of this.#streams) closer.abort(reason)
    this.#streams.clear()
  }

  static {
    // `[Symbol.asyncDispose]` is `close`: `await using client = new Client()` closes it at the
    // end of the scope. Set here, not declared as a method, so the published .d.ts never
    // names `Symbol.asyncDispose` (unknown to a browser project without @types/node); its
    // type comes from `AsyncDisposableWhereKnown`.
    // biome-ignore lint/complexity/noThisInStatic: `this` bundles 17 bytes (gzip) smaller than `Client`
    ;(this.prototype as unknown as Record<symbol, unknown>)[asyncDispose] = this.prototype.close
  }

  /** Waits for a job this client just created; an aborted signal cancels it (best effort). */
  async #run(
    job: Job,
    wait: FollowOptions,
    signal: AbortSignal | undefined,
    onEvent?: FollowOptions['onEvent'],
  ) {
    try {
      return await followJob(this.transport, job, { ...wait, onEvent })
    } catch (error) {
      if (signal?.aborted) await this.transport.jobs.cancel(job.id).catch(() => undefined)
      throw error
    }
  }

  #track(
    source: ChatStreamSource,
    callbacks: ChatStreamCallbacks,
    signal: AbortSignal | undefined,
  ): ChatStream {
    const closer = new AbortController()
    this.#streams.add(closer)
    source.onFinal = () => this.#streams.delete(closer)
    return new ChatStreamClass(source, callbacks, signal, closer.signal)
  }

  #ensureOpen(): void {
    if (this.#closed) throw closedError()
  }

  /** Per-call request options with the client's close signal folded in. */
  #req(options: RequestOptions | undefined): RequestOptions {
    this.#ensureOpen()
    return { ...options, signal: anySignal(options?.signal, this.#closer.signal) }
  }

  #waitOptions(options: {
    pollInterval?: number
    timeout?: number
    signal?: AbortSignal
    stream?: boolean
  }): FollowOptions {
    this.#ensureOpen()
    checkNumber('pollInterval', options.pollInterval, 0, false)
    checkNumber('timeout', options.timeout, 0, false)
    return {
      pollInterval: options.pollInterval ?? DEFAULT_POLL_INTERVAL,
      timeout: options.timeout ?? DEFAULT_WAIT_TIMEOUT,
      stream: options.stream ?? true,
      signal: anySignal(options.signal, this.#closer.signal),
    }
  }
}

/** The job spec of a chat call, checked before any I/O. */
function chatSpec(prompt: string, options: ChatOptions): JobSpec {
  const spec = {
    workload: options.workload ?? 'llm-chat',
    input: jobInput(prompt, options, CHAT_INPUT_KEYS),
  }
  validateJobInput(spec.workload, spec.input)
  return spec
}

function checkSpec(spec: JobSpec, field: string): void {
  if (typeof spec !== 'object' || spec === null)
    throw invalidArgument(field, 'must be { workload, input }')
  validateJobInput(spec.workload, spec.input)
}
