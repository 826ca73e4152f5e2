/**
 * One read of a stream in flight at a time. A read asked for while another is running
 * (a second `next()` before the first settled, `nextBatch()` beside a `for await`) waits
 * for it and then asks again, so two reads never fill, and hand out, the same buffer.
 */
export class OneRead {
  #running: Promise<unknown> | undefined

  /** Whether a read is in flight. */
  get busy(): boolean {
    return this.#running !== undefined
  }

  /** Starts `read`, the one in flight until it settles. */
  start<T>(read: () => Promise<T>): Promise<T> {
    const running = read()
    this.#running = running
    const settled = () => {
      if (this.#running === running) this.#running = undefined
    }
    running.then(settled, settled)
    return running
  }

  /** Runs `again` once the read in flight has settled, however it did. */
  after<T>(again: () => Promise<T>): Promise<T> {
    const running = this.#running ?? Promise.resolve()
    return running.then(again, again)
  }
}
