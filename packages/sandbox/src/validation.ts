import { type FieldErrors, validationError } from './errors.js'
import type { WorkloadKind } from './workloads.js'

/** A plain JSON object. */
export type JsonObject = Record<string, unknown>

/** Whether a value is a plain JSON object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function add(errors: FieldErrors, field: string, message: string): void {
  const list = errors[field] ?? []
  list.push(message)
  errors[field] = list
}

function optionalString(errors: FieldErrors, input: JsonObject, key: string, prefix: string): void {
  if (input[key] !== undefined && input[key] !== null && typeof input[key] !== 'string') {
    add(errors, `${prefix}.${key}`, 'must be a string')
  }
}

function optionalNumber(
  errors: FieldErrors,
  input: JsonObject,
  key: string,
  prefix: string,
  check: { min: number; max: number; integer?: boolean; multipleOf?: number },
): void {
  const value = input[key]
  if (value === undefined || value === null) return
  const field = `${prefix}.${key}`
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    add(errors, field, 'must be a number')
    return
  }
  if (check.integer && !Number.isInteger(value)) add(errors, field, 'must be an integer')
  if (value < check.min || value > check.max) {
    add(errors, field, `must be between ${check.min} and ${check.max}`)
  }
  if (check.multipleOf && value % check.multipleOf !== 0) {
    add(errors, field, `must be a multiple of ${check.multipleOf}`)
  }
}

/**
 * Checks a job input for a workload kind; returns the field errors (empty when valid), fields named
 * `${prefix}.prompt` etc.
 */
export function checkInput(kind: WorkloadKind, input: unknown, prefix = 'input'): FieldErrors {
  const errors: FieldErrors = {}
  if (!isObject(input)) {
    add(errors, prefix, 'must be an object')
    return errors
  }
  const prompt = input.prompt
  if (prompt === undefined || prompt === null) add(errors, `${prefix}.prompt`, 'is required')
  else if (typeof prompt !== 'string') add(errors, `${prefix}.prompt`, 'must be a string')
  else if (prompt.trim() === '') add(errors, `${prefix}.prompt`, 'must not be empty')
  if (kind === 'llm') {
    optionalString(errors, input, 'system_prompt', prefix)
    optionalNumber(errors, input, 'max_tokens', prefix, { min: 1, max: 32_768, integer: true })
    optionalNumber(errors, input, 'temperature', prefix, { min: 0, max: 2 })
  } else if (kind === 'image') {
    optionalString(errors, input, 'negative_prompt', prefix)
    optionalNumber(errors, input, 'width', prefix, {
      min: 8,
      max: 2048,
      integer: true,
      multipleOf: 8,
    })
    optionalNumber(errors, input, 'height', prefix, {
      min: 8,
      max: 2048,
      integer: true,
      multipleOf: 8,
    })
    optionalNumber(errors, input, 'steps', prefix, { min: 1, max: 150, integer: true })
    optionalNumber(errors, input, 'guidance_scale', prefix, { min: 0, max: 50 })
    optionalNumber(errors, input, 'seed', prefix, { min: 0, max: 4_294_967_295, integer: true })
  }
  return errors
}

/**
 * A query parameter holding a plain decimal integer (`0`, `20`; not `1e3`, `0x10`, ` 5` or `-1`) that
 * SQLite can bind exactly, or undefined.
 */
function decimalInteger(raw: string): number | undefined {
  if (!/^\d{1,16}$/.test(raw)) return undefined
  const value = Number(raw)
  return Number.isSafeInteger(value) ? value : undefined
}

/** Parses `limit` (1–100, default 20) and `offset` (≥ 0, default 0) query parameters, or throws 422. */
export function parsePagination(
  limit: string | undefined,
  offset: string | undefined,
): {
  limit: number
  offset: number
} {
  const errors: FieldErrors = {}
  const l = limit === undefined ? 20 : decimalInteger(limit)
  const o = offset === undefined ? 0 : decimalInteger(offset)
  if (l === undefined || l < 1 || l > 100) {
    add(errors, 'limit', 'must be an integer between 1 and 100')
  }
  if (o === undefined) add(errors, 'offset', 'must be a non-negative integer')
  if (l === undefined || o === undefined || Object.keys(errors).length > 0) {
    throw validationError(errors)
  }
  return { limit: l, offset: o }
}

/** Throws a 422 when there are field errors. */
export function assertValid(errors: FieldErrors): void {
  if (Object.keys(errors).length > 0) throw validationError(errors)
}

/** Adds a field error (for route-level checks). */
export function addError(errors: FieldErrors, field: string, message: string): void {
  add(errors, field, message)
}
