import { ArchipelagError, type ArchipelagErrorInit } from './archipelag-error'
import { redactSecrets } from './redact'

/**
 * The server answered, but not with what the contract promises: HTML instead of JSON,
 * truncated JSON, or JSON of the wrong shape. `snippet` holds the start of the body.
 */
export class InvalidResponseError extends ArchipelagError {
  static override readonly kind: string = 'InvalidResponseError'
  /** Up to ~200 characters of the body, for diagnosis. */
  declare readonly snippet: string
  constructor(message: string, init: ArchipelagErrorInit & { snippet: string }) {
    super(message, { ...init, snippet: redactSecrets(init.snippet) } as ArchipelagErrorInit)
  }
}
