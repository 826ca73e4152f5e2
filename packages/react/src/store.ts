/**
 * The framework-free base of every state machine in this package: a snapshot, listeners, and
 * one notification per change. Hooks read it through `useSyncExternalStore`; nothing here
 * knows about React.
 *
 * Leaving is deferred: when the last listener unsubscribes, {@link Store.onIdle} runs a tick
 * later, and only if nobody subscribed again in between. React StrictMode's simulated
 * unmount (unsubscribe, then subscribe again in the same commit) therefore never reaches it.
 */
export class Store<S> {
  readonly #listeners = new Set<() => void>()
  #idle: ReturnType<typeof setTimeout> | undefined
  /** The current snapshot: replaced, never mutated, so React sees each change once. */
  protected state: S
  /** The snapshot before anything happened: what the server renders and hydration expects. */
  readonly initial: S

  constructor(state: S) {
    this.state = this.initial = state
  }

  readonly getSnapshot = (): S => this.state
  readonly getServerSnapshot = (): S => this.initial

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    clearTimeout(this.#idle)
    return () => {
      this.#listeners.delete(listener)
      if (this.#listeners.size > 0) return
      clearTimeout(this.#idle)
      this.#idle = setTimeout(() => {
        if (this.#listeners.size === 0) this.onIdle()
      }, 0)
    }
  }

  /**
   * Replaces the snapshot with `patch` applied (or, `fresh`, with `patch` alone: fields it
   * lacks become undefined) and notifies every listener.
   */
  protected set(patch: Partial<S>, fresh?: boolean): void {
    this.state = fresh ? (patch as S) : { ...this.state, ...patch }
    for (const listener of [...this.#listeners]) listener()
  }

  /** The last listener left a tick ago and did not come back (a real unmount). */
  protected onIdle(): void {}
}
