import type { Client } from '@archipelag/client'
import type { QueryClient } from '@tanstack/react-query'

/** Where a hook's work lives, and what unmounting does to it (every stateful hook has these). */
export interface LifeOptions {
  /**
   * Share this state with every hook of the same kind given the same id, and keep its work
   * running when they unmount: a component that mounts again shows it still going.
   */
  id?: string
  /**
   * What the last component leaving does to running work: `true` cancels the job(s) on the
   * server; `false` lets them run on (without an `id`, the hook stops following them). Default:
   * without an `id`, cancel what the hook started and stop following what it only watches;
   * with an `id`, keep it all running.
   */
  cancelOnUnmount?: boolean
}

/**
 * The framework-free base of every state machine in this package: a snapshot, listeners, and
 * one notification per change. Hooks read it through `useSyncExternalStore`; nothing here
 * knows about React. It also tells the query cache about the jobs it creates and sees end.
 *
 * Leaving is deferred: when the last listener unsubscribes, the store lets go of its work a
 * tick later, and only if nobody subscribed again in between. React StrictMode's simulated
 * unmount (unsubscribe, then subscribe again in the same commit) therefore never reaches it.
 */
export abstract class Store<S, O extends LifeOptions = LifeOptions> {
  // Fields assigned in the constructor are `declare`d: nothing emitted for them but the assignment.
  readonly #listeners = new Set<() => void>()
  #idle: ReturnType<typeof setTimeout> | undefined
  /** The latest options of the hook(s) using this store. */
  abstract options: O
  declare readonly client: Client
  /** The hook's query cache, told of each job created and ended here (see `jobsChanged`). */
  declare readonly cache: QueryClient
  /** Kept in a registry by id (for the page's life): unmounting leaves its work running. */
  declare readonly keep: boolean
  /** The current snapshot: replaced, never mutated, so React sees each change once. */
  declare protected state: S
  /** The snapshot before anything happened: what the server renders and hydration expects. */
  declare readonly initial: S

  constructor(client: Client, cache: QueryClient, { id }: O, state: S) {
    this.client = client
    this.cache = cache
    this.keep = id !== undefined
    this.state = this.initial = state
  }

  readonly getSnapshot = (): S => this.state
  readonly getServerSnapshot = (): S => this.initial

  readonly subscribe = (listener: () => void): (() => void) => {
    const listeners = this.#listeners
    listeners.add(listener)
    // Someone came back before the tick: nobody left.
    clearTimeout(this.#idle)
    return () => {
      listeners.delete(listener)
      if (listeners.size) return
      this.#idle = setTimeout(() => {
        const cancel = this.options.cancelOnUnmount
        if (cancel || !this.keep) this.leave(cancel)
      }, 0)
    }
  }

  /**
   * The last component left (a real unmount) and the work is not kept: `cancel` it on the
   * server, or (`false`) only stop following it; `undefined` is the default (cancel what this
   * store started, stop following what it only watches).
   */
  leave(_cancel: boolean | undefined): void {}

  /**
   * Replaces the snapshot with `patch` applied (or, `fresh`, with `patch` alone: fields it
   * lacks become undefined) and notifies every listener.
   */
  protected set(patch: Partial<S>, fresh?: boolean): void {
    this.state = fresh ? (patch as S) : { ...this.state, ...patch }
    for (const listener of [...this.#listeners]) listener()
  }
}
