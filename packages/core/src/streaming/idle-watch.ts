import { MAX_TIMER_MS } from '../runtime/signals'

/**
 * Notices a connection that has gone silent: `onIdle` runs once a read has waited `ms`
 * without a byte. The timer is armed when a read starts and re-armed for the time left
 * while reads keep coming, so a fast stream costs one `Date.now()` per chunk; it lapses
 * when no read is pending (a busy or departed consumer), so an abandoned stream holds no
 * timer. `ms` of 0 (or beyond a timer's range) watches nothing.
 */
export class IdleWatch {
  readonly #ms: number
  readonly #onIdle: () => void
  #timer: ReturnType<typeof setTimeout> | undefined
  /** When the pending read started (0: no read pending). */
  #since = 0
  #fired = false

  constructor(ms: number, onIdle: () => void) {
    this.#ms = ms > 0 && ms < MAX_TIMER_MS ? ms : 0
    this.#onIdle = onIdle
  }

  /** The silence that fired, if it did. */
  get fired(): boolean {
    return this.#fired
  }

  /** A read starts waiting. */
  reading(): void {
    this.#since = Date.now()
    if (this.#timer === undefined && this.#ms > 0) this.#arm(this.#ms)
  }

  /** The read came back. */
  read(): void {
    this.#since = 0
  }

  /** Stops watching (the connection is over). */
  stop(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    this.#since = 0
  }

  #arm(ms: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      if (this.#since === 0) return
      const left = this.#since + this.#ms - Date.now()
      if (left > 0) this.#arm(left)
      else {
        this.#fired = true
        this.#onIdle()
      }
    }, ms)
  }
}
