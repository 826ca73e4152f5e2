import { ArchipelagError, type ArchipelagErrorInit } from './archipelag-error'

/** A job ended `failed` or `timeout`. `message` is the job's error. */
export class JobFailedError extends ArchipelagError {
  static override readonly kind: string = 'JobFailedError'
  /** The failed job's id. */
  declare readonly jobId: string
  /** A machine-readable reason when known (`timeout`, …). */
  declare readonly errorCode?: string
  constructor(message: string, init: ArchipelagErrorInit & { jobId: string; errorCode?: string }) {
    super(message, init)
  }
}

/** A job ended `cancelled` while the caller was waiting for its result. */
export class JobCancelledError extends ArchipelagError {
  static override readonly kind: string = 'JobCancelledError'
  /** The cancelled job's id. */
  declare readonly jobId: string
  constructor(message: string, init: ArchipelagErrorInit & { jobId: string }) {
    super(message, init)
  }
}
