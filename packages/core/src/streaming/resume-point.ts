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
      const number = Number(id)
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
