import { describe, expectTypeOf, it } from 'vitest'
import {
  createSandbox,
  type FaultSettings,
  type Sandbox,
  type SandboxOptions,
  startSandbox,
} from '../src/index.js'

// The agreed programmatic contract that the core and client tests are written against.
describe('public types', () => {
  it('startSandbox and createSandbox', () => {
    expectTypeOf(startSandbox).returns.resolves.toEqualTypeOf<Sandbox>()
    expectTypeOf(createSandbox).returns.resolves.toEqualTypeOf<Sandbox>()
    expectTypeOf(startSandbox).toBeCallableWith({ port: 0, host: '127.0.0.1', db: ':memory:' })
    expectTypeOf(startSandbox).toBeCallableWith()
    expectTypeOf(createSandbox).toBeCallableWith({ tokenIntervalMs: 0, rateLimit: false })
  })

  it('Sandbox', () => {
    expectTypeOf<Sandbox['url']>().toEqualTypeOf<string>()
    expectTypeOf<Sandbox['apiKey']>().toEqualTypeOf<string>()
    expectTypeOf<Sandbox['fetch']>().toEqualTypeOf<
      (input: Request | string | URL, init?: RequestInit) => Promise<Response>
    >()
    expectTypeOf<Sandbox['setFaults']>().toEqualTypeOf<(faults: FaultSettings) => FaultSettings>()
    expectTypeOf<Sandbox['createAccount']>()
      .parameter(0)
      .toEqualTypeOf<{ email?: string; credits?: number } | undefined>()
    expectTypeOf<Sandbox['createAccount']>().returns.resolves.toEqualTypeOf<{
      account: { id: string; email: string; credits: number }
      key: string
    }>()
    expectTypeOf<Sandbox['close']>().toEqualTypeOf<() => Promise<void>>()
  })

  it('SandboxOptions and FaultSettings', () => {
    expectTypeOf<SandboxOptions>().toEqualTypeOf<{
      db?: string
      apiKey?: string
      credits?: number
      islands?: number
      tokenIntervalMs?: number
      stepIntervalMs?: number
      keepAliveMs?: number
      retryMs?: number
      jobTimeoutMs?: number
      rateLimit?: { requestsPerSecond: number; burst: number } | false
      faults?: FaultSettings
      quiet?: boolean
    }>()
    expectTypeOf<FaultSettings>().toEqualTypeOf<{
      errorRate?: number
      errorStatuses?: number[]
      resetRate?: number
      streamCutAfter?: number
      latencyMs?: number
      rateLimitBurst?: number
    }>()
  })
})
