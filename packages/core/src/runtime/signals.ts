/**
 * Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. The one
 * `sleep` of the SDK (core and client).
 *
 * @example
 * ```ts
 * await sleep(1_000, AbortSignal.timeout(5_000))
 * ```
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason)
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * A signal that aborts when any of `signals` does (undefined entries are ignored), with
 * that signal's reason. Uses the platform's `AbortSignal.any`, which registers no listener
 * on its sources (so a long-lived signal shared by many calls collects none).
 *
 * @example
 * ```ts
 * const signal = anySignal(userSignal, AbortSignal.timeout(10_000))
 * ```
 */
export function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal {
  const present = signals.filter((s): s is AbortSignal => s !== undefined)
  if (present.length === 1) return present[0] as AbortSignal
  const native = (AbortSignal as { any?: (s: AbortSignal[]) => AbortSignal }).any
  if (native) return native.call(AbortSignal, present)
  // Runtimes without AbortSignal.any (older Safari): one listener per source.
  const controller = new AbortController()
  for (const s of present) follow(s, controller)
  return controller.signal
}

/**
 * Aborts `controller` when `signal` does (at once if it already has); returns how to stop
 * following, so a long-lived caller signal keeps no listener once the follower is done.
 */
export function follow(
  signal: AbortSignal | undefined,
  controller: AbortController,
): (() => void) | undefined {
  if (signal?.aborted) controller.abort(signal.reason)
  if (!signal || signal.aborted) return undefined
  const onAbort = () => controller.abort(signal.reason)
  signal.addEventListener('abort', onAbort, { once: true })
  return () => signal.removeEventListener('abort', onAbort)
}
