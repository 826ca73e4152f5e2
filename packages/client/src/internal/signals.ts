/**
 * A signal that aborts when any of `signals` does (undefined entries are ignored).
 * Uses `AbortSignal.any` where the runtime has it.
 */
export function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal {
  const present = signals.filter((s): s is AbortSignal => s !== undefined)
  // A fresh signal even for one source: each request then listens on its own signal, so
  // a hundred concurrent calls do not pile listeners onto one shared signal.
  const native = (AbortSignal as { any?: (s: AbortSignal[]) => AbortSignal }).any
  if (native) return native.call(AbortSignal, present)
  if (present.length === 1) return present[0] as AbortSignal
  const controller = new AbortController()
  for (const s of present) {
    if (s.aborted) {
      controller.abort(s.reason)
      break
    }
    s.addEventListener('abort', () => controller.abort(s.reason), { once: true })
  }
  return controller.signal
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** A signal that aborts after `ms` (never for `Infinity`); `clear()` stops the timer. */
export function timer(ms: number): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController()
  const handle = Number.isFinite(ms) ? setTimeout(() => controller.abort(), ms) : undefined
  return { signal: controller.signal, clear: () => clearTimeout(handle) }
}
