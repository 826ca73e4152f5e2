import * as z from 'zod/mini'

/**
 * Helpers shared by the wire schemas. The wire is snake_case and may send `null` for
 * an absent optional field; models are camelCase and simply omit it.
 */

/** An optional wire field that may also be `null`. */
export const nil = /* @__NO_SIDE_EFFECTS__ */ <T extends z.core.SomeType>(schema: T) =>
  z.optional(z.nullable(schema))

/** Converted keys, per direction (the same few keys are converted over and over). */
const camelKeys = new Map<string, string>()
const snakeKeys = new Map<string, string>()

/** Wire fields whose contents are user data or opaque: their inner keys are kept as sent. */
const OPAQUE = new Set(['input', 'capabilities', 'raw'])

/**
 * Levels converted by {@link camelize} and {@link snakeize}; deeper values (never in a real
 * answer, only in a hostile one) are kept as they are instead of overflowing the stack.
 */
const MAX_DEPTH = 64

/**
 * Converts keys deeply, except inside opaque fields: to snake_case (dropping `undefined`
 * fields) or to camelCase (dropping `null` ones too). `__proto__` is never copied:
 * `JSON.parse` makes it an ordinary own key, but assigning it sets the copy's prototype,
 * whose fields the schemas would then read as the model's own.
 */
function convert(value: unknown, snake: boolean, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value
  if (Array.isArray(value)) return value.map((item) => convert(item, snake, depth + 1))
  const keys = snake ? snakeKeys : camelKeys
  const out: Record<string, unknown> = {}
  for (const key in value) {
    const field = (value as Record<string, unknown>)[key]
    let name = keys.get(key)
    if (name === undefined) {
      name = snake
        ? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
        : key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
      keys.set(key, name)
    }
    if (field !== undefined && (snake || field !== null) && name !== '__proto__') {
      out[name] = OPAQUE.has(key) ? field : convert(field, snake, depth + 1)
    }
  }
  return out
}

/**
 * Wire → model keys, deeply: `created_at` → `createdAt` at every level except inside
 * opaque fields (`input`), dropping `null` fields (absent optional fields).
 */
export const camelize = (wire: unknown): unknown => convert(wire, false, 0)

/** The inverse of {@link camelize}: snake_case keys, `undefined` fields dropped. */
export const snakeize = (model: unknown): unknown => convert(model, true, 0)

/** A plain object (not `null`, not an array). */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A JSON object with any keys (`z.custom`: `z.record` costs ~0.6 KB gzipped in a browser). */
export const anyObject = /* @__NO_SIDE_EFFECTS__ */ (message = 'expected an object') =>
  z.custom<Record<string, unknown>>(isObject, message)

// `z.custom` rather than `z.union`: the union machinery costs ~0.4 KB gzipped in a browser
// bundle for two one-line checks.

/** A boolean (`z.custom`: `z.boolean` costs ~0.1 KB gzipped in a browser for one `typeof`). */
export const bool = /* @__NO_SIDE_EFFECTS__ */ (message = 'expected boolean') =>
  z.custom<boolean>((v) => typeof v === 'boolean', message)

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
 * An array of `item` (`z.array` costs ~0.4 KB gzipped in a browser bundle): each element
 * decoded by `item`, its issues placed under the element's index (`choices.0.index`).
 */
export const list = /* @__NO_SIDE_EFFECTS__ */ <T extends z.core.SomeType>(
  item: T,
  message = 'expected array',
) =>
  z.codec(z.custom<unknown[]>(Array.isArray, message), z.custom<z.output<T>[]>(), {
    decode: (items, ctx) =>
      items.map((value, index) => {
        const result = (item as unknown as z.ZodMiniType).safeParse(value)
        for (const issue of result.error?.issues ?? []) {
          ctx.issues.push({ ...issue, path: [index, ...issue.path], input: value } as never)
        }
        return result.data as z.output<T>
      }),
    encode: (items) => items.map((value) => z.encode(item as never, value as never)),
  })

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
/* @__NO_SIDE_EFFECTS__ */
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
