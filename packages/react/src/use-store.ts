import type { Client } from '@archipelag/client'
import { type QueryClient, useQueryClient } from '@tanstack/react-query'
import { useEffect, useLayoutEffect, useRef, useSyncExternalStore } from 'react'
import { inBrowser } from './env'
import { useArchipelagClient } from './provider'
import { shared } from './registry'
import type { Store } from './store'

/** A layout effect in a page, a plain (never run) effect on the server: no warning there. */
const useIsomorphicLayoutEffect: typeof useEffect =
  typeof document === 'undefined' ? useEffect : useLayoutEffect

/** A store class a hook bridges: made from the client, the query cache and the hook's options. */
// biome-ignore lint/suspicious/noExplicitAny: any store, whatever its state and options
type AnyStore = Store<any, any>
export type StoreClass<T extends AnyStore> = new (
  client: Client,
  cache: QueryClient,
  options: T['options'],
) => T

/**
 * The whole of what a stateful hook does with its store (STYLE.md habit 6):
 * - finds it: with an `id` (in a page), the one shared by every hook of this `kind` given
 *   that id for the page's life; without one, this component's own. Creating one starts
 *   nothing;
 * - hands it the latest options after every commit, so a callback never sees a stale closure
 *   and an inline options object costs nothing;
 * - reads its snapshot through `useSyncExternalStore` (the initial one on the server and
 *   while hydrating).
 */
export function useStore<T extends AnyStore>(
  kind: string,
  Class: StoreClass<T>,
  options: T['options'],
): [T, ReturnType<T['getSnapshot']>] {
  const client = useArchipelagClient()
  const cache = useQueryClient()
  const own = useRef<T | undefined>(undefined)
  const { id } = options
  let store: T
  if (id !== undefined && inBrowser()) {
    store = shared(client, kind + id, () => new Class(client, cache, options))
  } else {
    if (own.current?.client !== client) own.current = new Class(client, cache, options)
    store = own.current
  }
  useIsomorphicLayoutEffect(() => {
    store.options = options
  })
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getServerSnapshot)
  return [store, state]
}
