import { compileSecret } from './secret-redactor'

/**
 * Anything shaped like an Archipelag API key (`ak_` and at least four key characters),
 * also right after a percent-escape (`Bearer%20ak_…`) or a JSON escape (`\nak_…`), where
 * a word boundary would not see it.
 */
const KEY_PATTERN = /(?:(?<![A-Za-z0-9])|(?<=%[0-9A-Fa-f]{2})|(?<=\\[nrtbf]))ak_[A-Za-z0-9_-]{4,}/g

/** What a redacted key is replaced with. */
export const REDACTED = 'ak_…redacted'

/**
 * Replaces anything that looks like an Archipelag API key with {@link REDACTED}, so a key
 * pasted into an input or echoed by a proxy never reaches a log. This is the net for keys
 * the SDK does not know; the transport's own key is also redacted by its exact value.
 */
export function redactSecrets(text: string): string {
  return text.includes('ak_') ? text.replace(KEY_PATTERN, REDACTED) : text
}

/** The redacted form of an `Authorization` header value, for hooks and logs. */
export const REDACTED_AUTHORIZATION = `Bearer ${REDACTED}`

/** Turns a text that may hold secrets into one that does not. */
export type Redact = (text: string) => string

/**
 * The redaction of one transport: its own key's exact value in every encoding a server or
 * proxy might echo it in (plain, percent-encoded, JSON-escaped, base64), then the pattern
 * for keys it does not know.
 */
export function redactorFor(secret: string | undefined): Redact {
  if (!secret) return redactSecrets
  const { redact } = compileSecret(secret, REDACTED)
  return (text) => redactSecrets(redact(text))
}

/** Levels of a cause chain kept by {@link redactCause}. */
const MAX_CAUSES = 8

/**
 * A copy of `cause` fit to keep inside an SDK error: each error of its chain with its
 * name, message, stack and string fields redacted and its number and boolean fields
 * (`code`, `errno`, `syscall`, `port`…) kept; anything else — a `Request` with its
 * headers, a socket — left out. A wrapping `fetch` may fail with an error that holds the
 * request or quotes its `Authorization`, and `util.inspect` and stacks show every level.
 *
 * @example
 * ```ts
 * new ConnectionError(redact(message), { cause: redactCause(thrown, redact) })
 * ```
 */
export function redactCause(cause: unknown, redact: Redact, depth = 0): unknown {
  if (typeof cause === 'string') return redact(cause)
  if (typeof cause !== 'object' || cause === null) return cause
  if (!(cause instanceof Error) || depth >= MAX_CAUSES) return undefined
  const inner = cause.cause === undefined ? undefined : redactCause(cause.cause, redact, depth + 1)
  const copy = new Error(redact(cause.message), inner === undefined ? undefined : { cause: inner })
  const fields = copy as unknown as Record<string, unknown>
  for (const [key, value] of Object.entries(cause)) {
    if (typeof value === 'string') fields[key] = redact(value)
    else if (typeof value === 'number' || typeof value === 'boolean') fields[key] = value
  }
  Object.defineProperty(copy, 'name', { value: cause.name, configurable: true, writable: true })
  copy.stack = redact(cause.stack ?? `${cause.name}: ${cause.message}`)
  return copy
}
