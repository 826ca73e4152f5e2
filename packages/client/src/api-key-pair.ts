import type { ApiKey } from '@archipelag/core'

/**
 * What `createApiKey` returns: `{ apiKey, key }`, and also the seed's pair, so both
 * `const { apiKey, key } = …` and `const [apiKey, key] = …` work. `key` is the full secret,
 * shown this once and never again.
 *
 * @example
 * const [info, secret] = await client.createApiKey({ name: 'dev-key' })
 * const { apiKey, key } = await client.createApiKey({ name: 'ci' })
 */
export type ApiKeyPair = readonly [apiKey: ApiKey, key: string] & {
  /** The stored key's metadata (id, name, prefix…). */
  readonly apiKey: ApiKey
  /** The full `ak_…` secret. */
  readonly key: string
}

/** Builds an {@link ApiKeyPair}: a two-item array with `apiKey` and `key` properties. */
export function apiKeyPair(apiKey: ApiKey, key: string): ApiKeyPair {
  return Object.assign([apiKey, key] as const, { apiKey, key, toJSON: () => ({ apiKey, key }) })
}
