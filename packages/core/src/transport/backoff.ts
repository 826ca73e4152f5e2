/**
 * Delay before retry number `retry` (0 = first retry): `initial · 2^retry`, capped at
 * `max`, with "equal jitter" (between half and all of it) so clients spread out.
 */
export function backoffDelay(
  retry: number,
  initialMs: number,
  maxMs: number,
  random = Math.random(),
): number {
  const base = Math.min(maxMs, initialMs * 2 ** retry)
  return Math.round(base / 2 + (random * base) / 2)
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason)
  if (ms <= 0 && !signal) return Promise.resolve()
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
