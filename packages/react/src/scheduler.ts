/** Coalesces many "something changed" calls into one `run` per animation frame. */
export interface FrameScheduler {
  /** Runs `run` on the next frame (or after `throttleMs`) unless already scheduled. */
  schedule(): void
  /** Forgets a scheduled run (the caller is about to run it itself). */
  cancel(): void
}

/**
 * One `run` per animation frame, whatever the rate of `schedule()` calls; with a
 * `throttleMs`, one per that many ms instead. Where there is no `requestAnimationFrame`
 * (tests without a DOM), a 16 ms timer stands in for a frame.
 *
 * @example
 * const frame = frameScheduler(() => commit(), () => options.throttleMs)
 * onToken = () => frame.schedule()
 */
export function frameScheduler(
  run: () => void,
  throttleMs: () => number | undefined,
): FrameScheduler {
  let cancel: (() => void) | undefined
  const fire = () => {
    cancel = undefined
    run()
  }
  return {
    schedule() {
      if (cancel) return
      const ms = throttleMs()
      if (ms === undefined && typeof requestAnimationFrame === 'function') {
        const handle = requestAnimationFrame(fire)
        cancel = () => cancelAnimationFrame(handle)
      } else {
        const handle = setTimeout(fire, ms ?? 16)
        cancel = () => clearTimeout(handle)
      }
    },
    cancel() {
      cancel?.()
      cancel = undefined
    },
  }
}
