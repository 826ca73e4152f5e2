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
  let handle: ReturnType<typeof setTimeout> | number | undefined
  let frame = false
  const fire = () => {
    handle = undefined
    run()
  }
  return {
    schedule() {
      if (handle !== undefined) return
      const ms = throttleMs()
      frame = ms === undefined && typeof requestAnimationFrame === 'function'
      handle = frame ? requestAnimationFrame(fire) : setTimeout(fire, ms ?? 16)
    },
    cancel() {
      if (frame) cancelAnimationFrame(handle as number)
      else clearTimeout(handle)
      handle = undefined
    },
  }
}
