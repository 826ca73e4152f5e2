/** The outcome of one item of {@link mapConcurrent} in `settled` mode. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown }

/**
 * Runs `fn` over `items` with at most `limit` calls in flight and returns the results in
 * input order. The first failure stops new calls from starting and rejects once the calls
 * already running have finished (so none is left dangling). An aborted `signal` stops new
 * calls the same way.
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const outcomes = await runPool(items, limit, fn, true, signal)
  const failure = outcomes.find((o) => !o.ok)
  if (failure && !failure.ok) throw failure.error
  return outcomes.map((o) => (o as { ok: true; value: R }).value)
}

/**
 * Like {@link mapConcurrent} but never rejects: every item gets an outcome, in input order.
 * Items not started because `signal` aborted get the abort reason as their error.
 */
export function mapConcurrentSettled<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<Settled<R>[]> {
  return runPool(items, limit, fn, false, signal)
}

async function runPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  stopOnError: boolean,
  signal?: AbortSignal,
): Promise<Settled<R>[]> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${limit}`)
  }
  const outcomes: Settled<R>[] = new Array(items.length)
  let next = 0
  let stopped = false
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      if (stopped || signal?.aborted) {
        outcomes[index] = { ok: false, error: signal?.reason ?? new Error('not started') }
        continue
      }
      try {
        outcomes[index] = { ok: true, value: await fn(items[index] as T, index) }
      } catch (error) {
        outcomes[index] = { ok: false, error }
        if (stopOnError) stopped = true
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return outcomes
}
