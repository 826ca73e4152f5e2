import type { StreamEvent } from '@archipelag/core'

/** Events per block. */
const BLOCK = 1024
/** `#ids` entry of a token without an id. */
const NO_ID = -1
/** `#ids` entry of an event kept whole (not a token, or an id that is not a number). */
const WHOLE = -2

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
 * them all, at little cost to the garbage collector (keeping 200 000 event objects alive
 * made collecting garbage the stream's largest cost). A token is kept as its text and its
 * numbered id, in blocks of {@link BLOCK}; a full block keeps its texts joined into one
 * string, where each text ends (typed arrays, which the collector does not copy) and its
 * ids (the first one only, when they follow each other). `at()` rebuilds a token; any
 * other event is kept as it came. The batch being pushed is kept as is, so a reader keeping
 * up gets the very objects.
 */
export class EventLog {
  /** The block being filled: each event's text (undefined if not a token), id, end. */
  #texts: (string | undefined)[] = new Array(BLOCK)
  #ids = new Float64Array(BLOCK)
  #ends = new Uint32Array(BLOCK)
  /** How many events the block being filled holds. */
  #filled = 0
  /** Per full block: its texts joined, where each ends, the ids (or the first of a run). */
  readonly #full: { text: string; ends: Uint32Array; ids: Float64Array | number }[] = []
  readonly #whole = new Map<number, StreamEvent>()
  #length = 0
  /** The text of the full blocks, and of the block being filled up to `#openUpTo`. */
  #fullText = ''
  #openText = ''
  #openUpTo = 0
  /** The batch being pushed, and its first index: handed out as is to a reader keeping up. */
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
    const eventId = event.eventId
    let id = eventId === undefined ? NO_ID : numbered(eventId)
    if (event.type !== 'token' || (id === NO_ID && eventId !== undefined)) {
      id = WHOLE
      this.#whole.set(this.#length, event)
    }
    const k = this.#filled
    // A token kept whole (an id that is not a number) still counts in the text.
    const content = event.type === 'token' ? event.content : undefined
    this.#texts[k] = content
    this.#ids[k] = id
    this.#ends[k] = (k === 0 ? 0 : (this.#ends[k - 1] as number)) + (content?.length ?? 0)
    this.#length++
    if (++this.#filled === BLOCK) this.#seal()
  }

  /** The event at `index` (an equal object, not necessarily the same one). */
  at(index: number): StreamEvent {
    const inRecent = index - this.#recentStart
    if (inRecent >= 0 && inRecent < this.#recent.length)
      return this.#recent[inRecent] as StreamEvent
    const k = index % BLOCK
    const full = this.#full[Math.floor(index / BLOCK)]
    const ids = full ? full.ids : this.#ids
    const id = typeof ids === 'number' ? ids + k : (ids[k] as number)
    if (id === WHOLE) return this.#whole.get(index) as StreamEvent
    const content = full
      ? full.text.slice(k === 0 ? 0 : full.ends[k - 1], full.ends[k])
      : (this.#texts[k] as string)
    return id === NO_ID
      ? { type: 'token', content }
      : { type: 'token', content, eventId: String(id) }
  }

  /** The tokens' text so far. */
  text(): string {
    if (this.#openUpTo < this.#filled) {
      // `join` reads the places of events that are not tokens (undefined) as ''.
      this.#openText += this.#texts.slice(this.#openUpTo, this.#filled).join('')
      this.#openUpTo = this.#filled
    }
    return this.#fullText + this.#openText
  }

  /** The block is full: its texts become one string, its ids one number if they can. */
  #seal(): void {
    const text = this.#texts.join('')
    const ids = this.#ids
    const first = ids[0] as number
    let run = first >= 0
    for (let k = 1; run && k < BLOCK; k++) run = ids[k] === first + k
    this.#full.push({ text, ends: this.#ends, ids: run ? first : ids })
    this.#fullText += text
    this.#texts = new Array(BLOCK)
    this.#ids = new Float64Array(BLOCK)
    this.#ends = new Uint32Array(BLOCK)
    this.#filled = 0
    this.#openText = ''
    this.#openUpTo = 0
  }
}
