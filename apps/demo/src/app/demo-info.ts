import { useQuery } from '@tanstack/react-query'
import type { DemoInfo } from '../server/demo-api'

export type { DemoInfo }

/**
 * What the demo's server says about itself (`/api/demo/info`): the sandbox or a real API,
 * and which key it uses itself. Never the key.
 */
export function useDemoInfo(): DemoInfo | undefined {
  return useQuery({
    queryKey: ['demo', 'info'],
    queryFn: async ({ signal }): Promise<DemoInfo> => {
      const res = await fetch('/api/demo/info', { signal })
      if (!res.ok) throw new Error(`The demo server answered ${res.status}`)
      return res.json()
    },
    staleTime: Number.POSITIVE_INFINITY,
    retry: 2,
  }).data
}
