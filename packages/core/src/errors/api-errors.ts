import { ArchipelagError, type ArchipelagErrorInit } from './archipelag-error'

/**
 * An HTTP error answer with a status that has no more specific class
 * (400 `invalid_json`, 413 `payload_too_large`, …).
 */
export class APIError extends ArchipelagError {
  static override readonly kind: string = 'APIError'
  declare readonly status: number
  /** Seconds the server asked to wait before trying again (`Retry-After`), when it said. */
  declare readonly retryAfter?: number
  constructor(
    message: string,
    init: ArchipelagErrorInit & { status: number; retryAfter?: number },
  ) {
    super(message, init)
  }
}

/** 401: the API key is missing, malformed or revoked. */
export class AuthenticationError extends APIError {
  static override readonly kind: string = 'AuthenticationError'
}

/** 402: the account has too few credits. `required` and `available` when the server says. */
export class InsufficientCreditsError extends APIError {
  static override readonly kind: string = 'InsufficientCreditsError'
  /** Credits the request needed. */
  declare readonly required?: number
  /** Credits the account had. */
  declare readonly available?: number
  constructor(
    message: string,
    init: ArchipelagErrorInit & { status: number; required?: number; available?: number },
  ) {
    super(message, init)
  }
}

/** 403: the key is valid but lacks the scope this call needs. */
export class PermissionDeniedError extends APIError {
  static override readonly kind: string = 'PermissionDeniedError'
}

/** 404: no such resource (or one owned by another account). */
export class NotFoundError extends APIError {
  static override readonly kind: string = 'NotFoundError'
}

/** 409: e.g. an `Idempotency-Key` reused with a different body (`code: 'idempotency_conflict'`). */
export class ConflictError extends APIError {
  static override readonly kind: string = 'ConflictError'
}

/** 429: too many requests. `retryAfter` is the server's `Retry-After`, in seconds. */
export class RateLimitError extends APIError {
  static override readonly kind: string = 'RateLimitError'
}

/** 5xx: a fault on the server side (retried automatically within `maxRetries`). */
export class ServerError extends APIError {
  static override readonly kind: string = 'ServerError'
}
