import { createSecretRedactor } from './secret-redactor'

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
  const exact = createSecretRedactor(secret, { replacement: REDACTED })
  return (text) => redactSecrets(exact.redact(text))
}
