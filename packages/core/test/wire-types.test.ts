import { describe, expectTypeOf, it } from 'vitest'
import type * as z from 'zod/mini'
import type {
  Account,
  ApiKey,
  Batch,
  BatchJob,
  BatchStatus,
  ChatCompletion,
  ChatCompletionChunk,
  ChatResult,
  Host,
  ImageResult,
  Job,
  MarketRate,
  Model,
  Usage,
  Workload,
} from '../src/index'
import type { AccountWireSchema } from '../src/models/account'
import type { ApiKeyWireSchema } from '../src/models/api-key'
import type {
  BatchJobWireSchema,
  BatchStatusWireSchema,
  BatchWireSchema,
} from '../src/models/batch'
import type {
  ChatCompletionChunkWireSchema,
  ChatCompletionWireSchema,
} from '../src/models/chat-completion'
import type { HostWireSchema } from '../src/models/host'
import type { JobWireSchema } from '../src/models/job'
import type { MarketRateWireSchema } from '../src/models/market-rate'
import type { ModelWireSchema } from '../src/models/model'
import type { ChatResultWireSchema, ImageResultWireSchema } from '../src/models/results'
import type { UsageWireSchema } from '../src/models/usage'
import type { WorkloadWireSchema } from '../src/models/workload'

// Each model interface is tied to its wire schema at compile time (`pnpm typecheck`):
// its named fields are exactly the schema's fields in camelCase, and every field the wire
// requires the model has too. A field added on one side only fails here.

/** `created_at` → `createdAt`. */
type Camel<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<Camel<Tail>>}`
  : S
/** `T` without its index signature (models keep unknown wire fields). */
type Named<T> = {
  [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K]
}
type RequiredKeys<T> = {
  [K in keyof T]-?: undefined extends T[K] ? never : K
}[keyof T]

type WireFields<S extends z.core.SomeType> = Named<z.output<S>>
type ModelKeysOf<S extends z.core.SomeType> = Camel<keyof WireFields<S> & string>
type RequiredOf<S extends z.core.SomeType> = Camel<RequiredKeys<WireFields<S>> & string>

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false

/** `true` when model `M` matches wire schema `S`; otherwise what differs. */
type Tie<M, S extends z.core.SomeType> =
  Equal<keyof Named<M>, ModelKeysOf<S>> extends true
    ? [RequiredOf<S>] extends [RequiredKeys<Named<M>>]
      ? true
      : { requiredOnTheWireOnly: Exclude<RequiredOf<S>, RequiredKeys<Named<M>>> }
    : {
        modelOnly: Exclude<keyof Named<M>, ModelKeysOf<S>>
        wireOnly: Exclude<ModelKeysOf<S>, keyof Named<M>>
      }

describe('every model is tied to its wire schema', () => {
  it('compiles', () => {
    expectTypeOf<Tie<Job, typeof JobWireSchema>>().toEqualTypeOf<true>()
    expectTypeOf<Tie<Usage, typeof UsageWireSchema>>().toEqualTypeOf<true>()
    expectTypeOf<Tie<Workload, typeof WorkloadWireSchema>>().toEqualTypeOf<true>()
    expectTypeOf<Tie<Account, typeof AccountWireSchema>>().toEqualTypeOf<true>()
    expectTypeOf<Tie<ApiKey, typeof ApiKeyWireSchema>>().toEqualTypeOf<true>()
    expectTypeOf<Tie<Batch, typeof BatchWireSchema>>().toEqualTypeOf<true>()
    expectTypeOf<
      Tie<Batch['batch'], (typeof BatchWireSchema)['shape']['batch']>
    >().toEqualTypeOf<true>()
    expectTypeOf<Tie<BatchJob, typeof BatchJobWireSchema>>().toEqualTypeOf<true>()
    expectTypeOf<Tie<BatchStatus, typeof BatchStatusWireSchema>>().toEqualTypeOf<true>()
    expectTypeOf<Tie<ChatCompletion, typeof ChatCompletionWireSchema>>().toEqualTypeOf<true>()
    expectTypeOf<
      Tie<ChatCompletionChunk, typeof ChatCompletionChunkWireSchema>
    >().toEqualTypeOf<true>()
    expectTypeOf<Tie<Host, typeof HostWireSchema>>().toEqualTypeOf<true>()
    expectTypeOf<Tie<MarketRate, typeof MarketRateWireSchema>>().toEqualTypeOf<true>()
    expectTypeOf<Tie<Model, typeof ModelWireSchema>>().toEqualTypeOf<true>()
    expectTypeOf<Tie<ChatResult, typeof ChatResultWireSchema>>().toEqualTypeOf<true>()
    expectTypeOf<Tie<ImageResult, typeof ImageResultWireSchema>>().toEqualTypeOf<true>()
  })

  it('catches a mismatch (the checker itself can fail)', () => {
    expectTypeOf<
      Tie<{ id: string; extra: number }, typeof ModelWireSchema>
    >().not.toEqualTypeOf<true>()
    expectTypeOf<
      Tie<
        { id?: string; object?: string; ownedBy?: string; workloadSlug?: string },
        typeof ModelWireSchema
      >
    >().not.toEqualTypeOf<true>()
  })
})
