import ky, { type KyInstance, type Options as KyOptions } from 'ky'
import type * as z from 'zod/mini'
import type { ArchipelagError } from '../errors/archipelag-error'
import { snippetOf } from '../errors/error-from-response'
import { InvalidResponseError } from '../errors/invalid-response-error'
import { REDACTED_AUTHORIZATION, type Redact } from '../errors/redact'
import { decodeAnswer } from './decode-answer'
import { type FailedCall, mapError } from './map-error'
import type { RequestOptions, ResolvedTransportOptions } from './options'
import { readText } from './read-body'
import { nonNegative } from './resolve-options'
import { isRetryable, RETRYABLE_STATUSES, retryDelay } from './retry-policy'

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
  /** A POST without an `Idempotency-Key` is never sent twice. */
  retryable: boolean
  /** Retries made so far. */
  retries: number
  /** The wait before the next retry, chosen by the retry policy. */
  delay: number
  /** The error of the last failed attempt and what ky threw for it (mapped once). */
  failure?: { thrown: unknown; error: ArchipelagError }
}

/** ky's longest timer; anything longer (or 0) means no limit. */
const MAX_TIMEOUT = 2_147_483_647

/**
 * The HTTP layer: one ky instance per transport, built once from the resolved options.
 * ky runs the attempts — the per-attempt timeout, the abortable wait between attempts,
 * re-sending the same request (same `Idempotency-Key`) — and its `fetch`, `retry.delay`,
 * `retry.shouldRetry` and `beforeRequest` hooks bring what ky cannot know: the answer is
 * read inside the attempt (so the timeout and `maxResponseBytes` cover the body), the
 * retry policy shared with stream reconnects (the 409 and POST rules, `Retry-After` with
 * its cap, backoff with jitter, reported to `onRetry` before the wait), key redaction and
 * the status → typed error table. The `Authorization` value lives only inside the ky
 * instance: no enumerable property, hook argument or error ever holds it.
 */
export class Http {
  readonly options: ResolvedTransportOptions
  /** Removes the transport's key (in every encoding) and key-shaped text. */
  readonly redact: Redact
  readonly #ky: KyInstance

  constructor(
    options: ResolvedTransportOptions,
    authorization: string | undefined,
    redact: Redact,
  ) {
    this.options = options
    this.redact = redact
    const onRequest = options.onRequest
    this.#ky = ky.create({
      headers: authorization ? { ...options.headers, authorization } : options.headers,
      retry: {
        methods: ['get', 'post', 'delete'],
        statusCodes: [...RETRYABLE_STATUSES],
        retryOnTimeout: true,
      },
      hooks: onRequest
        ? {
            beforeRequest: [
              (request, _options, { retryCount }) => {
                notify(onRequest, {
                  method: request.method,
                  url: request.url,
                  headers: redactedHeaders(request.headers),
                  attempt: retryCount,
                })
              },
            ],
          }
        : {},
    })
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
    const call: Call = {
      method: spec.method,
      path: spec.path,
      url: this.options.baseUrl + spec.path,
      timeout,
      text: '',
      redact: this.redact,
      stream,
      retryable: spec.method !== 'POST' || idempotencyKey !== undefined,
      retries: 0,
      delay: 0,
    }
    const signal = opts?.signal
    let response: Response
    try {
      const options: KyOptions = {
        method: spec.method,
        timeout: timeout > 0 && timeout < MAX_TIMEOUT ? timeout : false,
        fetch: (request) => this.#attempt(request as Request, call),
        retry: {
          limit: maxRetries,
          delay: () => call.delay,
          shouldRetry: ({ error }) => this.#shouldRetry(error, call, signal),
        },
      }
      // Only keys with a value: ky's merge treats `headers: undefined` as "no headers".
      const headers = requestHeaders(spec, idempotencyKey, opts?.headers)
      if (headers) options.headers = headers
      if (spec.body !== undefined) options.body = JSON.stringify(spec.body)
      if (signal) options.signal = signal
      response = await this.#ky(call.url, options)
    } catch (error) {
      if (signal?.aborted) throw signal.reason
      const known = call.failure
      throw known && known.thrown === error ? known.error : mapError(error, call)
    }
    if (stream && !isEventStream(response)) throw this.#notAStream(response, call)
    return { response, text: call.text }
  }

  /** One attempt: fetch (never as a method: browsers insist), then read the answer. */
  async #attempt(request: Request, call: Call): Promise<Response> {
    const { fetch, onResponse } = this.options
    const started = onResponse ? performance.now() : 0
    const response = await fetch(request)
    if (!isResponse(response)) throw notAResponse(response, call)
    if (!(call.stream && response.ok && isEventStream(response))) {
      call.text = await readText(
        response,
        this.options.maxResponseBytes,
        `${call.method} ${call.path}`,
      )
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
  }

  /** ky asks before each retry: the policy decides, and chooses the wait. */
  #shouldRetry(thrown: Error, call: Call, signal: AbortSignal | undefined): boolean {
    if (signal?.aborted || !call.retryable) return false
    const error = mapError(thrown, call)
    call.failure = { thrown, error }
    if (!isRetryable(error)) return false
    const delay = retryDelay(error, call.retries, this.options.retryDelay)
    if (delay === undefined) return false
    call.delay = delay
    call.retries++
    notify(this.options.onRetry, {
      method: call.method,
      url: call.url,
      attempt: call.retries,
      delayMs: delay,
      error,
    })
    return true
  }

  /** A 2xx answer that is not an event stream where one was expected (a proxy's page). */
  #notAStream(response: Response, call: Call): InvalidResponseError {
    const body = this.redact(call.text)
    const requestId = response.headers.get('x-request-id')
    return new InvalidResponseError(
      `[${response.status}] Expected an event stream from ${call.method} ${call.path}, got ${response.headers.get('content-type')}: ${snippetOf(body) || '(empty body)'}`,
      {
        status: response.status,
        snippet: snippetOf(body),
        body,
        ...(requestId !== null && { requestId }),
      },
    )
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

/** Per-call headers, or undefined when the instance's defaults are all there is. */
function requestHeaders(
  spec: RequestSpec,
  idempotencyKey: string | undefined,
  extra: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (spec.body === undefined && idempotencyKey === undefined && !extra && !spec.accept) {
    return undefined
  }
  const headers: Record<string, string> = {}
  if (spec.body !== undefined) headers['content-type'] = 'application/json'
  if (spec.accept) headers.accept = spec.accept
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey
  if (extra) for (const [name, value] of Object.entries(extra)) headers[name.toLowerCase()] = value
  return headers
}

function redactedHeaders(headers: Headers): Record<string, string> {
  const out = Object.fromEntries(headers)
  if (out.authorization !== undefined) out.authorization = REDACTED_AUTHORIZATION
  return out
}
