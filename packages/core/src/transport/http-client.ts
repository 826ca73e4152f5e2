import type * as z from 'zod/mini'
import type { ArchipelagError } from '../errors/archipelag-error'
import { ConnectionError, TimeoutError } from '../errors/connection-errors'
import { errorFromResponse, parseRetryAfter, snippetOf } from '../errors/error-from-response'
import { InvalidResponseError } from '../errors/invalid-response-error'
import { REDACTED_AUTHORIZATION, redactSecrets } from '../errors/redact'
import { isObject } from '../models/wire'
import { describeIssue, issuePath } from '../validation/check'
import { backoffDelay, sleep } from './backoff'
import type { RequestOptions, ResolvedTransportOptions } from './options'

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

const RETRYABLE_STATUS = new Set([408, 409, 429, 500, 502, 503, 504])
const NO_HEADERS: Record<string, string> = {}

/** `{data: x}` → `x`; anything else unchanged (bare answers are accepted everywhere). */
export function unwrap(json: unknown): unknown {
  return isObject(json) && 'data' in json ? json.data : json
}

/** Why an attempt produced no answer. */
type AttemptFailure = { kind: 'timeout' } | { kind: 'abort' } | { kind: 'network'; cause: unknown }

function causeText(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause)
  const inner = (cause as { cause?: { code?: unknown; message?: unknown } }).cause
  const code = typeof inner?.code === 'string' ? inner.code : undefined
  return code ? `${cause.message} (${code})` : cause.message
}

/**
 * Sends requests: URL and headers, per-attempt timeout, abort, the retry loop,
 * status → error mapping and JSON decoding. Holds the `Authorization` value in a
 * private field, so no enumerable property or hook ever sees the key.
 */
export class HttpClient {
  readonly options: ResolvedTransportOptions
  #headers: Record<string, string>

  constructor(options: ResolvedTransportOptions, authorization: string | undefined) {
    this.options = options
    this.#headers = authorization ? { ...options.headers, authorization } : { ...options.headers }
  }

  /** Sends the request and decodes the JSON answer with `schema` (after unwrapping `data`). */
  async json<S extends z.core.$ZodType>(
    spec: RequestSpec,
    schema: S,
    opts: RequestOptions | undefined,
    envelope: 'data' | 'none' = 'data',
  ): Promise<z.output<S>> {
    const { response, text } = await this.send(spec, opts, false)
    return this.decode(spec, response, text, schema, envelope)
  }

  /** Decodes a 2xx body; any mismatch becomes an {@link InvalidResponseError}. */
  decode<S extends z.core.$ZodType>(
    spec: RequestSpec,
    response: Response,
    text: string,
    schema: S,
    envelope: 'data' | 'none',
  ): z.output<S> {
    const requestId = response.headers.get('x-request-id') ?? undefined
    const where = `${spec.method} ${spec.path.split('?')[0]}`
    let json: unknown
    try {
      json = text === '' ? undefined : JSON.parse(text)
    } catch {
      const body = redactSecrets(text)
      throw new InvalidResponseError(
        `[${response.status}] Expected JSON from ${where}, got: ${snippetOf(body) || '(empty body)'}`,
        {
          status: response.status,
          snippet: snippetOf(body),
          body,
          ...(requestId && { requestId }),
        },
      )
    }
    const value = envelope === 'data' ? unwrap(json) : json
    const result = (schema as unknown as z.ZodMiniType).safeParse(value)
    if (result.success) return result.data as z.output<S>
    const issue = result.error.issues[0]
    const detail = issue
      ? `${issuePath(envelope === 'data' ? 'data' : '', issue)}: ${describeIssue(issue)}`
      : 'unexpected shape'
    // The body may hold a secret (a created key, an echoed header): kept redacted.
    const body = redactSecrets(text)
    throw new InvalidResponseError(
      `[${response.status}] Unexpected answer from ${where}: ${detail}`,
      {
        status: response.status,
        snippet: snippetOf(body),
        body: body === text ? json : JSON.parse(body),
        ...(requestId && { requestId }),
      },
    )
  }

  /**
   * Sends with retries. Returns the 2xx response and its body text, or — when `stream`
   * is true — the 2xx response with its body unread (the caller owns it; `signal`
   * keeps governing it).
   */
  async send(
    spec: RequestSpec,
    opts: RequestOptions | undefined,
    stream: boolean,
  ): Promise<{ response: Response; text: string }> {
    const options = this.options
    const url = options.baseUrl + spec.path
    const idempotencyKey = opts?.idempotencyKey ?? spec.idempotencyKey
    const headers =
      spec.body === undefined && idempotencyKey === undefined && !opts?.headers && !spec.accept
        ? this.#headers
        : {
            ...this.#headers,
            ...(spec.body !== undefined && { 'content-type': 'application/json' }),
            ...(spec.accept && { accept: spec.accept }),
            ...(idempotencyKey !== undefined && { 'idempotency-key': idempotencyKey }),
            ...lowerKeys(opts?.headers ?? NO_HEADERS),
          }
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body)
    const maxRetries = opts?.maxRetries ?? options.maxRetries
    const timeout = opts?.timeout ?? options.timeout
    const signal = opts?.signal
    const mayRetry = spec.method !== 'POST' || idempotencyKey !== undefined

    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw signal.reason
      if (options.onRequest) {
        options.onRequest({ method: spec.method, url, headers: redact(headers), attempt })
      }
      const started = options.onResponse ? performance.now() : 0
      const outcome = await this.#attempt(url, spec.method, headers, body, timeout, signal, stream)
      let error: ArchipelagError
      let retryAfterMs: number | undefined
      if ('failure' in outcome) {
        const failure = outcome.failure
        if (failure.kind === 'abort') throw signal?.reason
        error =
          failure.kind === 'timeout'
            ? new TimeoutError(`Request timed out after ${timeout} ms: ${spec.method} ${spec.path}`)
            : new ConnectionError(
                `Connection failed: ${spec.method} ${spec.path}: ${causeText(failure.cause)}`,
                { cause: failure.cause },
              )
      } else {
        const { response, text } = outcome
        if (options.onResponse) {
          const requestId = response.headers.get('x-request-id') ?? undefined
          options.onResponse({
            method: spec.method,
            url,
            status: response.status,
            attempt,
            durationMs: performance.now() - started,
            ...(requestId !== undefined && { requestId }),
          })
        }
        if (response.ok) {
          if (!stream || isEventStream(response)) return outcome
          // A proxy's HTML page or a JSON answer where events were expected: not retried.
          const body = redactSecrets(text)
          throw new InvalidResponseError(
            `[${response.status}] Expected an event stream from ${spec.method} ${spec.path}, got ${response.headers.get('content-type')}: ${snippetOf(body) || '(empty body)'}`,
            {
              status: response.status,
              snippet: snippetOf(body),
              body,
              ...(response.headers.has('x-request-id') && {
                requestId: response.headers.get('x-request-id') as string,
              }),
            },
          )
        }
        error = errorFromResponse({
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
          text,
        })
        if (!RETRYABLE_STATUS.has(response.status) || error.code === 'idempotency_conflict') {
          throw error
        }
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'))
        if (retryAfter !== undefined) retryAfterMs = retryAfter * 1000
      }
      if (!mayRetry || attempt >= maxRetries) throw error
      if (retryAfterMs !== undefined && retryAfterMs > options.retryDelay.maxRetryAfterMs)
        throw error
      const delayMs =
        retryAfterMs ??
        backoffDelay(attempt, options.retryDelay.initialMs, options.retryDelay.maxMs)
      options.onRetry?.({ method: spec.method, url, attempt: attempt + 1, delayMs, error })
      await sleep(delayMs, signal)
    }
  }

  async #attempt(
    url: string,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    timeout: number,
    signal: AbortSignal | undefined,
    stream: boolean,
  ): Promise<{ response: Response; text: string } | { failure: AttemptFailure }> {
    const controller = new AbortController()
    let timedOut = false
    const timer =
      timeout > 0 && timeout < 2_147_483_647
        ? setTimeout(() => {
            timedOut = true
            controller.abort()
          }, timeout)
        : undefined
    const onAbort = () => controller.abort(signal?.reason)
    signal?.addEventListener('abort', onAbort, { once: true })
    let keepLink = false
    try {
      const response = await this.options.fetch(url, {
        method,
        headers,
        body,
        signal: controller.signal,
      })
      if (stream && response.ok && isEventStream(response)) {
        keepLink = true
        return { response, text: '' }
      }
      return { response, text: await response.text() }
    } catch (cause) {
      if (signal?.aborted) return { failure: { kind: 'abort' } }
      if (timedOut) return { failure: { kind: 'timeout' } }
      return { failure: { kind: 'network', cause } }
    } finally {
      if (timer !== undefined) clearTimeout(timer)
      // A returned stream stays linked to the caller's signal so aborting it closes the body.
      if (!keepLink) signal?.removeEventListener('abort', onAbort)
    }
  }
}

/** True unless the answer says it is something other than `text/event-stream`. */
function isEventStream(response: Response): boolean {
  const type = response.headers.get('content-type')
  return type === null || type.includes('text/event-stream')
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value
  return out
}

function redact(headers: Record<string, string>): Record<string, string> {
  const copy = { ...headers }
  if (copy.authorization !== undefined) copy.authorization = REDACTED_AUTHORIZATION
  return copy
}
