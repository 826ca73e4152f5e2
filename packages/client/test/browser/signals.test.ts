// Aborts, deadlines and close() in headless Chromium against the real sandbox: the signal
// plumbing (onAbort, joinSignals, ownSignal, deadline) as a page meets it. Every call ends
// with its typed error, no job is left running out of reach, and the page reports nothing.
import type { Page } from 'browser-harness'
import { afterEach, describe, expect, it } from 'vitest'
import { eventually } from '../helpers/sandbox'
import type { Ending } from './page/signal-scenarios'
import { inPage, modes, sandboxJob, useBrowserWorld } from './world'

const world = useBrowserWorld()

afterEach(() => {
  world().sandbox.setFaults({})
  for (const page of [world().direct.page, world().proxied.page]) {
    expect(world().chromium.errors(page)).toEqual([])
    expect(consoleErrors(page)).toEqual([])
  }
})

/** Console errors other than Chromium's own line for each request the page aborted. */
function consoleErrors(page: Page): string[] {
  return world()
    .chromium.consoleLines(page)
    .filter((l) => l.startsWith('error:'))
}

/** Running jobs on the sandbox whose prompt contains `marker`. */
async function running(marker: string): Promise<string[]> {
  const res = await fetch(`${world().sandbox.url}/api/v1/jobs?limit=100`, {
    headers: { authorization: `Bearer ${world().sandbox.apiKey}` },
  })
  const body = (await res.json()) as {
    data: { id: string; status: string; input: { prompt?: string } }[]
  }
  return body.data
    .filter((j) => j.input.prompt?.includes(marker))
    .filter((j) => j.status === 'running' || j.status === 'pending' || j.status === 'queued')
    .map((j) => j.id)
}

async function endsAs(jobId: string, status: string): Promise<void> {
  const seen = await eventually(async () => {
    const job = await sandboxJob(world().sandbox, jobId)
    return job.status === 'running' ? undefined : job.status
  })
  expect(seen).toBe(status)
}

function noKey(end: Ending): void {
  const key = world().sandbox.apiKey
  expect(`${end.message} ${end.stack}`).not.toContain(key)
}

describe.each(modes)('in Chromium, $mode, signals', ({ side }) => {
  const page = () => world()[side].page
  const route = () => world()[side].route

  it.each(['at once', 'after'] as const)(
    'one signal shared by several streams aborts them all; every job is cancelled (close() %s)',
    async (close) => {
      const streams = await inPage(page(), 'sharedSignal', route().ok, 4, close)
      for (const s of streams) {
        expect(s.state).toBe('aborted')
        expect(s.read.end).toEqual({ ok: true }) // the loop just ends
        expect(s.final).toMatchObject({ ok: false, name: 'JobCancelledError', code: 'cancelled' })
      }
      // The abort came first: close() does not stop the cancels it sent.
      for (const s of streams) await endsAs(s.jobId as string, 'cancelled')
    },
  )

  it('close() ends every stream and wait with client_closed; nothing unreachable runs', async () => {
    const r = await inPage(page(), 'closeInFlight', route().ok)
    for (const [name, end] of Object.entries(r.ends)) {
      if (name === 'reading') continue
      expect({ call: name, ...end }).toMatchObject({ call: name, ok: false, code: 'client_closed' })
      noKey(end)
    }
    // The reading loop ends (the stream is detached: its job runs on, its id known).
    expect(r.readingState).toBe('detached')
    expect(r.after).toMatchObject({ ok: false, code: 'client_closed' })
    // close() leaves created jobs running (documented); the detached stream's is known.
    expect((await sandboxJob(world().sandbox, r.readingJob as string)).status).toBe('running')
    const leftover = [
      ...(await running('close while chatting')),
      ...(await running('close while polling')),
    ]
    for (const id of [...r.jobs, r.readingJob, ...leftover]) {
      await fetch(`${world().sandbox.url}/api/v1/jobs/${id}/cancel`, {
        method: 'POST',
        headers: { authorization: `Bearer ${world().sandbox.apiKey}` },
      })
    }
  })

  it('waitAll with settled rejects with the abort reason; the jobs run on', async () => {
    const r = await inPage(page(), 'waitAllSettledAborted', route().ok, 200)
    expect(r.end).toMatchObject({ ok: false, name: 'AbortError', message: 'gone' })
    expect(r.still).toBe('running')
  })

  it('chat({ timeout }) that runs out while the job is created: TimeoutError, no job left', async () => {
    world().sandbox.setFaults({ latencyMs: 700 })
    const prompt = `slow creation ${side} [sandbox:hang]`
    const r = await inPage(page(), 'chatTimeoutWhileCreating', route().ok, prompt, 200)
    world().sandbox.setFaults({})
    for (const end of [r.streamed, r.polled]) {
      expect(end).toMatchObject({ ok: false, name: 'TimeoutError', code: 'wait_timeout' })
      noKey(end)
    }
    expect(r.took).toBeLessThan(1000)
    await new Promise((resolve) => setTimeout(resolve, 1500))
    await eventually(async () => ((await running(prompt)).length === 0 ? true : undefined))
  })

  it('streamJob detached, then resumed with lastEventId: the whole text, nothing twice', async () => {
    const r = await inPage(page(), 'detachResume', route().ok, 3)
    expect(r.firstState).toBe('detached')
    expect(r.firstFinal).toMatchObject({ ok: false, code: 'detached' })
    expect(r.lastEventId).toBeDefined()
    const job = await sandboxJob(world().sandbox, r.jobId)
    expect(job.status).toBe('completed')
    expect(r.text).toBe(job.output)
    expect(r.resumedContent).toBe(r.tail)
  })

  it("core's streamed chat completion aborted mid-stream, unread: the next read throws the reason", async () => {
    const r = await inPage(page(), 'completionAbortedUnread', route().ok)
    expect(r.firstDone).toBe(false)
    expect(r.next).toMatchObject({ ok: false, message: 'stopped by the page' })
  })
})

describe.each(modes)('in Chromium, $mode, streams left early', ({ side }) => {
  it('free their connections: a request after many still gets an answer', async () => {
    const r = await inPage(world()[side].page, 'leaveStreamsEarly', world()[side].route.ok, 8)
    expect(r.answered).toBe('answered')
  }, 30_000)
})

describe.each(modes)('in Chromium, $mode, a signal aborted before the call', ({ side }) => {
  it('rejects every call with its reason and creates no job', async () => {
    const marker = `pre-aborted ${side}`
    const ends = await inPage(world()[side].page, 'preAborted', world()[side].route.ok, marker)
    for (const [call, end] of Object.entries(ends)) {
      const expected =
        call === 'stream' ? { code: 'aborted' } : { message: 'aborted before the call' }
      expect({ call, ...end }).toMatchObject({ call, ok: false, ...expected })
    }
    await new Promise((resolve) => setTimeout(resolve, 300))
    const res = await fetch(`${world().sandbox.url}/api/v1/jobs?limit=100`, {
      headers: { authorization: `Bearer ${world().sandbox.apiKey}` },
    })
    const jobs = ((await res.json()) as { data: { input: { prompt?: string } }[] }).data
    const made = jobs.map((j) => j.input.prompt ?? '').filter((p) => p.startsWith(marker))
    expect(made).toEqual([`${marker} waited [sandbox:hang]`])
  })
})

describe.each(modes)('in Chromium, $mode, a readable stream', ({ side }) => {
  it('cancelled by its reader aborts the ChatStream and cancels the job', async () => {
    const r = await inPage(world()[side].page, 'readableCancelled', world()[side].route.ok)
    expect(r.got).toBeGreaterThan(0)
    expect(r.state).toBe('aborted')
    expect(r.final).toMatchObject({ ok: false, name: 'JobCancelledError', code: 'cancelled' })
    await endsAs(r.jobId as string, 'cancelled')
  })
})

describe('in Chromium, a waiter that throws inside onAbort', () => {
  it('is reported as the page error; the other waiters and the stream still run', async () => {
    const page = await world().chromium.newPage()
    await page.goto(world().direct.page.url())
    await page.waitForFunction(() => typeof window.scenarios === 'object')
    const r = await inPage(page, 'throwingWaiter', world().direct.route.ok)
    expect(r.ran).toEqual(['first', 'last'])
    expect(r.state).toBe('aborted')
    expect(r.end.end).toEqual({ ok: true })
    expect(world().chromium.errors(page)).toEqual(['Error: waiter blew up'])
    await endsAs(r.jobId as string, 'cancelled')
    await page.close()
  })
})
