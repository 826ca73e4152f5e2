import { Client } from '@archipelag/client'
import { act } from '@testing-library/react'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useChat } from '../src/index'
import { Providers, testQueryClient } from './helpers/render'

function Conversation() {
  const { messages } = useChat({ id: 'hydrated', persist: true })
  return (
    <ul>
      {messages.map((m) => (
        <li key={m.id}>{m.content}</li>
      ))}
    </ul>
  )
}

function Page({ client }: { client: Client }) {
  return (
    <Providers client={client} queryClient={testQueryClient()}>
      <Conversation />
    </Providers>
  )
}

afterEach(() => sessionStorage.clear())

describe('hydration', () => {
  it('a saved conversation hydrates without a mismatch, then shows its messages', async () => {
    const saved = { messages: [{ id: 'm1', role: 'user', content: 'Saved question' }] }
    sessionStorage.setItem('archipelag:chat:hydrated', JSON.stringify(saved))
    const page = () => new Client({ apiKey: null, baseUrl: '/api/archipelag' })
    const html = renderToString(<Page client={page()} />)
    expect(html).not.toContain('Saved question') // the server has no sessionStorage
    const container = document.createElement('div')
    container.innerHTML = html
    document.body.append(container)
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const recoverable: unknown[] = []
    await act(async () => {
      hydrateRoot(container, <Page client={page()} />, {
        onRecoverableError: (error) => void recoverable.push(error),
      })
    })
    expect(container.textContent).toBe('Saved question')
    expect(recoverable).toEqual([])
    expect(errors).not.toHaveBeenCalled()
    errors.mockRestore()
    container.remove()
  })
})
