import * as z from 'zod/mini'

// Small checks built on `z.refine` only: each distinct zod check kind (`gte`,
// `minLength`, `regex`, `multipleOf`…) adds its own class to a browser bundle, and
// these few cover every rule the SDK needs.

/** `min ≤ n ≤ max`. */
export const between = (min: number, max: number, message = `must be between ${min} and ${max}`) =>
  z.refine<number>((n) => n >= min && n <= max, message)

/** An integer. */
export const integer = z.refine(Number.isInteger, 'must be an integer')

/** `length ≥ min` (strings and arrays). */
export const minItems = (min: number, message: string) =>
  z.refine<{ length: number }>((v) => v.length >= min, message)

/** Matches a regular expression. */
export const matches = (re: RegExp, message: string) => z.refine<string>((s) => re.test(s), message)
