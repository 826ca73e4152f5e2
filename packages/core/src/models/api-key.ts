import * as z from 'zod/mini'
import { describeIssue } from '../validation/check'
import { camelize, idString, isObject, modelCodec, nil, snakeize } from './wire'

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

const CreatedApiKeyWire = z.looseObject({ data: ApiKeyWireSchema, key: z.string() })
const NestedApiKeyWire = z.looseObject({
  data: z.looseObject({ api_key: ApiKeyWireSchema, key: z.string() }),
})

/**
 * CreatedApiKey schema: the whole `POST /api-keys` body → {@link CreatedApiKey}, in either
 * shape servers send: `{data: ApiKey, key}` or `{data: {api_key: ApiKey, key}}` (read as the
 * first). Encodes to the first.
 */
export const CreatedApiKeySchema = z.codec(z.unknown(), z.custom<CreatedApiKey>(), {
  decode: (wire, ctx): CreatedApiKey => {
    // The model's own JSON (`{apiKey, key}`) is read as the first wire shape.
    const own = isObject(wire) && isObject(wire.apiKey)
    const nested = !own && isObject(wire) && isObject(wire.data) && 'api_key' in wire.data
    const result = nested
      ? NestedApiKeyWire.safeParse(wire)
      : CreatedApiKeyWire.safeParse(own ? { data: snakeize(wire.apiKey), key: wire.key } : wire)
    if (result.success) {
      const created = (nested ? result.data.data : result.data) as {
        key: string
        api_key?: unknown
      }
      const data = nested ? created.api_key : result.data.data
      return { apiKey: camelize(data) as ApiKey, key: created.key }
    }
    for (const issue of result.error.issues) {
      ctx.issues.push({
        code: 'custom',
        message: describeIssue(issue),
        path: issue.path,
        input: wire,
      })
    }
    return z.NEVER
  },
  encode: (created) => ({ data: snakeize(created.apiKey), key: created.key }),
})
