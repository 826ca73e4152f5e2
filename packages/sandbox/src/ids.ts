import { createHash, randomBytes } from 'node:crypto'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** `length` random base62 characters (rejection sampling, so no bias). */
export function randomBase62(length: number): string {
  let out = ''
  while (out.length < length) {
    const bytes = randomBytes(length * 2)
    for (const byte of bytes) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62]
    }
  }
  return out
}

/** A prefixed random id such as `job_4fT9…`. */
export function newId(prefix: 'acc' | 'key' | 'job' | 'req' | 'chatcmpl'): string {
  return prefix === 'chatcmpl' ? `chatcmpl-${randomBase62(24)}` : `${prefix}_${randomBase62(20)}`
}

/** A fresh API key: `ak_` + 40 base62 characters. */
export function newApiKey(): string {
  return `ak_${randomBase62(40)}`
}

/** The stored form of an API key (keys themselves are never stored, except the seeded one). */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

/** A stable, id-shaped name derived from a seed string (used for the simulated Islands). */
export function stableId(prefix: string, seed: string, length = 16): string {
  const digest = createHash('sha256').update(seed).digest()
  let out = ''
  for (let i = 0; out.length < length; i++) out += BASE62[(digest[i % digest.length] ?? 0) % 62]
  return `${prefix}_${out}`
}
