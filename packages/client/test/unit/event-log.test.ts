import type { StreamEvent } from '@archipelag/core'
import { describe, expect, it } from 'vitest'
import { EventLog } from '../../src/internal/event-log'

/** Seeded PRNG (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed | 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const HOSTILE_IDS = [
  undefined,
  '',
  '0',
  '007',
  '1e3',
  ' 12',
  '12 ',
  '-1',
  '+4',
  '0x1A',
  '1.5',
  '9007199254740993', // past 2^53: not exact as a number
  '123456789012345', // 15 digits: the longest kept as a number
  '1234567890123456',
  'evt_42',
  '١٢', // Arabic-Indic digits
  '\u0000',
]
const TEXTS = ['', 'a', ' island', 'naïve', '🌊', '\uD83C', 'x'.repeat(5000), '\u0000']

/** A stream of `n` events: mostly numbered tokens, with every kind of oddity mixed in. */
function hostileEvents(n: number, seed: number): StreamEvent[] {
  const next = random(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T
  const events: StreamEvent[] = []
  let id = 1
  for (let i = 0; i < n; i++) {
    const roll = next()
    if (roll >= 0.8 && roll < 0.85) id += 6 // a gap in the numbering
    const eventId = roll < 0.85 ? String(id++) : pick(HOSTILE_IDS)
    const base = eventId === undefined ? {} : { eventId }
    const kind = next()
    if (kind < 0.9) events.push({ type: 'token', content: pick(TEXTS), ...base })
    else if (kind < 0.94) events.push({ type: 'progress', step: i, total: n, ...base })
    else if (kind < 0.97) events.push({ type: 'status', status: 'running', ...base })
    else events.push({ type: 'unknown', raw: { type: 'x', i }, ...base })
  }
  return events
}

/** Pushes `events` in batches as the session does, checking what readers see as it goes. */
function fill(log: EventLog, events: StreamEvent[], seed: number): void {
  const next = random(seed)
  for (let i = 0; i < events.length; ) {
    const batch = events.slice(i, i + 1 + Math.floor(next() * 700))
    log.arriving(batch)
    for (const event of batch) log.push(event)
    i += batch.length
    // A reader keeping up gets the event as it came; an early one, an equal rebuilt one.
    expect(log.at(i - 1)).toBe(batch.at(-1))
    const early = Math.floor(next() * i)
    expect(log.at(early)).toEqual(events[early])
  }
}

const textOf = (events: StreamEvent[]) =>
  events.map((e) => (e.type === 'token' ? e.content : '')).join('')

describe('EventLog', () => {
  it('gives back every event, equal to what was pushed, across many blocks', () => {
    for (const seed of [1, 2, 3]) {
      const events = hostileEvents(5000, seed)
      const log = new EventLog()
      fill(log, events, seed)
      expect(log.length).toBe(events.length)
      log.arriving([])
      for (let i = 0; i < events.length; i++) expect(log.at(i)).toEqual(events[i])
      expect(log.text()).toBe(textOf(events))
    }
  })

  it('keeps every id exactly as sent: odd ids are never rewritten as numbers', () => {
    const log = new EventLog()
    const events: StreamEvent[] = HOSTILE_IDS.map((eventId) =>
      eventId === undefined
        ? { type: 'token', content: 'a' }
        : { type: 'token', content: 'a', eventId },
    )
    for (const event of events) log.push(event)
    for (let i = 0; i < events.length; i++) expect(log.at(i)).toEqual(events[i])
  })

  it('the text so far is right whenever it is asked, mid-block and across blocks', () => {
    const events = hostileEvents(3000, 7)
    const log = new EventLog()
    const next = random(7)
    for (let i = 0; i < events.length; i++) {
      log.push(events[i] as StreamEvent)
      if (next() < 0.05 || i % 1024 === 1023) {
        expect(log.text()).toBe(textOf(events.slice(0, i + 1)))
      }
    }
    expect(log.text()).toBe(textOf(events))
  })

  it('a token without id and one with a non-sequential id keep their shape', () => {
    const log = new EventLog()
    const events: StreamEvent[] = []
    for (let i = 0; i < 2100; i++) {
      events.push(
        i % 3 === 0
          ? { type: 'token', content: `t${i}` }
          : { type: 'token', content: `t${i}`, eventId: String(i * 2) },
      )
    }
    for (const event of events) log.push(event)
    for (let i = 0; i < events.length; i++) expect(log.at(i)).toStrictEqual(events[i])
  })
})
