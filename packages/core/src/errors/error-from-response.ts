import {
  APIError,
  AuthenticationError,
  ConflictError,
  InsufficientCreditsError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
} from './api-errors'
import { isObject } from '../models/wire'
import type { ArchipelagError } from './archipelag-error'
import { type Redact, redactSecrets } from './redact'
import { ValidationError } from './validation-error'

/** Longest body excerpt kept in messages and `snippet`s. */
export const SNIPPET_LENGTH = 200

/** The start of a body, on one line, for messages. */
export function snippetOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > SNIPPET_LENGTH ? `${flat.slice(0, SNIPPET_LENGTH)}…` : flat
}

type ErrorClass = new (message: string, init: ConstructorParameters<typeof APIError>[1]) => APIError

/**
 * The status → error class table, with the message used when the body has none (5xx is
 * `ServerError`, any other status an `APIError`). 402 `required`/`available`, 422 `errors`
 * and 429 `retryAfter` are read just below, where the table is used.
 */
const STATUS_TABLE: Record<number, [ErrorClass, string?]> = {
  401: [AuthenticationError, 'Invalid or missing API key'],
  402: [InsufficientCreditsError, 'Insufficient credits'],
  403: [PermissionDeniedError],
  404: [NotFoundError, 'Not found'],
  409: [ConflictError],
  429: [RateLimitError, 'Rate limited'],
}

/** What the error-body parser could find in any of the accepted error shapes. */
interface ErrorDetails {
  message?: string | undefined
  code?: string | undefined
  errors?: Record<string, string[]> | undefined
  required?: number | undefined
  available?: number | undefined
}

const asString = (value: unknown) => (typeof value === 'string' ? value : undefined)

function readErrors(value: unknown): Record<string, string[]> | undefined {
  if (!isObject(value)) return undefined
  const out: Record<string, string[]> = {}
  for (const [field, messages] of Object.entries(value)) {
    if (Array.isArray(messages)) out[field] = messages.map(String)
    else if (typeof messages === 'string') out[field] = [messages]
  }
  return out
}

function readNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined
}

/**
 * Reads `{"error": {"message", "code"}}`, `{"error": "…"}` and `{"message": "…"}`
 * bodies, plus 422 `errors` and 402 `required`/`available` (top level or nested).
 */
export function readErrorDetails(body: unknown): ErrorDetails {
  const root = isObject(body) ? body : {}
  const nested = isObject(root.error) ? root.error : {}
  return {
    message: asString(root.error) ?? asString(nested.message) ?? asString(root.message),
    code: asString(nested.code ?? root.code),
    errors: readErrors(root.errors ?? nested.errors),
    required: readNumber(root.required ?? nested.required),
    available: readNumber(root.available ?? nested.available),
  }
}

/** Parses `Retry-After` (seconds or an HTTP date) into seconds, or undefined. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, seconds)
  // An HTTP date has whole seconds: rounded up, so `retryAfter` reads like the seconds form.
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000))
}

/** Everything {@link errorFromResponse} needs from an HTTP answer. */
export interface ErrorResponse {
  status: number
  statusText?: string
  headers: Headers
  /** The raw body text. */
  text: string
}

/**
 * Builds the typed error for a non-2xx answer. Never throws; a non-JSON body
 * (an HTML 502 page from a proxy) still gives the status's class, with a snippet.
 */
export function errorFromResponse(
  response: ErrorResponse,
  redact: Redact = redactSecrets,
): ArchipelagError {
  const { status, headers } = response
  // A debugging proxy may echo the request headers: no key reaches `body` either.
  const text = redact(response.text)
  let body: unknown = text || undefined
  try {
    body = JSON.parse(text)
  } catch {
    // Not JSON (an HTML error page, a plain-text proxy answer): keep the text.
  }
  const { message: said, code, errors = {}, required, available } = readErrorDetails(body)
  const [ErrorClass = status >= 500 ? ServerError : APIError, fallback] = STATUS_TABLE[status] ?? []
  let message = (
    said ??
    (typeof body === 'string' ? snippetOf(body) : undefined) ??
    fallback ??
    (status >= 500 ? 'Server error' : response.statusText || 'Request failed')
  ).replace(/\.$/, '')
  const init = { status, body, requestId: headers.get('x-request-id') ?? undefined, code }
  const first = Object.entries(errors)[0]
  // Named once: a server message that already says it is not repeated.
  if ((status === 422 || status === 400) && first && !first[1].every((m) => message.includes(m))) {
    message += `: ${first[0]}: ${first[1].join('; ')}`
  }
  if (status === 422) return new ValidationError(`[422] ${message}`, { ...init, errors })
  const retryAfter = parseRetryAfter(headers.get('retry-after'))
  // The numbers are what matters; a server message repeating them is replaced.
  if (status === 402 && required !== undefined && available !== undefined) {
    message = `Insufficient credits: need ${required}, have ${available}`
  }
  if (status === 429 && retryAfter !== undefined) message += ` (retry after ${retryAfter}s)`
  return new ErrorClass(`[${status}] ${message}`, {
    ...init,
    retryAfter,
    ...(status === 402 && { required, available }),
  })
}
