/** The outcome of one item of {@link pool}. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown }

/**
 * Runs `fn` over `items` with at most `limit` calls in flight and gives every item an
 * outcome, in input order — never rejecting. Once `stop` aborts (e.g. on a first failure,
 * or the caller's signal), no new call starts: the items left get `stop.reason` as their
 * error, and the calls already running are awaited (none is left dangling).
 */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  stop?: AbortSignal,
): Promise<Settled<R>[]> {
  const outcomes: Settled<R>[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      if (stop?.aborted) {
        outcomes[index] = { ok: false, error: stop.reason }
        continue
      }
      try {
        outcomes[index] = { ok: true, value: await fn(items[index] as T, index) }
      } catch (error) {
        outcomes[index] = { ok: false, error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return outcomes
}
