import type { Sandbox } from '@archipelag/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  Account,
  ApiKey,
  ChatResult,
  type Client,
  ImageResult,
  Job,
  JobStatus,
  Usage,
  ValidationError,
  Workload,
} from '../src/index'
import { clientFor, inProcess } from './helpers/sandbox'

let sandbox: Sandbox
let client: Client

beforeAll(async () => {
  sandbox = await inProcess({ credits: 50 })
  client = clientFor(sandbox)
})
afterAll(async () => {
  await client?.close()
  await sandbox?.close()
})

describe('account and keys', () => {
  it('getAccount shows the balance', async () => {
    const account = await client.getAccount()
    expect(account.id).toMatch(/^acc_/)
    expect(account.credits).toBe(50)
    expect(account.email).toContain('@')
  })

  it('createApiKey is { apiKey, key } and the seed pair; the key works; deleteApiKey revokes', async () => {
    const created = await client.createApiKey({ name: 'dev-key' })
    const [info, secret] = created
    const { apiKey, key } = created
    expect(info).toBe(apiKey)
    expect(secret).toBe(key)
    expect(key).toMatch(/^ak_/)
    expect(apiKey.name).toBe('dev-key')
    expect(apiKey.prefix).toBe(key.slice(0, 8))
    expect(JSON.parse(JSON.stringify(created))).toEqual({
      apiKey: JSON.parse(JSON.stringify(apiKey)),
      key,
    })

    const listed = await client.listApiKeys()
    expect(listed.map((k) => k.id)).toContain(apiKey.id)
    expect(JSON.stringify(listed)).not.toContain(key)

    const other = clientFor(sandbox, { apiKey: key })
    expect((await other.getAccount()).id).toBe((await client.getAccount()).id)
    await client.deleteApiKey(apiKey.id)
    await expect(other.getAccount()).rejects.toMatchObject({
      name: 'AuthenticationError',
      status: 401,
    })
    await other.close()
  })

  it('createApiKey checks its name before sending', async () => {
    await expect(client.createApiKey({ name: '' })).rejects.toMatchObject({ field: 'name' })
  })
})

describe('Cargos', () => {
  it('listWorkloads and getWorkload', async () => {
    const workloads = await client.listWorkloads()
    expect(workloads.map((w) => w.slug)).toEqual(
      expect.arrayContaining(['llm-chat', 'sdxl', 'llm-chat-large', 'whisper']),
    )
    const llm = await client.getWorkload('llm-chat')
    expect(llm).toMatchObject({ id: 1, slug: 'llm-chat', pricePerJob: 0.01, isEnabled: true })
    await expect(client.getWorkload('nope')).rejects.toMatchObject({ name: 'NotFoundError' })
  })
})

describe('the seed models', () => {
  it('Job.parse(wire) and Job.toJSON(job) round-trip', async () => {
    const job = await client.createJob('llm-chat', { prompt: 'round trip', max_tokens: 5 })
    const done = await client.waitForJob(job.id)
    const wire = Job.toJSON(done)
    expect(wire).toMatchObject({ id: done.id, workload_id: 1, status: 'completed' })
    expect(wire.created_at).toBe(done.createdAt)
    expect(Job.parse(wire)).toEqual(done)
    expect(Job.parse(JSON.parse(JSON.stringify(wire)))).toEqual(done)
    expect(() => Job.parse({ id: 1 })).toThrow()
    expect(done.status).toBe('completed')
  })

  it('Usage round-trips, and core schemas do the rest', async () => {
    const usage = { promptTokens: 3, completionTokens: 4, totalTokens: 7, creditsUsed: 0.01 }
    expect(Usage.toJSON(usage)).toEqual({
      prompt_tokens: 3,
      completion_tokens: 4,
      total_tokens: 7,
      credits_used: 0.01,
    })
    expect(Usage.parse(Usage.toJSON(usage))).toEqual(usage)
  })

  it('every seed model round-trips through parse and toJSON, from real answers', async () => {
    const roundTrip = <M>(h: { parse(w: unknown): M; toJSON(m: M): unknown }, model: M) => {
      const wire = JSON.parse(JSON.stringify(h.toJSON(model)))
      expect(h.parse(wire)).toEqual({ ...model })
      return wire as Record<string, unknown>
    }
    const account = await client.getAccount()
    expect(roundTrip(Account, account)).toMatchObject({ id: account.id, credits: account.credits })
    const [key] = await client.createApiKey({ name: 'round-trip' })
    expect(roundTrip(ApiKey, key)).toMatchObject({ created_at: key.createdAt, prefix: key.prefix })
    const workload = await client.getWorkload('sdxl')
    expect(roundTrip(Workload, workload)).toMatchObject({ price_per_job: 0.05, is_enabled: true })
    const chat = await client.chat('models', { maxTokens: 3 })
    expect(roundTrip(ChatResult, chat)).toMatchObject({
      job_id: chat.jobId,
      finish_reason: 'length',
      usage: { credits_used: chat.usage.creditsUsed },
    })
    const image = await client.generateImage('models', { width: 256, height: 256, steps: 2 })
    expect(roundTrip(ImageResult, image)).toMatchObject({ image_format: 'png', width: 256 })
    expect(JobStatus.parse(JobStatus.toJSON('running'))).toBe('running')
    expect(JobStatus.values).toContain('timeout')
    expect(() => JobStatus.parse('done')).toThrow(ValidationError)
    expect(() => ChatResult.parse({ content: 'x', job_id: 'job_1' })).toThrow(/usage/)
    expect(() => ImageResult.parse({ ...ImageResult.toJSON(image), width: '256' })).toThrow(/width/)
    expect(() => Account.parse({ email: 'x' })).toThrow()
  })
})
