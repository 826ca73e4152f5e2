import type { RateLimitSettings } from './options.js'

interface Bucket {
  tokens: number
  updatedAt: number
}

/** The answer of {@link RateLimiter.take}: allowed, or how many seconds to wait. */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number }

/** A token bucket per API key: `burst` tokens, refilled at `requestsPerSecond`. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>()

  constructor(
    private readonly settings: RateLimitSettings | false,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  take(key: string): RateDecision {
    if (!this.settings || this.settings.requestsPerSecond <= 0) return { ok: true }
    const { requestsPerSecond, burst } = this.settings
    const capacity = Math.max(1, burst)
    const now = this.clock()
    const bucket = this.buckets.get(key) ?? { tokens: capacity, updatedAt: now }
    bucket.tokens = Math.min(
      capacity,
      bucket.tokens + ((now - bucket.updatedAt) / 1000) * requestsPerSecond,
    )
    bucket.updatedAt = now
    this.buckets.set(key, bucket)
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return { ok: true }
    }
    const waitSeconds = (1 - bucket.tokens) / requestsPerSecond
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) }
  }
}
