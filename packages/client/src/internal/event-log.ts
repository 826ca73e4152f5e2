import type { StreamEvent } from '@archipelag/core'

/** Events per block: filling small arrays is much cheaper than growing one huge array. */
const BLOCK = 1024

/** `id` as a number when it is written as one (`0`, `17`, no sign or leading zero), else -1. */
function numbered(id: string): number {
  const length = id.length
  if (length === 0 || length > 15 || (length > 1 && id.charCodeAt(0) === 48)) return -1
  let value = 0
  for (let i = 0; i < length; i++) {
    const digit = id.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) return -1
    value = value * 10 + digit
  }
  return value
}

/**
 * Every event of one job stream, in order, kept so that a reader arriving late still sees
 * them all, at little cost to the garbage collector: keeping 200 000 event objects alive
 * made collecting garbage the stream's largest cost. A token is kept as its text and its
 * numbered id (`at()` rebuilds it), any other event as it came, in blocks of
 * {@link BLOCK}. The batch being pushed is kept as is, so a reader keeping up gets the
 * very objects.
 */
export class EventLog {
  /** Per block: a token's text, or an event kept as it came (not a token, or an odd id). */
  readonly #entries: (string | StreamEvent)[][] = []
  /** Per block: a token's id as a number, -1 when it has none. */
  readonly #ids: number[][] = []
  #length = 0
  /** The tokens' text up to event `#textUpTo`. */
  #text = ''
  #textUpTo = 0
  /** Where each reader (a `ChatStream` cursor) is. */
  readonly #readers: { index: number }[] = []
  /** The batch being pushed, and its first index. */
  #recent: readonly StreamEvent[] = []
  #recentStart = 0

  get length(): number {
    return this.#length
  }

  /** The events of `batch` are pushed next, in order (it is kept until the next batch). */
  arriving(batch: readonly StreamEvent[]): void {
    this.#recent = batch
    this.#recentStart = this.#length
  }

  push(event: StreamEvent): void {
    const k = this.#length++ % BLOCK
    if (k === 0) {
      this.#entries.push(new Array(BLOCK))
      this.#ids.push(new Array(BLOCK))
    }
    const eventId = event.eventId
    const id = eventId === undefined ? -1 : numbered(eventId)
    const plain = event.type === 'token' && (id >= 0 || eventId === undefined)
    ;(this.#entries.at(-1) as (string | StreamEvent)[])[k] = plain ? event.content : event
    ;(this.#ids.at(-1) as number[])[k] = id
  }

  /** The event at `index` (an equal object, not necessarily the same one). */
  at(index: number): StreamEvent {
    const inRecent = index - this.#recentStart
    if (inRecent >= 0 && inRecent < this.#recent.length) {
      return this.#recent[inRecent] as StreamEvent
    }
    const block = Math.floor(index / BLOCK)
    const entry = this.#entries[block]?.[index % BLOCK] as string | StreamEvent
    if (typeof entry !== 'string') return entry
    const id = this.#ids[block]?.[index % BLOCK] as number
    return id < 0
      ? { type: 'token', content: entry }
      : { type: 'token', content: entry, eventId: String(id) }
  }

  /** The tokens' text so far. */
  text(): string {
    let text = this.#text
    for (let i = this.#textUpTo; i < this.#length; i++) {
      const entry = this.#entries[Math.floor(i / BLOCK)]?.[i % BLOCK] as string | StreamEvent
      text += typeof entry === 'string' ? entry : entry.type === 'token' ? entry.content : ''
    }
    this.#textUpTo = this.#length
    this.#text = text
    return text
  }

  /** A reader starts at the first event; it moves `index` along and calls `leave` when done. */
  join(): { index: number } {
    const at = { index: 0 }
    this.#readers.push(at)
    return at
  }

  leave(at: { index: number }): void {
    const i = this.#readers.indexOf(at)
    if (i >= 0) this.#readers.splice(i, 1)
  }

  /** Whether a reader has events left to read. */
  behind(): boolean {
    for (const reader of this.#readers) if (reader.index < this.#length) return true
    return false
  }
}
