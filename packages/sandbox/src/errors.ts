/** Error codes the sandbox answers with (WIRE.md). */
export type ErrorCode =
  | 'invalid_json'
  | 'validation_error'
  | 'unauthorized'
  | 'insufficient_credits'
  | 'forbidden'
  | 'not_found'
  | 'idempotency_conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'internal_error'
  | 'service_unavailable'
  | 'job_failed'

const STATUS: Record<ErrorCode, number> = {
  invalid_json: 400,
  validation_error: 422,
  unauthorized: 401,
  insufficient_credits: 402,
  forbidden: 403,
  not_found: 404,
  idempotency_conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
  job_failed: 500,
}

/** Field name → messages, as in a 422 body's `errors`. */
export type FieldErrors = Record<string, string[]>

/**
 * An error a handler throws to answer with WIRE.md's error body; `extra` is merged at the top level
 * (e.g. `required`/`available` for 402, `errors` for 422).
 */
export class ApiError extends Error {
  status: number
  readonly code: ErrorCode
  readonly extra: Record<string, unknown>
  readonly headers: Record<string, string>

  constructor(
    code: ErrorCode,
    message: string,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.status = STATUS[code]
    this.extra = extra
    this.headers = headers
  }

  /** The JSON body: `{"error": {"message", "code"}, …extra}`. */
  body(): Record<string, unknown> {
    return { error: { message: this.message, code: this.code }, ...this.extra }
  }
}

/** A 422 naming each invalid field. */
export function validationError(errors: FieldErrors): ApiError {
  const fields = Object.keys(errors)
  const first = fields[0]
  const detail = first ? `${first}: ${errors[first]?.[0] ?? 'is invalid'}` : 'invalid input'
  const more = fields.length > 1 ? ` (and ${fields.length - 1} more)` : ''
  return new ApiError('validation_error', `Validation failed: ${detail}${more}`, { errors })
}

/** A 404 for a resource that does not exist or belongs to another account. */
export function notFound(what: string, id: string): ApiError {
  return new ApiError('not_found', `${what} not found: ${id}`)
}
