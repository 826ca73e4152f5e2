import type { ArchipelagError, Client, Job, StreamEvent } from '@archipelag/client'
import { QueryClient, type UseQueryResult } from '@tanstack/react-query'
import { describe, expectTypeOf, it } from 'vitest'
import {
  type ChatMessage,
  archipelagKeys,
  jobQueryOptions,
  useChat,
  useChatStream,
  useGenerateImage,
  useJob,
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

  it('keys are typed tuples and query options tag their data', () => {
    expectTypeOf(archipelagKeys.job('x')).toEqualTypeOf<readonly ['archipelag', 'job', string]>()
    const queryClient = new QueryClient()
    const cached = queryClient.getQueryData(jobQueryOptions(client, 'x').queryKey)
    expectTypeOf(cached).toEqualTypeOf<Job | undefined>()
  })
})
