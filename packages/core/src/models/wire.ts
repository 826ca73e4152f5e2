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

/**
 * Copies a wire object with camelCase keys, dropping `null`/`undefined` values.
 * Values are copied as they are (nested objects are converted by their own schema).
 */
export function camelize(wire: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key in wire) {
    const value = wire[key]
    if (value !== null && value !== undefined) out[camelKey(key)] = value
  }
  return out
}

/** The inverse of {@link camelize}: snake_case keys, `undefined` values dropped. */
export function snakeize(model: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key in model) {
    const value = model[key]
    if (value !== undefined) out[snakeKey(key)] = value
  }
  return out
}

/** A string id that some servers send as an integer. */
export const idString = z.pipe(
  z.union([z.string(), z.number()]),
  z.transform((id: string | number) => String(id)),
)

/** A price or amount that some servers send as a decimal string. */
export const numeric = z.pipe(
  z.union([z.number(), z.string().check(z.regex(/^-?\d+(\.\d+)?$/))]),
  z.transform((n: number | string) => Number(n)),
)

/**
 * Turns a wire schema and a pair of conversion functions into a codec: `parse` goes
 * wire → model, `z.encode(schema, model)` (or {@link toWire}) goes back.
 */
export function modelCodec<W extends z.core.SomeType, M>(
  wire: W,
  decode: (wire: z.output<W>) => M,
  encode: (model: M) => z.input<W>,
) {
  return z.codec(wire, z.custom<M>(), {
    decode: (value) => decode(value),
    encode: (value) => encode(value) as z.output<W>,
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
