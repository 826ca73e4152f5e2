import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../src/index.js'
import { client, readSse, start, waitForJob } from './helpers.js'

type Completion = {
  id: string
  object: string
  created: number
  model: string
  choices: Array<{
    index: number
    message: { role: string; content: string }
    finish_reason: string
  }>
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number }
  job_id: string
}

let sandbox: Sandbox
let api: ReturnType<typeof client>

beforeAll(async () => {
  sandbox = await start()
  api = client(sandbox)
})
afterAll(() => sandbox.close())

describe('POST /chat/completions', () => {
  it('answers the bare OpenAI shape and runs a charged job', async () => {
    const res = await api.post<Completion>('/chat/completions', {
      model: 'llm-chat',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'Hello' },
      ],
    })
    expect(res.status).toBe(200)
    expect(res.body.id).toMatch(/^chatcmpl-/)
    expect(res.body.object).toBe('chat.completion')
    expect(res.body.model).toBe('llm-chat')
    expect(Number.isInteger(res.body.created)).toBe(true)
    const choice = res.body.choices[0]
    expect(choice?.message.role).toBe('assistant')
    expect(choice?.finish_reason).toBe('stop')
    expect(res.body.usage.total_tokens).toBe(
      res.body.usage.prompt_tokens + res.body.usage.completion_tokens,
    )
    const job = await waitForJob(api, res.body.job_id)
    expect(job.output).toBe(choice?.message.content)
    expect(job.input).toEqual({ prompt: 'Hello', system_prompt: 'be brief' })
    const account = await api.get<{ data: { credits: number } }>('/account')
    expect(account.body.data.credits).toBe(99.99)
  })

  it('uses an llm workload named by model, and llm-chat when model is left out', async () => {
    const large = await api.post<Completion>('/chat/completions', {
      model: 'llm-chat-large',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 2,
    })
    expect(large.body.model).toBe('llm-chat-large')
    expect(large.body.choices[0]?.finish_reason).toBe('length')
    const other = await api.post<Completion>('/chat/completions', {
      messages: [{ role: 'user', content: 'hi' }],
    })
    expect(other.body.model).toBe('llm-chat')
  })

  it('answers 422 naming model for a model that is not a language Cargo, running and charging nothing', async () => {
    const models = await api.get<{ data: Array<{ id: string }> }>('/models')
    const listed = models.body.data.map((m) => m.id)
    const jobsBefore = await api.get<{ data: unknown[] }>('/jobs?limit=100')
    const creditsBefore = (await api.get<{ data: { credits: number } }>('/account')).body.data
      .credits
    // an image Cargo, a disabled one, an unknown slug and an OpenAI name: none is in GET /models
    for (const model of ['sdxl', 'whisper', 'no-such-model', 'gpt-4o']) {
      expect(listed).not.toContain(model)
      for (const stream of [false, true]) {
        const res = await api.post<{
          error: { code: string; message: string }
          errors: Record<string, string[]>
        }>('/chat/completions', { model, stream, messages: [{ role: 'user', content: 'hi' }] })
        expect(res.status).toBe(422)
        expect(res.body.error.code).toBe('validation_error')
        expect(Object.keys(res.body.errors)).toEqual(['model'])
        expect(res.body.errors.model?.[0]).toContain(listed.join(', '))
      }
    }
    const jobsAfter = await api.get<{ data: unknown[] }>('/jobs?limit=100')
    expect(jobsAfter.body.data).toHaveLength(jobsBefore.body.data.length)
    const creditsAfter = (await api.get<{ data: { credits: number } }>('/account')).body.data
      .credits
    expect(creditsAfter).toBe(creditsBefore)
    // every model GET /models lists is accepted
    for (const model of listed) {
      const ok = await api.post<Completion>('/chat/completions', {
        model,
        max_tokens: 1,
        messages: [{ role: 'user', content: 'hi' }],
      })
      expect(ok.status).toBe(200)
      expect(ok.body.model).toBe(model)
    }
  })

  it('streams chunks, a final chunk with finish_reason, then [DONE]', async () => {
    const res = await api.raw('/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        stream: true,
        max_tokens: 4,
        messages: [{ role: 'user', content: 'stream' }],
      }),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const { events } = await readSse(res)
    expect(events[events.length - 1]?.data).toBe('[DONE]')
    const chunks = events.slice(0, -1).map(
      (e) =>
        JSON.parse(e.data) as {
          object: string
          choices: Array<{ delta: { content?: string }; finish_reason: string | null }>
        },
    )
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true)
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')
    expect(text.split(' ')).toHaveLength(4)
    expect(chunks[chunks.length - 1]?.choices[0]?.finish_reason).toBe('length')
    expect(chunks.slice(0, -1).every((c) => c.choices[0]?.finish_reason === null)).toBe(true)
  })

  it('accepts OpenAI content parts, null assistant content and max_completion_tokens', async () => {
    const plain = await api.post<Completion>('/chat/completions', {
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hi' },
        { role: 'user', content: 'Tell me more' },
      ],
    })
    const parts = await api.post<Completion>('/chat/completions', {
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Hello' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          ],
        },
        { role: 'assistant', content: 'Hi' },
        { role: 'assistant', content: null, tool_calls: [] },
        { role: 'user', content: [{ type: 'text', text: 'Tell me more' }] },
      ],
    })
    expect(parts.status).toBe(200)
    expect(parts.body.choices[0]?.message.content).toBe(plain.body.choices[0]?.message.content)
    const bounded = await api.post<Completion>('/chat/completions', {
      messages: [{ role: 'user', content: 'Hello' }],
      max_completion_tokens: 2,
    })
    expect(bounded.body.usage.completion_tokens).toBe(2)
    expect(bounded.body.choices[0]?.finish_reason).toBe('length')
    const bad = await api.post<{ errors: Record<string, string[]> }>('/chat/completions', {
      messages: [{ role: 'user', content: [{ type: 'text', text: 5 }] }],
    })
    expect(bad.status).toBe(422)
    expect(Object.keys(bad.body.errors)).toEqual(['messages[0].content'])
  })

  it('answers 422 naming the field for bad requests', async () => {
    const cases: Array<[unknown, string]> = [
      [{ messages: [] }, 'messages'],
      [{ messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role'],
      [{ messages: [{ role: 'user', content: 'x' }], temperature: 9 }, 'temperature'],
      [{ messages: [{ role: 'user', content: 'x' }], max_tokens: 0 }, 'max_tokens'],
      [{ messages: [{ role: 'user', content: 'x' }], stream: 'yes' }, 'stream'],
    ]
    for (const [body, field] of cases) {
      const res = await api.post<{ errors: Record<string, string[]> }>('/chat/completions', body)
      expect(res.status).toBe(422)
      expect(Object.keys(res.body.errors)).toContain(field)
    }
  })

  it('reports a failed job as a 500 error body', async () => {
    const res = await api.post<{ error: { code: string; message: string } }>('/chat/completions', {
      messages: [{ role: 'user', content: '[sandbox:fail]' }],
    })
    expect(res.status).toBe(500)
    expect(res.body.error.message).toBe('Simulated Island failure')
  })
})
