// The app's pure pieces, without a browser: routes, event folding, error explanations.
import {
  ConnectionError,
  InsufficientCreditsError,
  JobFailedError,
  RateLimitError,
  ServerError,
  type StreamEvent,
  ValidationError,
} from '@archipelag/client'
import { describe, expect, it } from 'vitest'
import { explain } from '../src/app/explain'
import { credits, duration } from '../src/app/format'
import { lines } from '../src/app/pages/EventLog'
import { parseRoute } from '../src/app/router'

describe('parseRoute', () => {
  it.each([
    ['/', { page: 'chat' }],
    ['/chat', { page: 'chat' }],
    ['/images/', { page: 'images' }],
    ['/jobs', { page: 'jobs' }],
    ['/jobs/job_1', { page: 'jobs', jobId: 'job_1' }],
    ['/jobs/a%2Fb', { page: 'jobs', jobId: 'a/b' }],
    ['/jobs/%E0%A4%A', { page: 'jobs', jobId: '%E0%A4%A' }], // a broken escape: no crash
    ['/jobs/a/b', { page: 'not-found', path: '/jobs/a/b' }],
    ['/account/x', { page: 'not-found', path: '/account/x' }],
    ['/nowhere', { page: 'not-found', path: '/nowhere' }],
  ])('%s', (path, route) => {
    expect(parseRoute(path)).toEqual(route)
  })
})

describe('the event log folds runs of tokens and steps', () => {
  it('one line per status, one per run of tokens or steps, with the ids they cover', () => {
    const events: StreamEvent[] = [
      { type: 'status', status: 'running', eventId: '1' },
      { type: 'token', content: 'Hello', eventId: '2' },
      { type: 'token', content: ' there', eventId: '3' },
      { type: 'progress', step: 1, total: 2, eventId: '4' },
      { type: 'progress', step: 2, total: 2, eventId: '5' },
      { type: 'token', content: '!', eventId: '6' },
      { type: 'error', error: 'Simulated Island failure', eventId: '7' },
      { type: 'done', usage: { creditsUsed: 0.01, totalTokens: 9 }, eventId: '8' },
      { type: 'unknown', raw: { type: 'surprise' } },
    ]
    expect(lines(events).map((l) => [l.type, l.ids, l.text])).toEqual([
      ['status', '1', 'running'],
      ['token', '2–3', '2 tokens: “Hello there”'],
      ['progress', '4–5', 'step 2 of 2'],
      ['token', '6', '1 token: “!”'],
      ['error', '7', 'Simulated Island failure'],
      ['done', '8', '9 tokens, 0.01 credits'],
      ['unknown', '9', '{"type":"unknown","raw":{"type":"surprise"}}'],
    ])
    // Keys stay unique (React needs them).
    const keys = lines(events).map((l) => l.key)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('a long token run is clipped on screen', () => {
    const many = Array.from(
      { length: 300 },
      (_, i): StreamEvent => ({
        type: 'token',
        content: ' word',
        eventId: String(i + 1),
      }),
    )
    const [line] = lines(many)
    expect(line?.text.startsWith('300 tokens: “ word word')).toBe(true)
    expect(line?.text.endsWith('…”')).toBe(true)
  })
})

describe('errors explained for a person', () => {
  it('out of credits: the price, the balance, and where to get more (sandbox or API)', () => {
    const error = new InsufficientCreditsError('Insufficient credits', {
      status: 402,
      required: 0.05,
      available: 0.01,
    })
    expect(explain(error, 'api')).toMatchObject({
      title: 'Out of credits',
      detail: 'This job costs 0.05 credits and the account has 0.01.',
    })
    expect(explain(error, 'sandbox').next).toContain('npm run demo -- --db')
  })

  it('rate limited: the wait in seconds', () => {
    const error = new RateLimitError('Too many', { status: 429, retryAfter: 7 })
    expect(explain(error, 'api')).toMatchObject({ title: 'Too many requests', retryAfter: 7 })
  })

  it('a failed job, an unreachable server, an unreachable API, a bad field', () => {
    const failed = new JobFailedError('Job job_1 failed: Simulated Island failure', {
      jobId: 'job_1',
    })
    expect(explain(failed, 'sandbox').title).toBe('The job failed')
    expect(explain(new ConnectionError('refused'), 'api').next).toContain('npm run demo')
    const gateway = new ServerError('The Archipelag.io API could not be reached', { status: 502 })
    expect(explain(gateway, 'sandbox').title).toBe('The demo server can’t reach the API')
    expect(explain(new ServerError('boom', { status: 500 }), 'api').detail).toBe('500: boom')
    const invalid = new ValidationError('temperature must be ≤ 2', { field: 'temperature' })
    expect(explain(invalid, 'api').detail).toBe(invalid.message)
  })

  it('anything else still says something', () => {
    expect(explain(new TypeError('x is undefined'), undefined)).toMatchObject({
      title: 'Something went wrong',
      detail: 'x is undefined',
    })
    expect(explain('a string', undefined).detail).toBe('a string')
  })
})

describe('formats', () => {
  it('credits and durations', () => {
    expect(credits(99.91)).toBe('99.91')
    expect(credits(0.0001)).toBe('0.0001')
    expect(credits(undefined)).toBe('—')
    expect(duration(850)).toBe('850 ms')
    expect(duration(3_210)).toBe('3.2 s')
    expect(duration(125_000)).toBe('2 min 5 s')
  })
})
