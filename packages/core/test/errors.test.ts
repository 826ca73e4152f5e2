import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import {
  APIError,
  ArchipelagError,
  AuthenticationError,
  ConflictError,
  errorFromResponse,
  InsufficientCreditsError,
  isArchipelagError,
  NotFoundError,
  PermissionDeniedError,
  parseRetryAfter,
  RateLimitError,
  ServerError,
  ValidationError,
} from '../src/index'

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  errorFromResponse({
    status,
    headers: new Headers(headers),
    text: typeof body === 'string' ? body : JSON.stringify(body),
  })

describe('errorFromResponse (the status table)', () => {
  it.each([
    [401, AuthenticationError],
    [402, InsufficientCreditsError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, ValidationError],
    [429, RateLimitError],
    [500, ServerError],
    [503, ServerError],
    [400, APIError],
    [413, APIError],
  ])('maps %i to its class', (status, ErrorClass) => {
    const error = answer(
      status,
      { error: { message: 'x', code: 'c' } },
      { 'x-request-id': 'req_9' },
    )
    expect(error).toBeInstanceOf(ErrorClass)
    expect(error).toBeInstanceOf(ArchipelagError)
    expect(error.status).toBe(status)
    expect(error.code).toBe('c')
    expect(error.requestId).toBe('req_9')
  })

  it('writes a useful 402 message with required and available', () => {
    const error = answer(402, {
      error: { message: 'Insufficient credits', code: 'insufficient_credits' },
      required: 0.05,
      available: 0.01,
    })
    expect(error.message).toBe('[402] Insufficient credits: need 0.05, have 0.01')
    expect(error).toMatchObject({ required: 0.05, available: 0.01 })
  })

  it('reads the three error body shapes', () => {
    expect(answer(404, { error: 'gone' }).message).toBe('[404] gone')
    expect(answer(404, { message: 'gone too' }).message).toBe('[404] gone too')
    expect(answer(404, { error: { message: 'nested' } }).message).toBe('[404] nested')
  })

  it('names the field of a 422', () => {
    const error = answer(422, {
      error: { message: 'Validation failed', code: 'validation_error' },
      errors: { 'input.temperature': ['must be between 0 and 2'] },
    }) as ValidationError
    expect(error.field).toBe('input.temperature')
    expect(error.errors).toEqual({ 'input.temperature': ['must be between 0 and 2'] })
    expect(error.message).toContain('input.temperature')
  })

  it('reads Retry-After on 429', () => {
    const error = answer(429, { error: { message: 'Slow down' } }, { 'retry-after': '3' })
    expect(error).toBeInstanceOf(RateLimitError)
    expect((error as RateLimitError).retryAfter).toBe(3)
  })

  it('turns an HTML proxy page into a ServerError with the text', () => {
    const html = '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>'
    const error = answer(502, html)
    expect(error).toBeInstanceOf(ServerError)
    expect(error.status).toBe(502)
    expect(error.message).toContain('502 Bad Gateway')
  })

  it('handles an empty body', () => {
    expect(answer(503, '').message).toBe('[503] Server error')
    expect(answer(401, '').message).toBe('[401] Invalid or missing API key')
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2)
    expect(parseRetryAfter(null)).toBeUndefined()
    expect(parseRetryAfter('soon')).toBeUndefined()
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5)
  })
})

describe('error identity and redaction', () => {
  it('isArchipelagError and instanceof do not match foreign errors', () => {
    expect(isArchipelagError(new Error('x'))).toBe(false)
    expect(new Error('x') instanceof ArchipelagError).toBe(false)
    expect(new NotFoundError('x', { status: 404 }) instanceof ServerError).toBe(false)
    expect(new NotFoundError('x', { status: 404 }) instanceof APIError).toBe(true)
  })

  it('user subclasses keep ordinary instanceof semantics', () => {
    class MyError extends NotFoundError {}
    expect(new MyError('x', { status: 404 })).toBeInstanceOf(MyError)
    expect(new NotFoundError('x', { status: 404 }) instanceof MyError).toBe(false)
  })

  it('never shows an API key in message, JSON or inspect output', () => {
    const key = 'ak_0123456789abcdefghijABCDEFGHIJ0123456789'
    const error = new ArchipelagError(`bad key ${key}`)
    expect(error.message).not.toContain(key)
    expect(JSON.stringify(error)).not.toContain(key)
    expect(inspect(error)).not.toContain(key)
    expect(error.name).toBe('ArchipelagError')
  })
})
