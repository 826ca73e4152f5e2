import type { Client } from '@archipelag/client'
import { QueryClient } from '@tanstack/react-query'
import { type ReactNode, StrictMode } from 'react'
import { ArchipelagProvider } from '../../src/index'

/** A query cache for one test (no retries: the client already retried). */
export function testQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false } } })
}

interface ProvidersProps {
  client: Client
  queryClient: QueryClient
  strict?: boolean
  children?: ReactNode
}

/** The provider, in StrictMode when asked. */
export function Providers({ client, queryClient, strict, children }: ProvidersProps) {
  const tree = (
    <ArchipelagProvider client={client} queryClient={queryClient}>
      {children}
    </ArchipelagProvider>
  )
  return strict ? <StrictMode>{tree}</StrictMode> : tree
}

/** A `wrapper` for `render`/`renderHook`: {@link Providers} with one query cache. */
export function providers(
  client: Client,
  options: { strict?: boolean; queryClient?: QueryClient } = {},
) {
  const queryClient = options.queryClient ?? testQueryClient()
  return ({ children }: { children: ReactNode }) => (
    <Providers client={client} queryClient={queryClient} strict={options.strict}>
      {children}
    </Providers>
  )
}
