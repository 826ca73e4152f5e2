import { ArchipelagError, type ArchipelagErrorInit } from './archipelag-error'

/** No answer: DNS failure, refused or reset connection, or a stream that could not be resumed. */
export class ConnectionError extends ArchipelagError {
  static override readonly kind: string = 'ConnectionError'
}

/** A time budget ran out: a request attempt's `timeout`, or a wait for a job. */
export class TimeoutError extends ArchipelagError {
  static override readonly kind: string = 'TimeoutError'
  /** The job being waited for, when the timeout is about a job. */
  declare readonly jobId?: string
  constructor(message: string, init: ArchipelagErrorInit & { jobId?: string } = {}) {
    super(message, init)
    if (init.jobId !== undefined) this.jobId = init.jobId
  }
}
