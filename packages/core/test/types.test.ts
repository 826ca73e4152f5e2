import { describe, expectTypeOf, it } from 'vitest'
import type {
  ChatCompletion,
  ChatCompletionChunk,
  JobStatus,
  JobStream,
  StreamEvent,
  Transport,
  Usage,
} from '../src/index'

// Compile-time checks of the public types (`pnpm typecheck` fails if they break);
// the runtime bodies below only narrow values.
describe('public types', () => {
  it('StreamEvent narrows on `type`', () => {
    const handle = (event: StreamEvent) => {
      switch (event.type) {
        case 'token':
          expectTypeOf(event.content).toEqualTypeOf<string>()
          break
        case 'status':
          expectTypeOf(event.status).toEqualTypeOf<JobStatus>()
          break
        case 'progress':
          expectTypeOf(event.step).toEqualTypeOf<number>()
          break
        case 'image':
          expectTypeOf(event.imageData).toEqualTypeOf<string>()
          break
        case 'done':
          expectTypeOf(event.usage).toEqualTypeOf<Usage | undefined>()
          break
        case 'error':
          expectTypeOf(event.error).toEqualTypeOf<string>()
          break
        case 'unknown':
          expectTypeOf(event.raw).toEqualTypeOf<unknown>()
          break
        default:
          expectTypeOf(event).toEqualTypeOf<never>()
      }
      expectTypeOf(event.eventId).toEqualTypeOf<string | undefined>()
    }
    handle({ type: 'token', content: 'x' })
  })

  it('chatCompletions.create is typed by `stream`', () => {
    type Create = Transport['chatCompletions']['create']
    const messages = [{ role: 'user', content: 'hi' }]
    expectTypeOf<Create>()
      .parameter(0)
      .toMatchTypeOf<{ model: string; messages: typeof messages }>()
    const whole = (create: Create) => create({ model: 'llm-chat', messages })
    const streamed = (create: Create) => create({ model: 'llm-chat', messages, stream: true })
    expectTypeOf(whole).returns.toEqualTypeOf<Promise<ChatCompletion>>()
    expectTypeOf(streamed).returns.toEqualTypeOf<Promise<AsyncIterable<ChatCompletionChunk>>>()
  })

  it('jobs.stream returns a JobStream of StreamEvents', () => {
    expectTypeOf<Transport['jobs']['stream']>().returns.toEqualTypeOf<JobStream>()
    expectTypeOf<JobStream>().toMatchTypeOf<AsyncIterable<StreamEvent>>()
    expectTypeOf<JobStream['lastEventId']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<ReturnType<JobStream['tee']>>().toEqualTypeOf<[JobStream, JobStream]>()
    expectTypeOf<ReturnType<JobStream['toReadableStream']>>().toEqualTypeOf<
      ReadableStream<StreamEvent>
    >()
  })
})
