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
 * that signal's reason, for as long as the result lives. Uses the platform's
 * `AbortSignal.any`, which on Node 20 leaves a small record on each source per call that is
 * never freed: to join a long-lived signal (a server's shutdown signal) call after call, use
 * {@link joinSignals}, which lets go when the call ends.
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

/** The attempts in flight under one caller signal, and its one `abort` listener. */
interface Followers {
  attempts: Set<AbortController>
  onAbort: () => void
}

const followersOf = new WeakMap<AbortSignal, Followers>()

/**
 * Aborts `attempt` when the caller's `signal` does, until the returned function is called.
 * However many calls share a signal (a client's close signal is under every request), it
 * holds one listener, removed when its last call ends: no `AbortSignal.any` (which, on
 * Node 20, leaves a weak reference on the signal per call, never freed) and no listener per
 * call (past ten, Node warns of a leak).
 *
 * @internal
 */
export function followCaller(signal: AbortSignal, attempt: AbortController): () => void {
  if (signal.aborted) attempt.abort(signal.reason)
  let followers = followersOf.get(signal)
  if (!followers) {
    const attempts = new Set<AbortController>()
    const onAbort = () => {
      for (const each of attempts) each.abort(signal.reason)
    }
    followers = { attempts, onAbort }
    followersOf.set(signal, followers)
    signal.addEventListener('abort', onAbort)
  }
  const { attempts, onAbort } = followers
  attempts.add(attempt)
  return () => {
    attempts.delete(attempt)
    if (attempts.size > 0) return
    signal.removeEventListener('abort', onAbort)
    followersOf.delete(signal)
  }
}

/** A signal joined from several for one call, and how to let go of them when it ends. */
export interface JoinedSignal {
  /** Aborts, with the source's reason, as soon as any source does (at once if one has). */
  readonly signal: AbortSignal
  /** Stops following the sources; call it when the call ends (safe to call twice). */
  release(): void
}

const noRelease = (): void => undefined

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
  if (present.length === 1) return { signal: present[0] as AbortSignal, release: noRelease }
  const controller = new AbortController()
  const stops = present.map((source) => followCaller(source, controller))
  return {
    signal: controller.signal,
    release: () => {
      for (const stop of stops.splice(0)) stop()
    },
  }
}
