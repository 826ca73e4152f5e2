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

const decodeApiKey = (wire: z.output<typeof ApiKeyWireSchema>) => camelize(wire) as ApiKey

/** ApiKey schema: wire → {@link ApiKey}. */
export const ApiKeySchema = modelCodec(
  ApiKeyWireSchema,
  decodeApiKey,
  (key) => snakeize(key) as z.input<typeof ApiKeyWireSchema>,
)

/**
 * The whole `POST /api-keys` body, in either shape servers send:
 * `{data: ApiKey, key}` or `{data: {api_key: ApiKey, key}}`.
 */
export const CreatedApiKeyWireSchema = z.union([
  z.looseObject({ data: ApiKeyWireSchema, key: z.string() }),
  z.looseObject({ data: z.looseObject({ api_key: ApiKeyWireSchema, key: z.string() }) }),
])

/** CreatedApiKey schema: either wire body → {@link CreatedApiKey}. */
export const CreatedApiKeySchema = modelCodec(
  CreatedApiKeyWireSchema,
  (wire): CreatedApiKey =>
    'key' in wire && typeof wire.key === 'string' && !('api_key' in wire.data)
      ? { apiKey: decodeApiKey(wire.data as z.output<typeof ApiKeyWireSchema>), key: wire.key }
      : {
          apiKey: decodeApiKey(
            (wire.data as { api_key: z.output<typeof ApiKeyWireSchema> }).api_key,
          ),
          key: (wire.data as { key: string }).key,
        },
  (created) => ({ data: snakeize(created.apiKey), key: created.key }) as never,
)
