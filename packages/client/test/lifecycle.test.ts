import type { Sandbox } from '@archipelag/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ArchipelagError, type Client } from '../src/index'
import { clientFor, listen } from './helpers/sandbox'

let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await listen()
})
afterAll(async () => {
  await sandbox?.close()
})

describe('close() and await using', () => {
  it('await using closes the client at the end of the scope', async () => {
    let escaped: Client | undefined
    {
      await using client = clientFor(sandbox)
      escaped = client
      expect((await client.chat('inside the scope')).content.length).toBeGreaterThan(0)
      expect(client.closed).toBe(false)
    }
    expect(escaped.closed).toBe(true)
    await expect(escaped.getAccount()).rejects.toMatchObject({ code: 'client_closed' })
    expect(() => escaped.chatStream('after')).toThrow(ArchipelagError)
  })

  it('close() stops in-flight streams and waits locally; the job keeps running', async () => {
    const client = clientFor(sandbox)
    const stream = client.chatStream('[sandbox:hang] outlives the client')
    const job = await stream.start()
    const waiting = client.waitForJob(job.id)
    const reading = (async () => {
      for await (const _ of stream) {
        // until closed
      }
    })()
    await client.close()
    await reading
    expect(stream.state).toBe('detached')
    await expect(waiting).rejects.toMatchObject({ code: 'client_closed' })
    const other = clientFor(sandbox)
    expect((await other.getJob(job.id)).status).toBe('running')
    await other.cancelJob(job.id)
    await client.close()
  })

  it('abort() after close() never throws: the cancel that cannot be sent goes to onError', async () => {
    const client = clientFor(sandbox)
    const errors: unknown[] = []
    const stream = client.chatStream('[sandbox:hang] closed under it', {
      onError: (error) => errors.push(error),
    })
    const job = await stream.start()
    await client.close()
    expect(stream.state).toBe('detached')
    let aborting: Promise<void> | undefined
    expect(() => {
      aborting = stream.abort()
    }).not.toThrow()
    await expect(aborting).resolves.toBeUndefined()
    expect(errors).toEqual([expect.objectContaining({ code: 'client_closed' })])
    const other = clientFor(sandbox)
    await other.cancelJob(job.id)
    await other.close()
  })

  it('Symbol.asyncDispose is close()', async () => {
    const client = clientFor(sandbox)
    await client[Symbol.asyncDispose]()
    expect(client.closed).toBe(true)
  })
})
