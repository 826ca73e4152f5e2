import { type Sandbox, type SandboxOptions, startSandbox } from '../src/index.js'

/** A JSON response as the tests read it. */
export interface JsonResponse<T = Record<string, unknown>> {
  status: number
  headers: Headers
  body: T
}

/** Starts a fast sandbox on 127.0.0.1 with an in-memory database. */
export function start(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({
    db: ':memory:',
    port: 0,
    tokenIntervalMs: 1,
    stepIntervalMs: 1,
    ...options,
  })
}

/** A small client over plain `fetch` (or the sandbox's in-process fetch). */
export function client(sandbox: Sandbox, key = sandbox.apiKey, viaFetch: typeof fetch = fetch) {
  const base = `${sandbox.url}/api/v1`
  const request = async <T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<JsonResponse<T>> => {
    const res = await viaFetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined
        ? { body: typeof body === 'string' ? body : JSON.stringify(body) }
        : {}),
    })
    const text = await res.text()
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as T }
  }
  return {
    get: <T = Record<string, unknown>>(path: string, headers?: Record<string, string>) =>
      request<T>('GET', path, undefined, headers),
    post: <T = Record<string, unknown>>(
      path: string,
      body: unknown,
      headers?: Record<string, string>,
    ) => request<T>('POST', path, body, headers),
    del: <T = Record<string, unknown>>(path: string) => request<T>('DELETE', path),
    raw: (path: string, init: RequestInit = {}) =>
      viaFetch(`${base}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${key}`, ...(init.headers as Record<string, string>) },
      }),
  }
}

/** A parsed SSE event. */
export interface SseEvent {
  id?: string
  event?: string
  data: string
}

/** Parses a complete SSE text into events and comments (test-side, independent of the server). */
export function parseSse(text: string): { events: SseEvent[]; comments: string[]; retry?: number } {
  const events: SseEvent[] = []
  const comments: string[] = []
  let retry: number | undefined
  for (const block of text.split('\n\n')) {
    if (block.trim() === '') continue
    const event: SseEvent = { data: '' }
    let hasData = false
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) comments.push(line.slice(1).trim())
      else if (line.startsWith('retry:')) retry = Number(line.slice(6).trim())
      else if (line.startsWith('id:')) event.id = line.slice(3).trim()
      else if (line.startsWith('event:')) event.event = line.slice(6).trim()
      else if (line.startsWith('data:')) {
        event.data += (hasData ? '\n' : '') + line.slice(5).trimStart()
        hasData = true
      }
    }
    if (hasData) events.push(event)
  }
  return { events, comments, ...(retry !== undefined ? { retry } : {}) }
}

/** Reads a whole SSE response and parses it. */
export async function readSse(res: Response) {
  return parseSse(await res.text())
}

/** Polls a job until it is terminal. */
export async function waitForJob(
  api: ReturnType<typeof client>,
  id: string,
  timeoutMs = 10_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const res = await api.get<{ data: Record<string, unknown> }>(`/jobs/${id}`)
    const job = res.body.data
    if (['completed', 'failed', 'cancelled', 'timeout'].includes(String(job.status))) return job
    if (Date.now() > deadline) throw new Error(`job ${id} still ${String(job.status)}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Polls until `check` returns true. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
