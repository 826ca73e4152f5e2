/**
 * An event id's number: `Number(id)`, with a fast path for the plain decimal ids servers
 * send (one per event: `Number` on a fresh string is a call into the engine's runtime).
 */
function idNumber(id: string): number {
  const length = id.length
  if (length > 15) return Number(id)
  let value = 0
  for (let i = 0; i < length; i++) {
    const digit = id.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) return Number(id)
    value = value * 10 + digit
  }
  return value
}

/**
 * Which events of a job's stream are new, across reconnections: by the `id:` the server
 * numbers its events with, or — for a server that sends no ids — by position (a stream
 * replays from the start, so the first `accepted` messages of a new connection were
 * already seen).
 */
export class ResumePoint {
  #lastId: string | undefined
  #lastNumber: number
  /** Messages seen on the current connection. */
  #position = 0
  /** Messages accepted since the start. */
  #accepted = 0

  constructor(lastEventId?: string) {
    this.#lastId = lastEventId
    this.#lastNumber = lastEventId === undefined ? Number.NaN : Number(lastEventId)
  }

  /** The id to resume after (`Last-Event-ID`): the last accepted numbered event. */
  get lastEventId(): string | undefined {
    return this.#lastId
  }

  /** A new connection starts: positions count from its first message again. */
  reconnected(): void {
    this.#position = 0
  }

  /** Whether the message with this `id:` (if any) is new; it is then counted as seen. */
  accept(id: string | undefined): boolean {
    this.#position++
    if (id !== undefined && id !== '') {
      const number = idNumber(id)
      if (number <= this.#lastNumber) return false
      this.#lastId = id
      this.#lastNumber = number
    } else if (this.#position <= this.#accepted) {
      return false
    }
    this.#accepted++
    return true
  }
}
