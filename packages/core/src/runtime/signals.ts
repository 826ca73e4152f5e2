/**
 * The longest delay a timer takes (2^31 - 1 ms, about 24.8 days): `setTimeout` fires a
 * longer one at once. The SDK's waits treat anything longer as "no limit".
 *
 * @example
 * ```ts
 * const ms = Math.min(requested, MAX_TIMER_MS)
 * ```
 */
export const MAX_TIMER_MS = 2_147_483_647

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
    const stop = onAbort(signal, () => {
      clearTimeout(timer)
      reject(signal?.reason)
    })
    // Past a timer's range (~24.8 days) `setTimeout` fires at once: wait as long as it can.
    const timer = setTimeout(
      () => {
        stop()
        resolve()
      },
      Math.min(ms, MAX_TIMER_MS),
    )
  })
}

const noop = (): void => undefined

/** Who waits on a signal, and the one listener that tells them. */
interface Waiting {
  fns: Set<() => void>
  listener: () => void
}

const waitingOn = new WeakMap<AbortSignal, Waiting>()

/**
 * Runs `fn` once when `signal` aborts (at once if it has), until the returned function is
 * called. However many calls wait on one signal (a client's close signal, a server's
 * shutdown signal), it holds one listener, removed when the last of them lets go: no
 * listener per call (past ten, Node warns of a leak) and no `AbortSignal.any` (which, on
 * Node 20, keeps a record per call on the signal, never freed).
 *
 * @example
 * ```ts
 * const stop = onAbort(shutdown.signal, () => stream.detach())
 * await stream.finalResult().finally(stop)
 * ```
 */
export function onAbort(signal: AbortSignal | undefined, fn: () => void): () => void {
  if (!signal) return noop
  if (signal.aborted) {
    fn()
    return noop
  }
  let waiting = waitingOn.get(signal)
  if (!waiting) {
    const fns = new Set<() => void>()
    const listener = () => {
      waitingOn.delete(signal)
      for (const each of fns) {
        try {
          each()
        } catch (error) {
          queueMicrotask(() => {
            throw error // reported as a listener's error would be; the others still run
          })
        }
      }
    }
    waiting = { fns, listener }
    waitingOn.set(signal, waiting)
    signal.addEventListener('abort', listener, { once: true })
  }
  const { fns, listener } = waiting
  const entry = () => fn() // its own entry, even for a function already waiting
  fns.add(entry)
  return () => {
    if (!fns.delete(entry) || fns.size > 0) return
    signal.removeEventListener('abort', listener)
    if (waitingOn.get(signal) === waiting) waitingOn.delete(signal)
  }
}

/**
 * Aborts `controller` with `signal`'s reason when it aborts (at once if it has), until the
 * returned function is called; see {@link onAbort}.
 */
export function follow(signal: AbortSignal | undefined, controller: AbortController): () => void {
  return onAbort(signal, () => controller.abort(signal?.reason))
}

/** A signal joined from several for one call, and how to let go of them when it ends. */
export interface JoinedSignal {
  /** Aborts, with the source's reason, as soon as any source does (at once if one has). */
  readonly signal: AbortSignal
  /** Stops following the sources; call it when the call ends (safe to call twice). */
  release(): void
}

/**
 * A signal of a call's own that follows `signals` (undefined entries are ignored) until
 * `release()`, even when there is only one of them.
 */
export function ownSignal(...signals: (AbortSignal | undefined)[]): JoinedSignal {
  const controller = new AbortController()
  const stops = signals.map((source) => follow(source, controller))
  return {
    signal: controller.signal,
    release: () => {
      for (const stop of stops.splice(0)) stop()
    },
  }
}

/**
 * Joins `signals` (undefined entries are ignored) for the length of one call: unlike
 * `AbortSignal.any`, nothing stays behind on a long-lived source once `release()` is called
 * — each source holds one listener however many calls share it.
 *
 * @example
 * ```ts
 * const { signal, release } = joinSignals(userSignal, shutdown.signal)
 * try {
 *   await transport.jobs.get(id, { signal })
 * } finally {
 *   release()
 * }
 * ```
 */
export function joinSignals(...signals: (AbortSignal | undefined)[]): JoinedSignal {
  const present = signals.filter((s): s is AbortSignal => s !== undefined)
  // One source needs no signal of the call's own: it is the signal.
  if (present.length === 1) return { signal: present[0] as AbortSignal, release: noop }
  return ownSignal(...present)
}
