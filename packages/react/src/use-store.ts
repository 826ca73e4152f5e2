import type { Client } from '@archipelag/client'
import { useEffect, useLayoutEffect, useRef, useSyncExternalStore } from 'react'
import { inBrowser } from './env'
import { shared } from './registry'
import type { Store } from './store'

/** A layout effect in a page, a plain (never run) effect on the server: no warning there. */
export const useIsomorphicLayoutEffect: typeof useEffect =
  typeof document === 'undefined' ? useEffect : useLayoutEffect

/**
 * The store behind a hook: with an `id` (in a page), the one shared by every hook given that
 * id for the page's life; without one, this component's own. Creating one starts nothing.
 */
export function useStoreFor<T extends { client: Client }>(
  client: Client,
  kind: string,
  id: string | undefined,
  create: () => T,
): T {
  const own = useRef<T | undefined>(undefined)
  if (id !== undefined && inBrowser()) return shared(client, kind + id, create)
  if (own.current?.client !== client) own.current = create()
  return own.current
}

/** Reads a store's snapshot (its initial one on the server and while hydrating). */
export function useSnapshot<S>(store: Store<S>): S {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getServerSnapshot)
}

/**
 * Hands the latest options (and so the latest callbacks) to a store after every commit, so a
 * callback never sees a stale closure and an inline options object costs nothing.
 */
export function useLatestOptions<O>(store: { options: O }, options: O): void {
  useIsomorphicLayoutEffect(() => {
    store.options = options
  })
}
