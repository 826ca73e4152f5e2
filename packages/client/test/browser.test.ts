import { afterEach, describe, expect, it } from 'vitest'
import { Client } from '../src/index'

const g = globalThis as Record<string, unknown>

afterEach(() => {
  delete g.window
  delete g.document
  delete g.location
})

describe('in a browser page', () => {
  it('refuses a secret ak_ key, pointing to the proxy', () => {
    g.window = {}
    g.document = {}
    expect(() => new Client({ apiKey: 'ak_secret' })).toThrow(/@archipelag\/client\/proxy/)
    expect(() => new Client({ apiKey: 'ak_secret', dangerouslyAllowBrowser: true })).not.toThrow()
  })

  it('a key-less client may use a path relative to the page', () => {
    g.window = {}
    g.document = {}
    const client = new Client({ apiKey: null, baseUrl: '/api/archipelag' })
    expect(client.transport.baseUrl).toMatch(/^\/api\/archipelag/)
  })

  it('web workers and server runtimes (no document) are not browsers', () => {
    g.window = {}
    expect(() => new Client({ apiKey: 'ak_secret' })).not.toThrow()
  })
})
