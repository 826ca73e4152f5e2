import type * as z from 'zod/mini'
import { snippetOf } from '../errors/error-from-response'
import { InvalidResponseError } from '../errors/invalid-response-error'
import type { Redact } from '../errors/redact'
import { isObject } from '../models/wire'
import { describeIssue, issuePath } from '../validation/check'
import type { RequestSpec } from './http'
import type { FailedCall } from './map-error'

/** `{data: x}` → `x`; anything else unchanged (bare answers are accepted everywhere). */
export function unwrap(json: unknown): unknown {
  return isObject(json) && 'data' in json ? json.data : json
}

/**
 * Decodes a 2xx body with `schema` (after unwrapping `data` for the `'data'` envelope); a
 * body that is not JSON, or JSON of the wrong shape, becomes an `InvalidResponseError`
 * with the status, the field and a redacted snippet.
 */
export function decodeAnswer<S extends z.core.$ZodType>(
  spec: RequestSpec,
  response: Response,
  text: string,
  schema: S,
  envelope: 'data' | 'none',
  redact: Redact,
): z.output<S> {
  let json: unknown
  try {
    json = text === '' ? undefined : JSON.parse(text)
  } catch {
    throw malformed(spec, response, redact(text), 'Expected JSON from')
  }
  const value = envelope === 'data' ? unwrap(json) : json
  const result = (schema as unknown as z.ZodMiniType).safeParse(value)
  if (result.success) return result.data as z.output<S>
  const issue = result.error.issues[0]
  const detail = issue
    ? `${issuePath(envelope === 'data' ? 'data' : '', issue)}: ${describeIssue(issue)}`
    : 'unexpected shape'
  // The body may hold a secret (a created key, an echoed header): kept redacted.
  const body = redact(text)
  const parsed = body === text ? json : JSON.parse(body)
  throw malformed(spec, response, body, 'Unexpected answer from', detail, parsed)
}

function malformed(
  spec: { method: string; path: string },
  response: Response,
  body: string,
  what: string,
  detail?: string,
  json?: unknown,
): InvalidResponseError {
  const snippet = snippetOf(body)
  const where = `${spec.method} ${spec.path.split('?')[0]}`
  return new InvalidResponseError(
    `[${response.status}] ${what} ${where}${detail ? `: ${detail}` : `, got: ${snippet || '(empty body)'}`}`,
    {
      status: response.status,
      snippet,
      body: json === undefined ? body : json,
      requestId: response.headers.get('x-request-id') ?? undefined, // left off when undefined
    },
  )
}

/** A 2xx answer that is not an event stream where one was expected (a proxy's page). */
export function notAStream(response: Response, call: FailedCall): InvalidResponseError {
  const type = response.headers.get('content-type')
  return malformed(
    call,
    response,
    call.redact(call.text),
    `Expected an event stream, not ${type}, from`,
  )
}
