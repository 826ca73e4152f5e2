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
 * The status → error class table for answers that carry nothing more than a message. The
 * three with fields of their own (402 `required`/`available`, 422 `errors`, 429
 * `retryAfter`) are built just above where it is used; 5xx is `ServerError`; any other
 * status is an `APIError`.
 */
const STATUS_TABLE: Record<number, ErrorClass> = {
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
}

const DEFAULT_MESSAGES: Record<number, string> = {
  401: 'Invalid or missing API key',
  402: 'Insufficient credits',
  404: 'Not found',
  429: 'Rate limited',
}

/** What the error-body parser could find in any of the accepted error shapes. */
interface ErrorDetails {
  message?: string
  code?: string
  errors?: Record<string, string[]>
  required?: number
  available?: number
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

function readErrors(value: unknown): Record<string, string[]> | undefined {
  const record = asRecord(value)
  if (!record) return undefined
  const out: Record<string, string[]> = {}
  for (const [field, messages] of Object.entries(record)) {
    if (Array.isArray(messages)) out[field] = messages.map(String)
    else if (typeof messages === 'string') out[field] = [messages]
  }
  return out
}

function readNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value)
  }
  return undefined
}

/**
 * Reads `{"error": {"message", "code"}}`, `{"error": "…"}` and `{"message": "…"}`
 * bodies, plus 422 `errors` and 402 `required`/`available` (top level or nested).
 */
export function readErrorDetails(body: unknown): ErrorDetails {
  const root = asRecord(body)
  if (!root) return {}
  const nested = asRecord(root.error)
  const details: ErrorDetails = {}
  const message =
    typeof root.error === 'string'
      ? root.error
      : typeof nested?.message === 'string'
        ? nested.message
        : typeof root.message === 'string'
          ? root.message
          : undefined
  if (message !== undefined) details.message = message
  const code = nested?.code ?? root.code
  if (typeof code === 'string') details.code = code
  const errors = readErrors(root.errors ?? nested?.errors)
  if (errors) details.errors = errors
  const required = readNumber(root.required ?? nested?.required)
  if (required !== undefined) details.required = required
  const available = readNumber(root.available ?? nested?.available)
  if (available !== undefined) details.available = available
  return details
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
  let body: unknown = text === '' ? undefined : text
  if (text !== '') {
    try {
      body = JSON.parse(text)
    } catch {
      // Not JSON (an HTML error page, a plain-text proxy answer): keep the text.
    }
  }
  const details = readErrorDetails(body)
  const requestId = headers.get('x-request-id') ?? undefined
  let message =
    details.message ??
    (typeof body === 'string' && body !== '' ? snippetOf(body) : undefined) ??
    DEFAULT_MESSAGES[status] ??
    (status >= 500 ? 'Server error' : response.statusText || 'Request failed')
  message = message.replace(/\.$/, '')

  const retryAfter = parseRetryAfter(headers.get('retry-after'))
  const init = {
    status,
    body,
    ...(retryAfter !== undefined && { retryAfter }),
    ...(requestId !== undefined && { requestId }),
    ...(details.code !== undefined && { code: details.code }),
  }
  if (status === 402) {
    // The numbers are what matters; a server message repeating them is replaced.
    if (details.required !== undefined && details.available !== undefined) {
      message = `Insufficient credits: need ${details.required}, have ${details.available}`
    }
    return new InsufficientCreditsError(`[402] ${message}`, {
      ...init,
      ...(details.required !== undefined && { required: details.required }),
      ...(details.available !== undefined && { available: details.available }),
    })
  }
  if (status === 422 || status === 400) {
    const errors = details.errors ?? {}
    const first = Object.entries(errors)[0]
    // Named once: a server message that already says it is not repeated.
    if (first && !first[1].every((m) => message.includes(m))) {
      message += `: ${first[0]}: ${first[1].join('; ')}`
    }
    if (status === 422) return new ValidationError(`[422] ${message}`, { ...init, errors })
  }
  if (status === 429) {
    if (retryAfter !== undefined) message += ` (retry after ${retryAfter}s)`
    return new RateLimitError(`[429] ${message}`, init)
  }
  const ErrorClass = STATUS_TABLE[status] ?? (status >= 500 ? ServerError : APIError)
  return new ErrorClass(`[${status}] ${message}`, init)
}
