import {
  type UseBatchResult,
  type UseGenerateImageResult,
  archipelagKeys,
  useBatch,
  useGenerateImage,
} from '@archipelag/react'
import { useQueryClient } from '@tanstack/react-query'
import { type ReactNode, createContext, useCallback, useContext } from 'react'

/**
 * Refreshes what a job changes: the credits and the job lists. Called when a job starts and
 * when it ends (a refund comes at the end).
 */
export function useRefreshAfterJob(): () => void {
  const queryClient = useQueryClient()
  return useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: archipelagKeys.account() })
    void queryClient.invalidateQueries({ queryKey: archipelagKeys.jobs() })
  }, [queryClient])
}

interface Work {
  image: UseGenerateImageResult
  batch: UseBatchResult
}

const WorkContext = createContext<Work | null>(null)

/**
 * The image and the batch in progress live here, above the pages: `useGenerateImage` and
 * `useBatch` cancel their jobs when the component using them unmounts, and leaving the
 * Images page should not throw away an image half made.
 */
export function WorkProvider({ children }: { children: ReactNode }) {
  const refresh = useRefreshAfterJob()
  const image = useGenerateImage({ onFinish: refresh, onError: refresh })
  const batch = useBatch({ onResult: refresh })
  return <WorkContext.Provider value={{ image, batch }}>{children}</WorkContext.Provider>
}

/** The image and the batch in progress (see {@link WorkProvider}). */
export function useWork(): Work {
  const work = useContext(WorkContext)
  if (!work) throw new Error('useWork needs a <WorkProvider> above')
  return work
}
