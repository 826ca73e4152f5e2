import { ArchipelagError, isArchipelagError } from '@archipelag/client'

/**
 * The error a hook reports: the SDK's own typed error as thrown (`InsufficientCreditsError`,
 * `RateLimitError`, `JobFailedError`…), or anything else (a callback that threw) wrapped in
 * an `ArchipelagError` with the original as `cause`, so `error` is always one type.
 */
export function toError(error: unknown): ArchipelagError {
  return isArchipelagError(error)
    ? error
    : new ArchipelagError(String((error as Error)?.message ?? error), { cause: error })
}
