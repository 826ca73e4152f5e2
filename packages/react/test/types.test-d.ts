import type { ArchipelagError, Client, Job, StreamEvent } from '@archipelag/client'
import { QueryClient, type UseQueryResult } from '@tanstack/react-query'
import { describe, expectTypeOf, it } from 'vitest'
import {
  type ChatMessage,
  archipelagKeys,
  jobQueryOptions,
  useChat,
  useChatStream,
  useBatch,
  useGenerateImage,
  useJob,
  useJobs,
} from '../src/index'

declare const client: Client

describe('public types', () => {
  it('useChatStream: statuses, typed error, events', () => {
    const s = useChatStream({ throttleMs: 50 })
    expectTypeOf(s.status).toEqualTypeOf<
      'idle' | 'submitted' | 'streaming' | 'done' | 'error' | 'cancelled'
    >()
    expectTypeOf(s.error).toEqualTypeOf<ArchipelagError | undefined>()
    expectTypeOf(s.events).toEqualTypeOf<readonly StreamEvent[]>()
    expectTypeOf(s.start).parameters.toEqualTypeOf<
      [
        prompt: string,
        request?: {
          systemPrompt?: string
          maxTokens?: number
          temperature?: number
          workload?: string
        },
      ]
    >()
  })

  it('useChat: persist needs an id; messages carry ids and statuses', () => {
    useChat({ id: 'a', persist: true })
    // @ts-expect-error persist without an id has nowhere to be saved under
    useChat({ persist: true })
    const chat = useChat({ onFinish: (content, _usage, message) => [content, message.id] })
    expectTypeOf(chat.messages).toEqualTypeOf<readonly ChatMessage[]>()
    expectTypeOf<ChatMessage['status']>().toEqualTypeOf<
      'streaming' | 'done' | 'cancelled' | 'error' | undefined
    >()
  })

  it('useJob is a query of a Job with the SDK error type', () => {
    expectTypeOf(useJob('job_1')).toEqualTypeOf<UseQueryResult<Job, ArchipelagError>>()
    expectTypeOf(useGenerateImage().error).toEqualTypeOf<ArchipelagError | undefined>()
  })

  it("a batch's rejected result carries the SDK error type; useJobs takes query options", () => {
    const outcome = useBatch({ id: 'b', cancelOnUnmount: false }).results[0]
    if (outcome?.status === 'rejected') {
      expectTypeOf(outcome.error).toEqualTypeOf<ArchipelagError>()
      expectTypeOf(outcome.jobId).toEqualTypeOf<string>()
    }
    useJobs({ limit: 5 }, { enabled: false, refetchInterval: 1000 })
    // @ts-expect-error the key and the function are the hook's own
    useJobs({}, { queryKey: ['x'] })
    useGenerateImage({ id: 'hero', cancelOnUnmount: true })
  })

  it('keys are typed tuples and query options tag their data', () => {
    expectTypeOf(archipelagKeys.job('x')).toEqualTypeOf<readonly ['archipelag', 'job', string]>()
    const queryClient = new QueryClient()
    const cached = queryClient.getQueryData(jobQueryOptions(client, 'x').queryKey)
    expectTypeOf(cached).toEqualTypeOf<Job | undefined>()
  })
})
