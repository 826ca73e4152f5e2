import * as z from 'zod/mini'

/**
 * Helpers shared by the wire schemas. The wire is snake_case and may send `null` for
 * an absent optional field; models are camelCase and simply omit it.
 */

/** An optional wire field that may also be `null`. */
export const nil = <T extends z.core.SomeType>(schema: T) => z.optional(z.nullable(schema))

const camelCache = new Map<string, string>()
const snakeCache = new Map<string, string>()

/** `created_at` → `createdAt` (memoised: the same few keys are converted over and over). */
export function camelKey(key: string): string {
  let out = camelCache.get(key)
  if (out === undefined) {
    out = key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
    camelCache.set(key, out)
  }
  return out
}

/** `createdAt` → `created_at`. */
export function snakeKey(key: string): string {
  let out = snakeCache.get(key)
  if (out === undefined) {
    out = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
    snakeCache.set(key, out)
  }
  return out
}

/** Wire fields whose contents are user data or opaque: their inner keys are kept as sent. */
const OPAQUE = new Set(['input', 'capabilities', 'raw'])

/**
 * Levels converted by {@link camelize} and {@link snakeize}; deeper values (never in a real
 * answer, only in a hostile one) are kept as they are instead of overflowing the stack.
 */
const MAX_DEPTH = 64

/**
 * A key never copied: `JSON.parse` makes `__proto__` an ordinary own key, but assigning it
 * sets the copy's prototype, whose fields the schemas would then read as the model's own.
 */
const PROTO = '__proto__'

/**
 * Wire → model keys, deeply: `created_at` → `createdAt` at every level except inside
 * opaque fields (`input`), dropping `null` fields (absent optional fields).
 */
export function camelize(wire: unknown, depth = 0): unknown {
  if (typeof wire !== 'object' || wire === null || depth > MAX_DEPTH) return wire
  if (Array.isArray(wire)) return wire.map((item) => camelize(item, depth + 1))
  const out: Record<string, unknown> = {}
  for (const key in wire) {
    const value = (wire as Record<string, unknown>)[key]
    const name = camelKey(key)
    if (value !== null && value !== undefined && name !== PROTO) {
      out[name] = OPAQUE.has(key) ? value : camelize(value, depth + 1)
    }
  }
  return out
}

/** The inverse of {@link camelize}: snake_case keys, `undefined` fields dropped. */
export function snakeize(model: unknown, depth = 0): unknown {
  if (typeof model !== 'object' || model === null || depth > MAX_DEPTH) return model
  if (Array.isArray(model)) return model.map((item) => snakeize(item, depth + 1))
  const out: Record<string, unknown> = {}
  for (const key in model) {
    const value = (model as Record<string, unknown>)[key]
    const name = snakeKey(key)
    if (value !== undefined && name !== PROTO) {
      out[name] = OPAQUE.has(key) ? value : snakeize(value, depth + 1)
    }
  }
  return out
}

/** A plain object (not `null`, not an array). */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A JSON object with any keys (`z.custom`: `z.record` costs ~0.6 KB gzipped in a browser). */
export const anyObject = (message = 'expected an object') =>
  z.custom<Record<string, unknown>>(isObject, message)

// `z.custom` rather than `z.union`: the union machinery costs ~0.4 KB gzipped in a browser
// bundle for two one-line checks.

/** A string id that some servers send as an integer (encodes back as the string). */
export const idString = z.codec(
  z.custom<string | number>(
    (v) => typeof v === 'string' || Number.isInteger(v),
    'expected a string or integer id',
  ),
  z.string(),
  { decode: String, encode: (id: string) => id },
)

/** A price or amount that some servers send as a decimal string (encodes back as a number). */
export const numeric = z.codec(
  z.custom<number | string>(
    (v) => Number.isFinite(v) || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)),
    'expected a number or decimal string',
  ),
  z.number(),
  { decode: Number, encode: (n: number) => n },
)

/**
 * Turns a wire schema into a codec: `parse` validates the wire shape and converts it to
 * the camelCase model (with `fix` for defaults), `z.encode(schema, model)` (or
 * {@link toWire}) converts back. This is the one place wire becomes model.
 *
 * `parse` also takes the model's own JSON (`JSON.parse(JSON.stringify(model))`: a cache,
 * `localStorage`, props from a server component), the way pydantic's `model_validate`
 * takes `model_dump()`: the keys are converted to snake_case before the wire schema
 * checks them, so a field is checked whichever way it is spelled. (Trying the value as
 * it came first let a camelCase field through unchecked whenever the rest passed as wire:
 * `{ promptTokens: 'x' }` as a `Usage`, or an answer whose `workloadId: 'x'` replaced its
 * checked `workload_id`.) When both spellings of a field are present, the later one wins,
 * as with a repeated JSON key, and is checked.
 */
export function modelCodec<M, W extends z.core.SomeType = z.core.SomeType>(
  wire: W,
  fix?: (model: M, wire: unknown) => M,
) {
  const wireSchema = wire as unknown as z.ZodMiniType
  // Typed as the wire shape (what `toWire` gives back); checked by hand in `decode`.
  const accepted = z.custom<z.input<W>>(() => true)
  return z.codec(accepted, z.custom<M>(), {
    decode: (value, ctx) => {
      const result = wireSchema.safeParse(snakeize(value))
      if (!result.success) {
        for (const issue of result.error.issues)
          ctx.issues.push({ ...issue, input: value } as never)
        return z.NEVER
      }
      const model = camelize(result.data) as M
      return fix ? fix(model, result.data) : model
    },
    encode: (model) => snakeize(model) as never,
  })
}

/**
 * Converts a model back to its wire (snake_case) shape, the inverse of `Schema.parse`.
 *
 * @example
 * ```ts
 * const job = JobSchema.parse(wire)
 * const again = toWire(JobSchema, job) // { id, workload_id, created_at, … }
 * ```
 */
export function toWire<S extends z.core.$ZodType>(schema: S, model: z.output<S>): z.input<S> {
  return z.encode(schema, model)
}
