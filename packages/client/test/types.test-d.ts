import { describe, expectTypeOf, it } from 'vitest'
import * as sdk from '../src/index'
import { Archipelag, Client } from '../src/index'
import type {
  ApiKey,
  ApiKeyPair,
  ChatResult,
  ChatStream,
  CreateOutcome,
  GeneratedImage,
  Job,
  JobOutcome,
  StreamEvent,
  Usage,
} from '../src/index'

declare const client: Client
declare const stream: ChatStream

describe('StreamEvent', () => {
  it('narrows on type', () => {
    const event = {} as StreamEvent
    if (event.type === 'token') expectTypeOf(event.content).toEqualTypeOf<string>()
    if (event.type === 'progress') {
      expectTypeOf(event.step).toEqualTypeOf<number>()
      expectTypeOf(event.total).toEqualTypeOf<number>()
    }
    if (event.type === 'done') expectTypeOf(event.usage).toEqualTypeOf<Usage | undefined>()
    if (event.type === 'error') expectTypeOf(event.error).toEqualTypeOf<string>()
    if (event.type === 'image') expectTypeOf(event.imageData).toEqualTypeOf<string>()
    expectTypeOf(event.eventId).toEqualTypeOf<string | undefined>()
  })
})

describe('ChatStream', () => {
  it('is an async iterable of events, awaitable to a ChatResult', () => {
    expectTypeOf(client.chatStream('hi')).toEqualTypeOf<ChatStream>()
    expectTypeOf(stream).toMatchTypeOf<AsyncIterable<StreamEvent>>()
    expectTypeOf(stream).toMatchTypeOf<PromiseLike<ChatResult>>()
    expectTypeOf(stream.textStream).toEqualTypeOf<AsyncIterable<string>>()
    expectTypeOf(stream.finalResult()).toEqualTypeOf<Promise<ChatResult>>()
    expectTypeOf(stream.toReadableStream()).toEqualTypeOf<ReadableStream<Uint8Array>>()
    expectTypeOf(stream.jobId).toEqualTypeOf<string | undefined>()
    expectTypeOf(stream.abort()).toEqualTypeOf<Promise<void>>()
    expectTypeOf(stream.detach()).toEqualTypeOf<void>()
  })

  it('takes the official SDK callbacks', () => {
    client.chatStream('hi', {
      onToken: (text) => expectTypeOf(text).toEqualTypeOf<string>(),
      onProgress: (step, total) => expectTypeOf([step, total]).toEqualTypeOf<number[]>(),
      onDone: (usage) => expectTypeOf(usage).toEqualTypeOf<Usage | undefined>(),
      onError: (error) => expectTypeOf(error).toEqualTypeOf<unknown>(),
    })
  })
})

describe('Client lifecycle', () => {
  it('is also exported as Archipelag', () => {
    expectTypeOf(Archipelag).toEqualTypeOf(Client)
  })

  it('supports await using and start()', async () => {
    await using scoped = new Client({ apiKey: 'ak_x' })
    expectTypeOf(scoped.closed).toEqualTypeOf<boolean>()
    const job = await stream.start()
    expectTypeOf(job.id).toEqualTypeOf<string>()
  })
})

describe('Client results', () => {
  it('createApiKey destructures both ways', async () => {
    const pair = await client.createApiKey({ name: 'k' })
    expectTypeOf(pair).toEqualTypeOf<ApiKeyPair>()
    const [info, key] = pair
    expectTypeOf(info).toEqualTypeOf<ApiKey>()
    expectTypeOf(key).toEqualTypeOf<string>()
    expectTypeOf(pair.apiKey).toEqualTypeOf<ApiKey>()
  })

  it('batch and waitAll switch their result on settled', () => {
    expectTypeOf(client.batch([])).toEqualTypeOf<Promise<Job[]>>()
    expectTypeOf(client.batch([], { settled: true })).toEqualTypeOf<Promise<CreateOutcome[]>>()
    expectTypeOf(client.waitAll([])).toEqualTypeOf<Promise<Job[]>>()
    expectTypeOf(client.waitAll([], { settled: true })).toEqualTypeOf<Promise<JobOutcome[]>>()
  })

  it('generateImage gives an ImageResult with bytes()', () => {
    expectTypeOf(client.generateImage('x')).toEqualTypeOf<Promise<GeneratedImage>>()
    expectTypeOf<GeneratedImage['bytes']>().returns.toMatchTypeOf<Uint8Array>()
  })

  it('createJob accepts both forms only', () => {
    client.createJob({ workload: 'llm-chat', input: { prompt: 'x' } })
    client.createJob('llm-chat', { prompt: 'x' })
    // @ts-expect-error the input is required in the positional form
    client.createJob('llm-chat')
  })
})

describe('the seed models', () => {
  it('are each a type and a parse/toJSON pair', () => {
    expectTypeOf(sdk.Job.parse({})).toEqualTypeOf<Job>()
    expectTypeOf(sdk.ChatResult.parse({})).toEqualTypeOf<ChatResult>()
    expectTypeOf(sdk.ImageResult.parse({})).toEqualTypeOf<sdk.ImageResult>()
    expectTypeOf(sdk.Account.parse({})).toEqualTypeOf<sdk.Account>()
    expectTypeOf(sdk.ApiKey.parse({})).toEqualTypeOf<ApiKey>()
    expectTypeOf(sdk.Workload.parse({})).toEqualTypeOf<sdk.Workload>()
    expectTypeOf(sdk.Usage.toJSON).parameter(0).toEqualTypeOf<Usage>()
    expectTypeOf(sdk.JobStatus.parse('x')).toEqualTypeOf<sdk.JobStatus>()
    expectTypeOf<sdk.JobStatus>().toEqualTypeOf<Job['status']>()
    // GeneratedImage is an ImageResult, so it serialises with ImageResult.toJSON.
    expectTypeOf<GeneratedImage>().toMatchTypeOf<sdk.ImageResult>()
  })
})
