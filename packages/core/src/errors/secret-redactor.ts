/** Options of {@link createSecretRedactor}. */
export interface SecretRedactorOptions {
  /**
   * What replaces each occurrence of the secret. Default: `'[redacted]'`.
   *
   * @example
   * createSecretRedactor(key, { replacement: 'ak_…redacted' })
   */
  replacement?: string
}

/** Removes one secret's exact value from text and byte streams, in every common encoding. */
export interface SecretRedactor {
  /**
   * The text with every occurrence of the secret replaced. (Matching runs on the UTF-8
   * bytes, so a lone UTF-16 surrogate, which is not text, comes back as U+FFFD.)
   *
   * @example
   * redactor.redact(`{"echo":"Bearer ${key}"}`) // '{"echo":"Bearer [redacted]"}'
   */
  redact(text: string): string
  /**
   * A stream that redacts bytes (or strings, sent as UTF-8) flowing through it, even when an
   * occurrence is split across chunks: it holds back only the last few hundred bytes that
   * could still begin one. Bytes are matched as bytes, so binary and multi-byte UTF-8 split
   * anywhere pass through unchanged; the output equals the one-shot {@link redact} of the
   * whole body.
   *
   * @example
   * const safe = response.body.pipeThrough(redactor.redactStream())
   */
  redactStream(): TransformStream<Uint8Array | string, Uint8Array>
}

/**
 * Builds a redactor for one secret (an API key): it finds the secret's exact value —
 * not a pattern — written plain, percent-encoded (each character or all, `%2561`-style
 * double encoding too), JSON-escaped (`\u0061`, `\/`, also JSON nested in JSON), and in
 * base64 at any byte alignment inside a larger blob, standard or URL-safe alphabet (these
 * last from 7 bytes of secret up). Keys with `_` or `-` are matched whole.
 *
 * @example
 * ```ts
 * const redactor = createSecretRedactor(process.env.ARCHIPELAG_API_KEY!)
 * redactor.redact(`Bearer%20${encodeURIComponent(key)}`) // 'Bearer%20[redacted]'
 * const body = upstream.body?.pipeThrough(redactor.redactStream())
 * ```
 */
export function createSecretRedactor(
  secret: string,
  options: SecretRedactorOptions = {},
): SecretRedactor {
  const { forms, pattern, replacement, redact } = compileSecret(
    secret,
    options.replacement ?? '[redacted]',
  )
  // Only a run of these characters can be (the start of) an occurrence: a chunk ending in
  // anything else, such as an SSE event's blank line, is sent on at once.
  const alphabet = `${latin1(utf8(forms.join('')))}%\\/u0123456789abcdefABCDEF`
  // The longest occurrence: no byte of a form takes more than 9 characters (`\\\\u0061`).
  const holdback = Math.max(...forms.map((f) => utf8(f).length)) * 9 - 1

  return {
    redact,
    redactStream() {
      let carry = ''
      /** Sends on what is finished; `end` flushes all, else the tail that could begin one is held. */
      const step = (controller: TransformStreamDefaultController<Uint8Array>, end: boolean) => {
        let start = carry.length
        while (
          !end &&
          start > carry.length - holdback &&
          alphabet.includes(carry[start - 1] as string)
        )
          start--
        const [done, rest] = redactUpTo(pattern, carry, end ? 0 : carry.length - start, replacement)
        carry = rest
        if (done) controller.enqueue(fromLatin1(done))
      }
      return new TransformStream<Uint8Array | string, Uint8Array>({
        transform(chunk, controller) {
          carry += latin1(typeof chunk === 'string' ? utf8(chunk) : chunk)
          step(controller, false)
        },
        flush: (controller) => step(controller, true),
      })
    },
  }
}

/**
 * One secret's forms (itself, its base64 cores), the one pattern that finds them all, and the
 * one-shot redaction of text with it: the `redact` of {@link createSecretRedactor}, and all
 * the transport's own key needs (a bundle that never streams then leaves the stream out).
 */
export function compileSecret(secret: string, replacementText: string) {
  if (!secret) throw new TypeError('secret must be a non-empty string')
  const forms = [secret, ...base64Cores(utf8(secret))]
  // Matching runs on bytes viewed as Latin-1 text (one character per byte), so a match never
  // depends on where a multi-byte character was split, and binary passes through unchanged.
  // One regular expression for all forms, each character allowed as its UTF-8 bytes,
  // percent-encoded (up to twice) or JSON-escaped (up to JSON in JSON in JSON).
  const pattern = new RegExp(forms.map((form) => [...form].map(unit).join('')).join('|'), 'g')
  const replacement = latin1(utf8(replacementText))
  const redact = (text: string) =>
    new TextDecoder().decode(fromLatin1(redactUpTo(pattern, latin1(utf8(text)), 0, replacement)[0]))
  return { forms, pattern, replacement, redact }
}

/**
 * Redacts `text` except its last `keep` characters, which could still begin an
 * occurrence that the next chunk completes. Returns the finished part and the rest to carry.
 */
function redactUpTo(
  pattern: RegExp,
  text: string,
  keep: number,
  replacement: string,
): [string, string] {
  const boundary = text.length - keep
  if (boundary <= 0) return ['', text]
  let out = ''
  let last = 0
  pattern.lastIndex = 0
  // A match starting before the boundary lies wholly inside `text` (no occurrence is longer
  // than the holdback, nor spans a character outside the alphabet), so chunked and one-shot
  // redaction find the same matches.
  for (let m = pattern.exec(text); m && m.index < boundary; m = pattern.exec(text)) {
    out += text.slice(last, m.index) + replacement
    last = m.index + m[0].length
  }
  const cut = Math.max(boundary, last)
  return [out + text.slice(last, cut), text.slice(cut)]
}

function unit(ch: string): string {
  const bytes = [...utf8(ch)]
  const percent = bytes.map((b) => `%(?:25){0,2}${hex(b, 2, true)}`).join('')
  const json = ch
    .split('') // UTF-16 code units, as JSON escapes them
    .map((u) => `\\\\{1,4}u${hex(u.charCodeAt(0), 4, true)}`)
    .join('')
  // The bytes themselves, spelled `\xXX` so that no regex syntax needs escaping.
  const options = [bytes.map((b) => `\\x${hex(b, 2, false)}`).join(''), percent, json]
  if (ch === '/') options.push('\\\\{1,4}/')
  return `(?:${options.join('|')})`
}

/** `n` as hex digits of the given width; `anyCase` accepts A-F as well as a-f. */
function hex(n: number, width: number, anyCase: boolean): string {
  const digits = n.toString(16).padStart(width, '0')
  return anyCase ? digits.replace(/./g, (d) => `[${d}${d.toUpperCase()}]`) : digits
}

/**
 * The base64 characters that depend only on the secret's bytes when it starts 0, 1 or 2
 * bytes into a 3-byte group, in the standard and URL-safe alphabets. Short cores (a
 * secret under 7 bytes) would match ordinary data by chance, so they are left out.
 */
function base64Cores(bytes: Uint8Array): string[] {
  const cores = [0, 1, 2].flatMap((shift) => {
    const shifted = new Uint8Array(shift + bytes.length)
    shifted.set(bytes, shift)
    const encoded = btoa(latin1(shifted))
    const core = encoded.slice(Math.ceil((8 * shift) / 6), Math.floor((8 * shifted.length) / 6))
    return core.length < 8 ? [] : [core, core.replace(/\+/g, '-').replace(/\//g, '_')]
  })
  return [...new Set(cores)]
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

/** Bytes as a string of one character per byte (0–255). */
function latin1(bytes: Uint8Array): string {
  let text = ''
  for (let i = 0; i < bytes.length; i += 0x2000) {
    // `apply`, not a spread: spreading a typed array is ten times slower.
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x2000) as unknown as number[])
  }
  return text
}

function fromLatin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i)
  return out
}
