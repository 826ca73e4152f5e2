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
