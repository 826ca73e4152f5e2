import { describe, expect, it } from 'vitest'
import { createSecretRedactor } from '../src/index'

const KEY = 'ak_live_SECRET-9f_Zq/x+7Kd-4mP0_wJ2'
// The last has characters whose base64 holds '+' and '/', so the URL-safe alphabet differs.
const KEYS = [
  KEY,
  'ak_3f9d2c1b0a99887766554433',
  'ak_test-key_with-many_separators',
  'tok~en?with>odd~bytes??x~y?z',
]
const enc = new TextEncoder()
const dec = new TextDecoder()

/** mulberry32: a small seeded generator, so every chunking can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const urlSafe = (b64: string) => b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
const percentAll = (s: string) =>
  [...enc.encode(s)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')
const jsonEscapeAll = (s: string) =>
  [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')

/** The key hidden in every encoding the redactor promises to catch. */
function encodings(key: string, rand: () => number): string[] {
  const mixedPercent = [...key].map((c) => (rand() < 0.5 ? percentAll(c) : c)).join('')
  const mixedJson = [...key]
    .map((c) => (rand() < 0.5 ? jsonEscapeAll(c).toUpperCase().replace('\\U', '\\u') : c))
    .join('')
  const out = [
    key,
    encodeURIComponent(key),
    percentAll(key),
    percentAll(key).toLowerCase(),
    mixedPercent,
    percentAll(key).replace(/%/g, '%25'),
    JSON.stringify(key).slice(1, -1).replace(/\//g, '\\/'),
    jsonEscapeAll(key),
    mixedJson,
    JSON.stringify(JSON.stringify({ k: jsonEscapeAll(key) })),
  ]
  for (const shift of [0, 1, 2]) {
    for (const tail of [0, 1, 2]) {
      const bytes = new Uint8Array(shift + key.length + tail)
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256)
      bytes.set(enc.encode(key), shift)
      const b64 = toBase64(bytes)
      out.push(b64, urlSafe(b64), JSON.stringify(b64).slice(1, -1).replace(/\//g, '\\/'))
    }
  }
  return out
}

/** An oracle independent of the redactor: does the text still give the key away? */
function reveals(text: string, key: string): boolean {
  const unjson = text.replace(/\\+u([0-9a-fA-F]{4})/g, (_, h) =>
    String.fromCharCode(parseInt(h, 16)),
  )
  const unslash = unjson.replace(/\\+\//g, '/')
  const unpercent = unslash.replace(/(%(?:25)*)([0-9a-fA-F]{2})/g, (_, _p, h) =>
    String.fromCharCode(parseInt(h, 16)),
  )
  const views = [text, unjson, unslash, unpercent]
  if (views.some((v) => v.includes(key))) return true
  const needle = String.fromCharCode(...enc.encode(key))
  for (const run of unslash.match(/[A-Za-z0-9+/_=-]{8,}/g) ?? []) {
    const std = run.replace(/-/g, '+').replace(/_/g, '/').replace(/=/g, '')
    for (let skip = 0; skip < 4; skip++) {
      // atob is forgiving about missing padding, not about a lone last character.
      const rest = std.slice(skip)
      const part = rest.length % 4 === 1 ? rest.slice(0, -1) : rest
      try {
        if (atob(part).includes(needle)) return true
      } catch {}
    }
  }
  return false
}

/** A body with the key in every encoding, between JSON, SSE framing and multi-byte text. */
function hostileBody(key: string, seed: number): string {
  const rand = random(seed)
  const fillers = [
    '{"echo":"',
    'data: {"token":"',
    'héllo wörld ',
    '日本語のテキスト',
    '🦀🧪 ',
    '\n\n',
  ]
  let body = ''
  for (const form of encodings(key, rand)) {
    body += fillers[Math.floor(rand() * fillers.length)] + form
  }
  return `${body}"} 🎉 end`
}

const redactors = new Map<string, ReturnType<typeof createSecretRedactor>>()

async function streamThrough(chunks: (Uint8Array | string)[], key: string): Promise<Uint8Array> {
  if (!redactors.has(key)) redactors.set(key, createSecretRedactor(key))
  const source = new ReadableStream<Uint8Array | string>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c)
      controller.close()
    },
  })
  const parts: Uint8Array[] = []
  const reader = source.pipeThrough(redactors.get(key)!.redactStream()).getReader()
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value)
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

function chunk(bytes: Uint8Array, rand: () => number, max: number): Uint8Array[] {
  const out: Uint8Array[] = []
  for (let at = 0; at < bytes.length; ) {
    const size = 1 + Math.floor(rand() * max)
    out.push(bytes.slice(at, at + size))
    at += size
  }
  return out
}

describe('createSecretRedactor.redact', () => {
  it('removes the exact key in every encoding, keys with _ and - included', () => {
    for (const key of KEYS) {
      const redactor = createSecretRedactor(key)
      for (const [i, form] of encodings(key, random(7)).entries()) {
        expect(reveals(form, key), `oracle sees form ${i}`).toBe(true)
        const out = redactor.redact(`before ${form} after`)
        expect(reveals(out, key), `form ${i}: ${out}`).toBe(false)
        expect(out).toMatch(/^before .*\[redacted\].* after$/)
      }
    }
  })

  it('replaces the whole key and nothing around it', () => {
    const redactor = createSecretRedactor(KEY)
    expect(redactor.redact(`Bearer%20${encodeURIComponent(KEY)}&x=1`)).toBe(
      'Bearer%20[redacted]&x=1',
    )
    expect(redactor.redact(`{"a":"${jsonEscapeAll(KEY)}"}`)).toBe('{"a":"[redacted]"}')
    expect(redactor.redact(`${KEY}${KEY}.`)).toBe('[redacted][redacted].')
    // A longer key that merely starts like this one is still cut at the secret's end.
    expect(redactor.redact(`${KEY}_more`)).toBe('[redacted]_more')
  })

  it('leaves text without the key untouched, near misses included', () => {
    const redactor = createSecretRedactor(KEY)
    const text = `ak_live_SECRET only ${KEY.slice(0, -1)} ${KEY.slice(1)} ${KEY.toUpperCase()} é🦀`
    expect(redactor.redact(text)).toBe(text)
    expect(redactor.redact(toBase64(enc.encode('unrelated data that is long')))).toBe(
      toBase64(enc.encode('unrelated data that is long')),
    )
  })

  it('uses the replacement given, and refuses an empty secret', () => {
    expect(createSecretRedactor(KEY, { replacement: 'ak_…redacted' }).redact(`x${KEY}`)).toBe(
      'xak_…redacted',
    )
    expect(() => createSecretRedactor('')).toThrow(/secret must be a non-empty string/)
  })

  it('handles a secret that is not ASCII', () => {
    const secret = 'sk-ünïcødé-🔑-value'
    const redactor = createSecretRedactor(secret)
    for (const form of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) {
      expect(redactor.redact(`[${form}]`)).toBe('[[redacted]]')
    }
    expect(redactor.redact(`[${toBase64(enc.encode(`x${secret}`))}]`)).not.toContain(
      toBase64(enc.encode(`x${secret}`)),
    )
  })
})

describe('createSecretRedactor.redactStream', () => {
  for (const key of KEYS) {
    const body = enc.encode(hostileBody(key, key.length))
    const oneShot = enc.encode(createSecretRedactor(key).redact(dec.decode(body)))

    it(`equals the one-shot redaction under 200 seeded random chunkings (${key.length}-char key)`, async () => {
      expect(reveals(dec.decode(oneShot), key)).toBe(false)
      for (let seed = 1; seed <= 200; seed++) {
        const rand = random(seed)
        const out = await streamThrough(chunk(body, rand, seed % 3 === 0 ? 7 : 300), key)
        expect(out, `seed ${seed}`).toEqual(oneShot)
      }
    })

    it(`equals the one-shot redaction with 1-byte chunks (${key.length}-char key)`, async () => {
      const bytes = [...body].map((b) => Uint8Array.of(b))
      expect(await streamThrough(bytes, key)).toEqual(oneShot)
    })
  }

  it('catches a key split at every byte position, whatever its encoding', async () => {
    for (const form of encodings(KEY, random(3))) {
      const body = enc.encode(`data: {"t":"é${form}🦀"}\n\n`)
      const expected = enc.encode(createSecretRedactor(KEY).redact(dec.decode(body)))
      for (let cut = 0; cut <= body.length; cut++) {
        const out = await streamThrough([body.slice(0, cut), body.slice(cut)], KEY)
        expect(out, `${form} cut at ${cut}`).toEqual(expected)
      }
    }
  })

  it('splits multi-byte UTF-8 anywhere without damaging it', async () => {
    const text = `${'日本語🦀éß'.repeat(50)}${KEY}${'🧪ü'.repeat(50)}`
    const body = enc.encode(text)
    for (let seed = 1; seed <= 50; seed++) {
      const out = await streamThrough(chunk(body, random(seed), 5), KEY)
      expect(dec.decode(out)).toBe(text.replace(KEY, '[redacted]'))
    }
  })

  it('passes binary data through byte for byte, redacting only the key', async () => {
    const rand = random(99)
    const noise = new Uint8Array(50_000).map(() => Math.floor(rand() * 256))
    expect(await streamThrough(chunk(noise, rand, 4096), KEY)).toEqual(noise)
    const withKey = new Uint8Array([
      ...noise.slice(0, 100),
      ...enc.encode(KEY),
      ...noise.slice(100),
    ])
    const out = await streamThrough(chunk(withKey, rand, 64), KEY)
    expect(out).toEqual(
      new Uint8Array([...noise.slice(0, 100), ...enc.encode('[redacted]'), ...noise.slice(100)]),
    )
  })

  it('sends a chunk on at once unless its end could begin the key (SSE stays live)', async () => {
    const redactor = createSecretRedactor(KEY)
    const { readable, writable } = redactor.redactStream()
    const writer = writable.getWriter()
    const reader = readable.getReader()
    const next = async (chunk: string) => {
      void writer.write(enc.encode(chunk))
      return dec.decode((await reader.read()).value)
    }
    // Ends in a blank line, which no encoding of the key contains: nothing is held back.
    expect(await next('data: {"type":"token","content":"hi"}\n\n')).toBe(
      'data: {"type":"token","content":"hi"}\n\n',
    )
    // Ends in what could be the start of the key: only that tail waits for the next chunk.
    expect(await next(`data: {"echo":"${KEY.slice(0, 12)}`)).toBe('data: {"echo":"')
    expect(await next(`${KEY.slice(12)}"}\n\n`)).toBe('[redacted]"}\n\n')
    void writer.close()
    expect((await reader.read()).done).toBe(true)
  })

  it('accepts string chunks and a non-ASCII replacement', async () => {
    const out = await streamThrough(['data: ', KEY.slice(0, 10), KEY.slice(10), ' ✓'], KEY)
    expect(dec.decode(out)).toBe('data: [redacted] ✓')
    const redactor = createSecretRedactor(KEY, { replacement: '…redacted…' })
    const reader = new Blob([`é${KEY}é`]).stream().pipeThrough(redactor.redactStream())
    expect(await new Response(reader).text()).toBe('é…redacted…é')
  })
})
