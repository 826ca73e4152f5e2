/**
 * A fresh `Idempotency-Key`: a v4 UUID from Web Crypto (`crypto.randomUUID`, or
 * `getRandomValues` where `randomUUID` is missing, e.g. a non-secure browser context).
 */
export function newIdempotencyKey(): string {
  const crypto = globalThis.crypto
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = ((b[6] as number) & 0x0f) | 0x40 // version 4
  b[8] = ((b[8] as number) & 0x3f) | 0x80 // variant 10
  let hex = ''
  for (const x of b) hex += (x | 0x100).toString(16).slice(1)
  return hex.replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-')
}
