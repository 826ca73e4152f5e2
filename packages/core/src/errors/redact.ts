const KEY_PATTERN = /\bak_[A-Za-z0-9]{4,}/g

/**
 * Replaces anything that looks like an Archipelag API key (`ak_…`) with a redacted
 * marker, so a key pasted into an input or echoed by a proxy never reaches a log.
 */
export function redactSecrets(text: string): string {
  return text.includes('ak_') ? text.replace(KEY_PATTERN, 'ak_…redacted') : text
}

/** The redacted form of an `Authorization` header value, for hooks and logs. */
export const REDACTED_AUTHORIZATION = 'Bearer ak_…redacted'
