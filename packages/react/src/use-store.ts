import type { Client } from '@archipelag/client'
import { useEffect, useLayoutEffect, useRef, useSyncExternalStore } from 'react'
import { inBrowser } from './env'
import { useArchipelagClient } from './provider'
import { shared } from './registry'
import type { Store } from './store'

/** A layout effect in a page, a plain (never run) effect on the server: no warning there. */
const useIsomorphicLayoutEffect: typeof useEffect =
  typeof document === 'undefined' ? useEffect : useLayoutEffect

/** A store a hook bridges: its snapshot, its client and the options the hook hands it. */
export type HookStore = Store<unknown> & { readonly client: Client; options: unknown }

/**
 * The whole of what a stateful hook does with its store (STYLE.md habit 6):
 * - finds it: with an `id` (in a page), the one shared by every hook given that id for the
 *   page's life; without one, this component's own. Creating one starts nothing;
 * - hands it the latest options after every commit, so a callback never sees a stale closure
 *   and an inline options object costs nothing;
 * - reads its snapshot through `useSyncExternalStore` (the initial one on the server and
 *   while hydrating).
 */
export function useStore<T extends HookStore>(
  kind: string,
  id: string | undefined,
  create: (client: Client) => T,
  options: T['options'],
): [T, ReturnType<T['getSnapshot']>] {
  const client = useArchipelagClient()
  const own = useRef<T | undefined>(undefined)
  let store: T
  if (id !== undefined && inBrowser()) store = shared(client, kind + id, () => create(client))
  else {
    if (own.current?.client !== client) own.current = create(client)
    store = own.current
  }
  useIsomorphicLayoutEffect(() => {
    store.options = options
  })
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getServerSnapshot)
  return [store, state as ReturnType<T['getSnapshot']>]
}
