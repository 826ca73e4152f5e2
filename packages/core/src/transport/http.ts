import ky, { type Options as KyOptions } from 'ky'
import type * as z from 'zod/mini'
import type { ArchipelagError } from '../errors/archipelag-error'
import { InvalidResponseError } from '../errors/invalid-response-error'
import { REDACTED_AUTHORIZATION, type Redact } from '../errors/redact'
import { MAX_TIMER_MS, ownSignal, sleep } from '../runtime/signals'
import { decodeAnswer, notAStream } from './decode-answer'
import { type FailedCall, mapError } from './map-error'
import type { RequestOptions, ResolvedTransportOptions } from './options'
import { readText } from './read-body'
import { nonNegative } from './resolve-options'
import { isRetryable, retryDelay } from './retry-policy'

/** One endpoint call, as the resource functions describe it. */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'DELETE'
  /** Path under `/api/v1`, already encoded, with its query string. */
  path: string
  /** JSON body. */
  body?: unknown
  /** Makes a POST retryable; sent as `Idempotency-Key`. */
  idempotencyKey?: string
  /** `Accept` header when not JSON. */
  accept?: string
}

/** A call in flight: what the attempts share. */
interface Call extends FailedCall {
  /** The answer may be an event stream, handed over unread. */
  stream: boolean
  /** Retries made so far. */
  retries: number
  /** The caller's signal, followed by each attempt (a stream's goes to ky instead). */
  signal: AbortSignal | undefined
  /** The error of the last failed attempt and what ky threw for it (mapped once). */
  failure?: { thrown: unknown; error: ArchipelagError }
}

/** What ky may retry (then `#shouldRetry` decides). */
const RETRY_METHODS = ['get', 'post', 'delete']

/**
 * The HTTP layer: ky, with what every call shares built once from the resolved options.
 * ky runs the attempts — the per-attempt timeout, re-sending the same request (same
 * `Idempotency-Key`) — and its `fetch` and `retry.shouldRetry` bring what ky cannot know:
 * the answer is read inside the attempt (so the timeout and `maxResponseBytes` cover the
 * body), the caller's signal is followed by each attempt, the retry policy shared with
 * stream reconnects (the 409 and POST rules, `Retry-After` with its cap, backoff with
 * jitter, reported to `onRetry` before the abortable wait), key redaction and the status →
 * typed error table. The `Authorization` value lives only in a private field and ky's
 * requests: no enumerable property, hook argument or error ever holds it.
 */
export class Http {
  readonly options: ResolvedTransportOptions
  /** Removes the transport's key (in every encoding) and key-shaped text. */
  readonly redact: Redact
  /**
   * The headers of every call (with `Authorization`), built once. Each call gives ky all
   * its options in one object (no instance defaults to merge first).
   */
  readonly #headers: Record<string, string>

  constructor(
    options: ResolvedTransportOptions,
    authorization: string | undefined,
    redact: Redact,
  ) {
    this.options = options
    this.redact = redact
    this.#headers = authorization ? { ...options.headers, authorization } : options.headers
  }

  /** Sends the request and decodes the JSON answer with `schema` (after unwrapping `data`). */
  async json<S extends z.core.$ZodType>(
    spec: RequestSpec,
    schema: S,
    opts: RequestOptions | undefined,
    envelope: 'data' | 'none' = 'data',
  ): Promise<z.output<S>> {
    const { response, text } = await this.send(spec, opts, false)
    return decodeAnswer(spec, response, text, schema, envelope, this.redact)
  }

  /** `GET path`, decoded with `schema`. */
  get<S extends z.core.$ZodType>(
    path: string,
    schema: S,
    opts: RequestOptions | undefined,
  ): Promise<z.output<S>> {
    return this.json({ method: 'GET', path }, schema, opts)
  }

  /**
   * Sends with retries. Returns the 2xx response and its body text, or — when `stream`
   * is true — the 2xx event-stream response with its body unread (the caller owns it;
   * `signal` keeps governing it).
   */
  async send(
    spec: RequestSpec,
    opts: RequestOptions | undefined,
    stream: boolean,
  ): Promise<{ response: Response; text: string }> {
    const timeout = nonNegative('timeout', opts?.timeout, this.options.timeout)
    const maxRetries = nonNegative('maxRetries', opts?.maxRetries, this.options.maxRetries)
    const idempotencyKey = opts?.idempotencyKey ?? spec.idempotencyKey
    const signal = opts?.signal
    const call: Call = {
      method: spec.method,
      path: spec.path,
      url: this.options.baseUrl + spec.path,
      timeout,
      text: '',
      redact: this.redact,
      stream,
      retries: 0,
      signal: stream ? undefined : signal,
    }
    let response: Response
    try {
      // ky's `statusCodes` and `retryOnTimeout` are never read: `shouldRetry` always answers.
      const options: KyOptions = {
        method: spec.method,
        timeout: timeout && timeout < MAX_TIMER_MS ? timeout : false, // longer (or 0): no limit
        fetch: (request) => this.#attempt(request as Request, call),
        retry: {
          limit: maxRetries,
          // A POST without an `Idempotency-Key` is never sent twice.
          methods: spec.method !== 'POST' || idempotencyKey !== undefined ? RETRY_METHODS : [],
          delay: () => 0, // `#shouldRetry` has waited
          shouldRetry: ({ error }) => this.#shouldRetry(error, call, signal),
        },
      }
      const headers: Record<string, string> = { ...this.#headers }
      if (spec.accept) headers.accept = spec.accept
      if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey
      if (spec.body !== undefined) {
        headers['content-type'] = 'application/json'
        options.body = JSON.stringify(spec.body)
      }
      for (const [name, value] of Object.entries(opts?.headers ?? {})) {
        headers[name.toLowerCase()] = value
      }
      options.headers = headers
      // A stream's body outlives this call, so its signal goes to ky; see `#attempt` for the rest.
      if (signal && stream) options.signal = signal
      response = await ky(call.url, options)
    } catch (error) {
      if (signal?.aborted) throw signal.reason
      const known = call.failure
      throw known && known.thrown === error ? known.error : mapError(error, call)
    }
    if (stream && !isEventStream(response)) throw notAStream(response, call)
    return { response, text: call.text }
  }

  /**
   * One attempt: fetch (never as a method: browsers insist), then read the answer. The
   * caller's signal is not given to ky, which would join it to each request with
   * `AbortSignal.any`: the attempt follows it and ky's own signal (the timeout) with a signal
   * of its own (`ownSignal`: one listener per source), only while the attempt runs.
   */
  async #attempt(request: Request, call: Call): Promise<Response> {
    const { fetch, onRequest, onResponse, maxResponseBytes } = this.options
    if (onRequest) {
      const headers = Object.fromEntries(request.headers)
      if (headers.authorization) headers.authorization = REDACTED_AUTHORIZATION
      notify(onRequest, {
        method: request.method,
        url: request.url,
        headers,
        attempt: call.retries,
      })
    }
    const started = onResponse ? performance.now() : 0
    const own = call.signal && ownSignal(call.signal, request.signal)
    try {
      const response = await fetch(request, own ? { signal: own.signal } : undefined)
      if (!isResponse(response)) throw notAResponse(response, call)
      if (!(call.stream && response.ok && isEventStream(response))) {
        call.text = await readText(response, maxResponseBytes, `${call.method} ${call.path}`)
      }
      if (onResponse) {
        const requestId = response.headers.get('x-request-id')
        notify(onResponse, {
          method: call.method,
          url: request.url,
          status: response.status,
          attempt: call.retries,
          durationMs: performance.now() - started,
          ...(requestId !== null && { requestId }),
        })
      }
      return response
    } finally {
      own?.release()
    }
  }

  /**
   * ky asks before each retry: the policy decides, and the wait (reported to `onRetry`
   * first) is made here, abortable by the caller's signal, which ky does not hold.
   */
  async #shouldRetry(thrown: Error, call: Call, signal: AbortSignal | undefined): Promise<boolean> {
    if (signal?.aborted) return false
    const error = mapError(thrown, call)
    call.failure = { thrown, error }
    if (!isRetryable(error)) return false
    const delay = retryDelay(error, call.retries, this.options.retryDelay)
    if (delay === undefined) return false
    call.retries++
    notify(this.options.onRetry, {
      method: call.method,
      url: call.url,
      attempt: call.retries,
      delayMs: delay,
      error,
    })
    await sleep(delay, signal)
    return true
  }
}

/**
 * Runs a logging hook with `info`. A hook that throws is ignored: logging never changes
 * what a call does (no "Connection failed" for an answer that came, no request re-sent).
 */
export function notify<T>(hook: ((info: T) => void) | undefined, info: T): void {
  if (!hook) return
  try {
    hook(info)
  } catch {
    // The hook's own failure; the call goes on as if it had returned.
  }
}

/** Enough of a `Response` to read (any fetch's own class, not only the global one). */
function isResponse(value: unknown): value is Response {
  const r = value as Partial<Response> | null
  return typeof r?.status === 'number' && typeof r.headers?.get === 'function'
}

/** A custom `fetch` broke its contract: said once, never retried as a network failure. */
function notAResponse(value: unknown, call: Call): InvalidResponseError {
  const got = value === null ? 'null' : typeof value
  return new InvalidResponseError(
    `The fetch function gave ${got}, not a Response, for ${call.method} ${call.path}`,
    { snippet: '' },
  )
}

/** True unless the answer says it is something other than `text/event-stream`. */
function isEventStream(response: Response): boolean {
  const type = response.headers.get('content-type')
  return type === null || type.includes('text/event-stream')
}
