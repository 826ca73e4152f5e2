import type { StreamEvent } from '@archipelag/client'
import { useArchipelagClient } from '@archipelag/react'
import { useEffect, useState } from 'react'

/** A job's events so far, for its details page. */
export interface JobEvents {
  events: StreamEvent[]
  /** The stream ended (the job is over and every event is here). */
  ended: boolean
}

/**
 * Reads a job's event stream from its first event (a finished job's is replayed), one render
 * per animation frame however fast they come. Leaving the page detaches: the job runs on.
 *
 * (Not `useChatStream({ resumeJobId })`: without an `id` it cancels the job on unmount, and
 * with `cancelOnUnmount: false` it keeps the stream open after the page is gone.)
 */
export function useJobEvents(id: string): JobEvents {
  const client = useArchipelagClient()
  const [state, setState] = useState<JobEvents>({ events: [], ended: false })
  useEffect(() => {
    let buffer: StreamEvent[] = []
    let frame = 0
    const flush = (ended = false) => {
      frame = 0
      const arrived = buffer
      buffer = []
      setState((s) => ({ events: arrived.length ? [...s.events, ...arrived] : s.events, ended }))
    }
    setState({ events: [], ended: false })
    const stream = client.streamJob(id, {
      onEvent: (event) => {
        buffer.push(event)
        frame ||= requestAnimationFrame(() => flush())
      },
    })
    // Failed and cancelled jobs reject here; their events tell the story already.
    const end = () => {
      cancelAnimationFrame(frame)
      flush(true)
    }
    stream.finalResult().then(end, end)
    return () => {
      cancelAnimationFrame(frame)
      stream.detach()
    }
  }, [client, id])
  return state
}
