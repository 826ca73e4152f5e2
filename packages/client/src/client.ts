import {
  type Account,
  type ApiKey,
  type Batch,
  type BatchParams,
  type BatchStatus,
  type ChatResult,
  createTransport,
  type Job,
  type JobSpec,
  type RequestOptions,
  type Transport,
  type Workload,
} from '@archipelag/core'
import { type ApiKeyPair, apiKeyPair } from './api-key-pair'
import { chat, chatStream } from './chat'
import type { ChatStream } from './chat-stream'
import type { ChatStreamCallbacks } from './chat-stream-types'
import { type ClientOptions, resolveClientOptions } from './client-options'
import { batch, waitAll } from './fan-out'
import { waitForBatch } from './batches'
import { followJob, resolveWait } from './follow-job'
import type { GeneratedImage } from './generated-image'
import { generateImage } from './images'
import { asyncDispose, ClientContext } from './internal/context'
import { createJobArgs, iterJobs, streamJob } from './jobs'
import type * as O from './options'
import type { CreateOutcome, JobOutcome } from './outcomes'

/**
 * The Archipelag.io client: chat, streaming, images, jobs, batches, account and Cargos —
 * every call of the Python SDK under its camelCase name. Every method takes a last
 * options argument with at least `signal`.
 *
 * @example
 * import { Client } from '@archipelag/client'
 * const client = new Client() // reads ARCHIPELAG_API_KEY
 * const { content } = await client.chat('What is the capital of France?')
 * await client.close()
 */
export class Client {
  /** The typed transport underneath: hosts, market, models, chat completions and more. */
  readonly transport: Transport
  readonly #ctx: ClientContext
  /** @throws ArchipelagError with a clear message when no key is found or a secret key is used in a browser. */
  constructor(options: ClientOptions = {}) {
    this.transport = createTransport(resolveClientOptions(options))
    this.#ctx = new ClientContext(this.transport)
  }

  /** Whether `close()` has been called. */
  get closed(): boolean {
    return this.#ctx.closed.aborted
  }

  /**
   * Runs a chat completion and resolves with its result as soon as the job ends (from its
   * stream; by polling if that breaks). `timeout` bounds the whole call, creation included.
   *
   * @example
   * const { content, usage } = await client.chat('Hello!', { maxTokens: 200 })
   */
  chat(
    prompt: string,
    options: O.ChatOptions & Omit<O.WaitOptions, 'signal'> = {},
  ): Promise<ChatResult> {
    return chat(this.#ctx, prompt, options)
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
  chatStream(prompt: string, options: O.ChatOptions & ChatStreamCallbacks = {}): ChatStream {
    return chatStream(this.#ctx, prompt, options)
  }

  /**
   * Generates an image and resolves when it is ready (`onProgress` sees each step).
   * @example const image = await client.generateImage('a cat in sunglasses', { seed: 42 })
   */
  generateImage(prompt: string, options: O.ImageOptions = {}): Promise<GeneratedImage> {
    return generateImage(this.#ctx, prompt, options)
  }

  /**
   * Creates a job. Accepts the seed's keyword form or `(workload, input)`. The input is
   * checked before sending, and the request carries an idempotency key, so a retry never
   * creates a second job.
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
    const [spec, options] = createJobArgs(specOrWorkload, inputOrOptions, maybeOptions)
    return this.#ctx.call(options, (o) => this.transport.jobs.create(spec, o))
  }

  /** Reads a job. @example const { status } = await client.getJob(job.id) */
  async getJob(id: string, options?: RequestOptions): Promise<Job> {
    return this.#ctx.call(options, (o) => this.transport.jobs.get(id, o))
  }

  /** Lists jobs, newest first, one page. @example const recent = await client.listJobs({ limit: 20 }) */
  async listJobs(
    params: { limit?: number; offset?: number } = {},
    options?: RequestOptions,
  ): Promise<Job[]> {
    return this.#ctx.call(options, (o) => this.transport.jobs.list(params, o))
  }

  /**
   * Every job, newest first, fetching pages as you iterate (never one twice).
   * @example for await (const job of client.iterJobs()) if (job.status === 'failed') console.log(job.id)
   */
  iterJobs(options: O.IterJobsOptions = {}): AsyncGenerator<Job, void, undefined> {
    return iterJobs(this.#ctx, options)
  }

  /**
   * Waits for a job to end and returns the server's final record. Follows the job's event
   * stream (so it returns the moment the job ends) and falls back to polling every
   * `pollInterval` ms.
   *
   * @throws JobFailedError (`failed`, `timeout`), JobCancelledError, or TimeoutError when
   * `timeout` passes first (the job keeps running)
   * @example
   * const done = await client.waitForJob(job.id, { timeout: 120_000 })
   */
  async waitForJob(job: string | Job, options: O.WaitOptions = {}): Promise<Job> {
    return (await followJob(this.transport, job, resolveWait(this.#ctx, options))) as Job
  }

  /**
   * Streams the events of an existing job, from the start or after `lastEventId`. Breaking
   * out of the loop or `detach()` only stops listening; `abort()` cancels the job. After a
   * resume, `content` and `finalResult()` hold the text received by this stream only.
   * @example for await (const event of client.streamJob(id, { lastEventId: '12' })) log(event)
   */
  streamJob(id: string, options: O.StreamJobOptions = {}): ChatStream {
    return streamJob(this.#ctx, id, options)
  }

  /**
   * Cancels a job (one that already ended is returned unchanged); a job that had not
   * started running is refunded. @example await client.cancelJob(job.id)
   */
  async cancelJob(id: string, options?: RequestOptions): Promise<Job> {
    return this.#ctx.call(options, (o) => this.transport.jobs.cancel(id, o))
  }

  /** Reads a job's output only. @example const { output } = await client.getJobOutput(job.id) */
  async getJobOutput(id: string, options?: RequestOptions): Promise<{ output: string }> {
    return this.#ctx.call(options, (o) => this.transport.jobs.output(id, o))
  }

  /**
   * Creates many jobs concurrently (8 in flight by default) and returns them in input
   * order. Every spec is checked before the first request. All or nothing: on a failure no
   * new job is started, and once the creations in flight have ended the jobs made are
   * cancelled and the error is thrown; pass `settled: true` to get one outcome per spec
   * (and keep the jobs that were made) instead.
   *
   * @example
   * const jobs = await client.batch(prompts.map((prompt) => ({ workload: 'llm-chat', input: { prompt } })))
   * const done = await client.waitAll(jobs, { onProgress: (n, total) => bar.update(n / total) })
   */
  batch(
    specs: readonly JobSpec[],
    options: O.BatchOptions & { settled: true },
  ): Promise<CreateOutcome[]>
  batch(specs: readonly JobSpec[], options?: O.BatchOptions & { settled?: false }): Promise<Job[]>
  async batch(
    specs: readonly JobSpec[],
    options: O.BatchOptions = {},
  ): Promise<Job[] | CreateOutcome[]> {
    return batch(this.#ctx, specs, options)
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
    options: O.WaitAllOptions & { settled: true },
  ): Promise<JobOutcome[]>
  waitAll(
    jobs: readonly (Job | string)[],
    options?: O.WaitAllOptions & { settled?: false },
  ): Promise<Job[]>
  async waitAll(
    jobs: readonly (Job | string)[],
    options: O.WaitAllOptions = {},
  ): Promise<Job[] | JobOutcome[]> {
    return waitAll(this.#ctx, jobs, options)
  }

  /**
   * Submits a server-side batch: one workload over up to 100 inputs, fanned out by the API.
   * @example const batch = await client.submitBatch({ workload: 'sdxl', inputs: [{ prompt: 'a' }] })
   */
  async submitBatch(params: BatchParams, options?: RequestOptions): Promise<Batch> {
    return this.#ctx.call(options, (o) => this.transport.batches.submit(params, o))
  }

  /** Reads a batch's progress. @example const { childStates } = await client.getBatchStatus(batch.id) */
  async getBatchStatus(id: string, options?: RequestOptions): Promise<BatchStatus> {
    return this.#ctx.call(options, (o) => this.transport.batches.status(id, o))
  }

  /**
   * Polls a batch until it ends (`succeeded`, `failed` or `cancelled`) and returns its
   * final status; `onProgress` sees every read.
   *
   * @throws TimeoutError when `timeout` passes first (the batch keeps running)
   * @example
   * const status = await client.waitForBatch(batch.id, { onProgress: (s) => console.log(s.childStates) })
   */
  async waitForBatch(id: string, options: O.WaitForBatchOptions = {}): Promise<BatchStatus> {
    return waitForBatch(this.#ctx, id, options)
  }

  /** The account behind the key (email, credits). @example const { credits } = await client.getAccount() */
  async getAccount(options?: RequestOptions): Promise<Account> {
    return this.#ctx.call(options, (o) => this.transport.account.get(o))
  }

  /**
   * The account's API keys (metadata only; secrets are never shown again).
   * @example for (const key of await client.listApiKeys()) console.log(key.name, key.prefix)
   */
  async listApiKeys(options?: RequestOptions): Promise<ApiKey[]> {
    return this.#ctx.call(options, (o) => this.transport.apiKeys.list(o))
  }

  /**
   * Creates an API key. The result is `{ apiKey, key }` and also the seed's pair.
   * @example const [info, secret] = await client.createApiKey({ name: 'dev-key' })
   */
  async createApiKey(
    params: { name: string; scopes?: string[] },
    options?: RequestOptions,
  ): Promise<ApiKeyPair> {
    const created = await this.#ctx.call(options, (o) => this.transport.apiKeys.create(params, o))
    return apiKeyPair(created.apiKey, created.key)
  }

  /** Deletes (revokes) an API key. @example await client.deleteApiKey(info.id) */
  async deleteApiKey(id: string, options?: RequestOptions): Promise<ApiKey | undefined> {
    return this.#ctx.call(options, (o) => this.transport.apiKeys.delete(id, o))
  }

  /**
   * The Cargos (workloads) on offer, with prices.
   * @example for (const w of await client.listWorkloads()) console.log(w.slug, w.pricePerJob)
   */
  async listWorkloads(options?: RequestOptions): Promise<Workload[]> {
    return this.#ctx.call(options, (o) => this.transport.workloads.list(o))
  }

  /** One Cargo (workload) by slug. @example const llm = await client.getWorkload('llm-chat') */
  async getWorkload(slug: string, options?: RequestOptions): Promise<Workload> {
    return this.#ctx.call(options, (o) => this.transport.workloads.get(slug, o))
  }

  /**
   * Closes the client: requests and streams in flight are aborted locally (jobs keep
   * running on the server) and any later call throws. Idempotent. @example await client.close()
   */
  async close(): Promise<void> {
    this.#ctx.close()
  }

  /** `await using client = new Client()` closes it at the end of the scope. */
  [asyncDispose](): Promise<void> {
    return this.close()
  }
}
