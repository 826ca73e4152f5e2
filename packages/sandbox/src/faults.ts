import type { FaultSettings } from './options.js'

/**
 * The fault settings in force and their counters. Decisions are drawn per request; the 429 burst
 * counts down.
 */
export class Faults {
  private settings: FaultSettings = {}
  private burstLeft = 0

  constructor(
    initial: FaultSettings = {},
    private readonly random: () => number = Math.random,
  ) {
    this.set(initial)
  }

  /** Replaces the settings (checked); returns those now in force. */
  set(settings: FaultSettings): FaultSettings {
    const checked = checkFaults(settings)
    this.settings = checked
    this.burstLeft = checked.rateLimitBurst ?? 0
    return this.current()
  }

  current(): FaultSettings {
    return { ...this.settings, ...(this.burstLeft > 0 ? { rateLimitBurst: this.burstLeft } : {}) }
  }

  get latencyMs(): number {
    return this.settings.latencyMs ?? 0
  }

  get streamCutAfter(): number | undefined {
    return this.settings.streamCutAfter
  }

  /** Consumes one request of the 429 burst, if any is left. */
  takeBurst(): boolean {
    if (this.burstLeft <= 0) return false
    this.burstLeft -= 1
    if (this.burstLeft === 0) delete this.settings.rateLimitBurst
    return true
  }

  /** The status to answer instead of running the handler, or undefined. */
  drawError(): number | undefined {
    const rate = this.settings.errorRate ?? 0
    if (rate <= 0 || this.random() >= rate) return undefined
    const statuses = this.settings.errorStatuses ?? [500, 503]
    return statuses[Math.floor(this.random() * statuses.length)] ?? 500
  }

  /** Whether to destroy this request's connection after the handler ran. */
  drawReset(): boolean {
    const rate = this.settings.resetRate ?? 0
    return rate > 0 && this.random() < rate
  }
}

/** The largest injected latency (a longer Node timer would fire at once). */
const MAX_LATENCY_MS = 600_000

function fraction(name: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new RangeError(`${name} must be a number between 0 and 1`)
  }
  return value
}

function count(name: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer`)
  }
  return value
}

/** Validates fault settings (throws RangeError naming the field). */
export function checkFaults(input: FaultSettings): FaultSettings {
  const out: FaultSettings = {}
  const errorRate = fraction('errorRate', input.errorRate)
  const resetRate = fraction('resetRate', input.resetRate)
  const streamCutAfter = count('streamCutAfter', input.streamCutAfter)
  const latencyMs = count('latencyMs', input.latencyMs)
  if (latencyMs !== undefined && latencyMs > MAX_LATENCY_MS) {
    throw new RangeError(`latencyMs must be at most ${MAX_LATENCY_MS} (10 minutes)`)
  }
  const rateLimitBurst = count('rateLimitBurst', input.rateLimitBurst)
  if (input.errorStatuses !== undefined) {
    if (
      !Array.isArray(input.errorStatuses) ||
      input.errorStatuses.length === 0 ||
      !input.errorStatuses.every((s) => Number.isInteger(s) && s >= 400 && s <= 599)
    ) {
      throw new RangeError('errorStatuses must be a non-empty list of HTTP statuses 400–599')
    }
    out.errorStatuses = [...input.errorStatuses]
  }
  if (errorRate) out.errorRate = errorRate
  if (resetRate) out.resetRate = resetRate
  if (streamCutAfter !== undefined) out.streamCutAfter = streamCutAfter
  if (latencyMs) out.latencyMs = latencyMs
  if (rateLimitBurst) out.rateLimitBurst = rateLimitBurst
  return out
}
