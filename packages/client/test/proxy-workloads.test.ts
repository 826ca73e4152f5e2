// allowWorkloads is checked against what will really run, counted on the real sandbox.
import type { Sandbox } from '@archipelag/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '../src/index'
import { type ProxyHandlerOptions, createProxyHandler } from '../src/proxy'
import { chatModelCatalog } from '../src/proxy/chat-models'
import { inProcess, listen } from './helpers/sandbox'

let sandbox: Sandbox
let direct: Client

beforeAll(async () => {
  sandbox = await listen()
  direct = new Client({ apiKey: sandbox.apiKey, baseUrl: sandbox.url })
})
afterAll(async () => {
  await sandbox?.close()
})

/** Every job on the account and its credits: what must not change when a call is refused. */
async function ledger() {
  const [jobs, account] = await Promise.all([direct.listJobs({ limit: 100 }), direct.getAccount()])
  return { jobs: jobs.length, credits: account.credits }
}

function chat(options: Omit<ProxyHandlerOptions, 'apiKey' | 'baseUrl'>, body: unknown) {
  const handler = createProxyHandler({ apiKey: sandbox.apiKey, baseUrl: sandbox.url, ...options })
  return handler(
    new Request('http://app.local/api/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  )
}

const messages = [{ role: 'user', content: 'Which Cargo runs me?' }]

describe('allowWorkloads on chat completions', () => {
  it('refuses a model that is not a chat model: no job runs, nothing is charged', async () => {
    const before = await ledger()
    // Before: with sdxl allowed, this ran (and charged) an llm-chat job.
    for (const allowWorkloads of [['sdxl'], ['sdxl', 'llm-chat']]) {
      const response = await chat({ allowWorkloads }, { model: 'sdxl', messages })
      expect(response.status).toBe(403)
      expect(await response.json()).toMatchObject({
        error: { code: 'forbidden', message: expect.stringContaining('not a chat model') },
      })
    }
    // No model means llm-chat, which is not allowed here.
    expect((await chat({ allowWorkloads: ['sdxl'] }, { messages })).status).toBe(403)
    // Duplicate keys are read once, here: the last one, which is refused.
    const smuggled = `{"model":"llm-chat","messages":${JSON.stringify(messages)},"model":"sdxl"}`
    expect((await chat({ allowWorkloads: ['llm-chat'] }, smuggled)).status).toBe(403)
    expect(await ledger()).toEqual(before)
  })

  it('runs an allowed chat model, forwarding exactly the body it checked', async () => {
    const forwarded: string[] = []
    const recording: typeof fetch = async (input, init) => {
      if (init?.body) forwarded.push(new TextDecoder().decode(init.body as Uint8Array))
      return fetch(input, init)
    }
    const before = await ledger()
    const named = await chat(
      { allowWorkloads: ['llm-chat'], fetch: recording },
      {
        model: 'llm-chat',
        messages,
        max_tokens: 4,
      },
    )
    expect(named.status).toBe(200)
    const unnamed = await chat(
      { allowWorkloads: ['llm-chat'], fetch: recording },
      {
        messages,
        max_tokens: 4,
      },
    )
    expect(unnamed.status).toBe(200)
    // The default is written into the body, so the API runs what was checked.
    expect(forwarded.map((b) => JSON.parse(b).model)).toEqual(['llm-chat', 'llm-chat'])
    const after = await ledger()
    expect(after.jobs).toBe(before.jobs + 2)
    const jobs = await direct.listJobs({ limit: 2 })
    expect(jobs.map((j) => j.workloadSlug)).toEqual(['llm-chat', 'llm-chat'])
  })

  it('fails closed when the API’s model list cannot be read', async () => {
    const before = await ledger()
    const response = await chat(
      {
        allowWorkloads: ['llm-chat'],
        fetch: (input, init) =>
          String(input).endsWith('/models')
            ? fetch('http://127.0.0.1:9/models')
            : fetch(input, init),
      },
      { model: 'llm-chat', messages },
    )
    expect(response.status).toBe(502)
    expect(await ledger()).toEqual(before)
  })
})

describe('chatModelCatalog', () => {
  it('maps each chat model to its Cargo, fetching the list once per ttl and sharing it', async () => {
    const local = await inProcess()
    try {
      let loads = 0
      let clock = 0
      const catalog = chatModelCatalog(
        () => {
          loads++
          return local.fetch(
            new Request('http://sandbox.local/api/v1/models', {
              headers: { authorization: `Bearer ${local.apiKey}` },
            }),
          )
        },
        1000,
        () => clock,
      )
      const answers = await Promise.all([catalog('llm-chat'), catalog('sdxl'), catalog('nope')])
      expect(answers).toEqual(['llm-chat', undefined, undefined])
      expect(loads).toBe(1)
      clock = 1001
      expect(await catalog('llm-chat')).toBe('llm-chat')
      expect(loads).toBe(2)
    } finally {
      await local.close()
    }
  })

  it('does not remember a failed lookup', async () => {
    let attempt = 0
    const catalog = chatModelCatalog(async () => {
      attempt++
      if (attempt === 1) throw new Error('connection refused')
      return Response.json({ data: [{ id: 'chat-large', workload_slug: 'llm-chat-large' }] })
    })
    await expect(catalog('chat-large')).rejects.toThrow('connection refused')
    expect(await catalog('chat-large')).toBe('llm-chat-large')
    expect(attempt).toBe(2)
  })
})
