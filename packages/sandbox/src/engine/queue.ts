/** A queued job and, for batch children, the batch whose parallelism bounds it. */
export interface QueueItem {
  jobId: string
  parentId: string | null
}

/**
 * FIFO of jobs waiting for an Island. A job is handed out only when `eligible` says so (batch
 * children wait while their batch is at `max_parallelism`); `poke()` re-checks after that changes.
 */
export class JobQueue {
  private items: QueueItem[] = []
  private waiters: Array<(item: QueueItem | undefined) => void> = []
  private closed = false

  constructor(
    private readonly eligible: (item: QueueItem) => boolean,
    private readonly onTake: (item: QueueItem) => void,
  ) {}

  get length(): number {
    return this.items.length
  }

  push(item: QueueItem): void {
    if (this.closed) return
    this.items.push(item)
    this.dispatch()
  }

  /** Removes a job that has not started; returns whether it was queued. */
  remove(jobId: string): boolean {
    const index = this.items.findIndex((item) => item.jobId === jobId)
    if (index < 0) return false
    this.items.splice(index, 1)
    return true
  }

  /** Waits for the next eligible job; `undefined` once the queue is closed. */
  take(): Promise<QueueItem | undefined> {
    if (this.closed) return Promise.resolve(undefined)
    const item = this.next()
    if (item) return Promise.resolve(item)
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  /** Eligibility may have changed: hand jobs to idle workers. */
  poke(): void {
    this.dispatch()
  }

  close(): void {
    this.closed = true
    const waiters = this.waiters
    this.waiters = []
    for (const resolve of waiters) resolve(undefined)
  }

  private next(): QueueItem | undefined {
    for (let i = 0; i < this.items.length; i++) {
      const item = this.items[i]
      if (item && this.eligible(item)) {
        this.items.splice(i, 1)
        this.onTake(item)
        return item
      }
    }
    return undefined
  }

  private dispatch(): void {
    while (this.waiters.length > 0) {
      const item = this.next()
      if (!item) return
      this.waiters.shift()?.(item)
    }
  }
}
