import * as z from 'zod/mini'
import { camelize, idString, modelCodec, nil, snakeize } from './wire'

/** An API key's metadata (the secret itself is only shown once, at creation). */
export interface ApiKey {
  /** `key_…` */
  id: string
  name: string
  /** The first 8 characters of the key. */
  prefix: string
  createdAt: string
  lastUsedAt?: string
  expiresAt?: string
  [key: string]: unknown
}

/** A freshly created key: its metadata and the full secret, shown this once. */
export interface CreatedApiKey {
  apiKey: ApiKey
  /** The full `ak_…` secret. Store it now: it is never returned again. */
  key: string
}

/** Wire shape of {@link ApiKey}. */
export const ApiKeyWireSchema = z.looseObject({
  id: idString,
  name: z.string(),
  prefix: z.string(),
  created_at: z.string(),
  last_used_at: nil(z.string()),
  expires_at: nil(z.string()),
})

/** ApiKey schema: wire → {@link ApiKey}. */
export const ApiKeySchema = modelCodec<ApiKey>(ApiKeyWireSchema)

/**
 * The whole `POST /api-keys` body, in either shape servers send:
 * `{data: ApiKey, key}` or `{data: {api_key: ApiKey, key}}`.
 */
export const CreatedApiKeyWireSchema = z.union([
  z.looseObject({ data: ApiKeyWireSchema, key: z.string() }),
  z.looseObject({ data: z.looseObject({ api_key: ApiKeyWireSchema, key: z.string() }) }),
])

/** CreatedApiKey schema: either wire body → {@link CreatedApiKey}. */
export const CreatedApiKeySchema = z.codec(CreatedApiKeyWireSchema, z.custom<CreatedApiKey>(), {
  decode: (wire): CreatedApiKey => {
    const data = wire.data as Record<string, unknown>
    const nested = 'api_key' in data
    return {
      apiKey: camelize(nested ? data.api_key : data) as ApiKey,
      key: (nested ? data.key : wire.key) as string,
    }
  },
  encode: (created) => ({ data: snakeize(created.apiKey), key: created.key }) as never,
})
