import { ArchipelagError, type ArchipelagErrorInit } from './archipelag-error'
import { redactSecrets } from './redact'

/**
 * Invalid input: a 422 answer, or an argument rejected before any request was sent
 * (then `status` is undefined). `errors` maps field paths (`input.temperature`) to
 * messages; `field` is the first of them.
 *
 * @example
 * ```ts
 * try {
 *   await transport.jobs.create({ workload: 'llm-chat', input: { prompt: 'hi', temperature: 3 } })
 * } catch (error) {
 *   if (error instanceof ValidationError) console.log(error.field) // 'input.temperature'
 * }
 * ```
 */
export class ValidationError extends ArchipelagError {
  static override readonly kind: string = 'ValidationError'
  /** Messages per field path. */
  declare readonly errors: Record<string, string[]>
  /** The first offending field path, when known. */
  declare readonly field?: string

  constructor(
    message: string,
    init: ArchipelagErrorInit & { errors?: Record<string, string[]>; field?: string } = {},
  ) {
    const errors = init.errors ?? (init.field ? { [init.field]: [redactSecrets(message)] } : {})
    super(message, {
      ...init,
      errors,
      field: init.field ?? Object.keys(errors)[0],
    } as ArchipelagErrorInit)
  }
}
