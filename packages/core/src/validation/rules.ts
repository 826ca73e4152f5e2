import * as z from 'zod/mini'

// Small checks built on `z.refine` only: each distinct zod check kind (`gte`,
// `minLength`, `regex`, `multipleOf`…) adds its own class to a browser bundle, and
// these few cover every rule the SDK needs.

/** `min ≤ n ≤ max`. */
export const between = (min: number, max: number, message = `must be between ${min} and ${max}`) =>
  z.refine<number>((n) => n >= min && n <= max, message)

/** An integer. */
export const integer = z.refine(Number.isInteger, 'must be an integer')
