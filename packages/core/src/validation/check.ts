import type * as z from 'zod/mini'
import { ValidationError } from '../errors/validation-error'

/** A short English description of a zod issue (zod/mini ships no locale). */
export function describeIssue(issue: z.core.$ZodIssue): string {
  // Schemas here carry their own messages; zod/mini ships no locale, so its default
  // message is a bare "Invalid input": fall back to a description built from the issue.
  // Every range, length and set rule here is a refinement with its own message, so the
  // only bare issues left are type mismatches of wire schemas.
  if (issue.message && issue.message !== 'Invalid input') return issue.message
  return issue.code === 'invalid_type' ? `expected ${issue.expected}` : 'is invalid'
}

/** Dotted path of an issue (`input.temperature`, `messages.0.content`). */
export function issuePath(prefix: string, issue: z.core.$ZodIssue): string {
  const parts = issue.path.map(String)
  if (prefix) parts.unshift(prefix)
  return parts.join('.') || '(root)'
}

/** Zod issues → field → messages. */
export function issuesToErrors(
  prefix: string,
  issues: z.core.$ZodIssue[],
): Record<string, string[]> {
  const errors: Record<string, string[]> = {}
  for (const issue of issues) {
    const path = issuePath(prefix, issue)
    const list = errors[path] ?? []
    list.push(describeIssue(issue))
    errors[path] = list
  }
  return errors
}

/**
 * Validates an argument before any I/O; throws a {@link ValidationError} naming the
 * first offending field (`prefix` + the issue path).
 */
export function check<S extends z.core.$ZodType>(
  schema: S,
  value: unknown,
  prefix = '',
): z.output<S> {
  const result = (schema as unknown as z.ZodMiniType).safeParse(value)
  if (result.success) return result.data as z.output<S>
  const errors = issuesToErrors(prefix, result.error.issues)
  // A failed parse has at least one issue, so at least one field.
  const [field, messages] = Object.entries(errors)[0] as [string, string[]]
  throw new ValidationError(`Invalid argument: ${field} ${messages.join('; ')}`, { errors, field })
}
