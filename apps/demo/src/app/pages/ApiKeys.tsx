import type { ApiKeyPair } from '@archipelag/client'
import { useApiKeys, useCreateApiKey, useDeleteApiKey } from '@archipelag/react'
import { type FormEvent, useState } from 'react'
import { CopyButton } from '../components/CopyButton'
import { ErrorNotice, QueryError } from '../components/ErrorNotice'
import { useDemoInfo } from '../demo-info'
import { time } from '../format'

/** The full key of a key just created: shown this once, with a copy button. */
function NewKey({ pair, onDone }: { pair: ApiKeyPair; onDone: () => void }) {
  return (
    <div className="notice notice-success" role="status">
      <p className="notice-title">Key “{pair.apiKey.name}” created</p>
      <p>Copy it now: it is shown this once and never again.</p>
      <p className="secret">
        <code id="new-key">{pair.key}</code>
        <CopyButton text={pair.key} target="new-key" />
      </p>
      <button type="button" onClick={onDone}>
        Done, I saved it
      </button>
    </div>
  )
}

export function ApiKeys() {
  const keys = useApiKeys()
  const create = useCreateApiKey()
  const remove = useDeleteApiKey()
  const serverKeys = useDemoInfo()?.serverKeyIds ?? []
  const [name, setName] = useState('')
  const [created, setCreated] = useState<ApiKeyPair>()
  const [confirming, setConfirming] = useState<string>()

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!name.trim()) return
    create.mutate(
      { name: name.trim() },
      {
        onSuccess: (pair) => {
          setCreated(pair)
          setName('')
        },
      },
    )
  }
  return (
    <section aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      {created && <NewKey pair={created} onDone={() => setCreated(undefined)} />}
      <form className="inline-form" onSubmit={submit}>
        <label htmlFor="key-name">New key’s name</label>
        <input
          id="key-name"
          value={name}
          placeholder="e.g. my-laptop"
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="primary" disabled={!name.trim() || create.isPending}>
          Create key
        </button>
      </form>
      {create.error && <ErrorNotice error={create.error} />}
      {remove.error && <ErrorNotice error={remove.error} />}
      <QueryError query={keys} />
      {keys.data && (
        <div className="table-wrap">
          <table className="keys-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((key) => {
                const own = serverKeys.includes(key.id)
                return (
                  <tr key={key.id} data-key={key.id}>
                    <td>
                      {key.name}
                      {own && <span className="badge badge-queued">used by this demo</span>}
                    </td>
                    <td>
                      <code>{key.prefix}…</code>
                    </td>
                    <td>{time(key.createdAt)}</td>
                    <td>{time(key.lastUsedAt)}</td>
                    <td className="actions-cell">
                      {own ? null : confirming === key.id ? (
                        <span className="confirm">
                          <button
                            type="button"
                            className="small danger"
                            onClick={() =>
                              remove.mutate(key.id, { onSettled: () => setConfirming(undefined) })
                            }
                            disabled={remove.isPending}
                          >
                            Delete “{key.name}”
                          </button>
                          <button
                            type="button"
                            className="small"
                            onClick={() => setConfirming(undefined)}
                          >
                            Keep
                          </button>
                        </span>
                      ) : (
                        <button
                          type="button"
                          className="small"
                          onClick={() => setConfirming(key.id)}
                          aria-label={`Delete key ${key.name}`}
                        >
                          Delete
                        </button>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
