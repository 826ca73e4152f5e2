import { ArchipelagError, Client } from '@archipelag/client'
import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query'
import { type ReactNode, createContext, createElement, useContext, useState } from 'react'
import { inBrowser } from './env'

/** Props of {@link ArchipelagProvider}. */
export interface ArchipelagProviderProps {
  /** The client every hook below uses. In a page: `new Client({ apiKey: null, baseUrl: '/api/archipelag' })`. */
  client?: Client
  /** The query cache. Default: the one of a `QueryClientProvider` above, else a new one. */
  queryClient?: QueryClient
  /**
   * @deprecated The official 0.1 package's prop, kept for migration: a key in a page can be
   * read by anyone who opens it (a warning says so). Serve the API through
   * `@archipelag/client/proxy` and pass `client` instead.
   */
  apiKey?: string
  /** @deprecated With `apiKey` (official 0.1): pass `client` instead. */
  baseUrl?: string
  children?: ReactNode
}

const ArchipelagContext = createContext<Client | null>(null)

const KEY_IN_PAGE = 'A key in a page is public: use @archipelag/client/proxy'

/**
 * Provides the Archipelag client to the hooks below it, and a TanStack `QueryClient` when
 * there is none above it.
 *
 * @example
 * const client = new Client({ apiKey: null, baseUrl: '/api/archipelag' })
 * root.render(<ArchipelagProvider client={client}><App /></ArchipelagProvider>)
 */
export function ArchipelagProvider(props: ArchipelagProviderProps): ReactNode {
  const { client, queryClient, apiKey, baseUrl, children } = props
  // The official 0.1 props: a client of our own, warning that a key in a page is public.
  const [own] = useState(() => {
    if (client) return undefined
    if (apiKey && inBrowser()) console.warn(KEY_IN_PAGE)
    return new Client({ apiKey, baseUrl, dangerouslyAllowBrowser: true })
  })
  const outer = useContext(QueryClientContext)
  const [created] = useState(() => (queryClient || outer ? undefined : new QueryClient()))
  // The cache above (if any) is provided again: the same one, so nothing changes for it.
  return createElement(
    QueryClientProvider,
    { client: (queryClient ?? outer ?? created) as QueryClient },
    createElement(ArchipelagContext.Provider, { value: client ?? own ?? null }, children),
  )
}

/**
 * The client of the nearest {@link ArchipelagProvider}.
 *
 * @throws ArchipelagError when there is no provider above
 * @example
 * const client = useArchipelagClient()
 * await queryClient.prefetchQuery(jobQueryOptions(client, id))
 */
export function useArchipelagClient(): Client {
  const client = useContext(ArchipelagContext)
  if (!client) {
    throw new ArchipelagError('No <ArchipelagProvider> above', {
      code: 'missing_provider',
    })
  }
  return client
}

/**
 * The official 0.1 package's accessor: `{ client }`.
 *
 * @example
 * const { client } = useArchipelag()
 */
export function useArchipelag(): { client: Client } {
  return { client: useArchipelagClient() }
}
