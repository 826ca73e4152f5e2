import type { ApiKey, ApiKeyPair } from '@archipelag/client'
import { useApiKeys, useCreateApiKey, useDeleteApiKey } from '@archipelag/react'
import { type FormEvent, type ReactNode, useState } from 'react'
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

/** A key's row: its name, prefix and dates, and Delete behind a confirmation. */
function KeyRow({ apiKey, own }: { apiKey: ApiKey; own: boolean }) {
  const remove = useDeleteApiKey()
  const [confirming, setConfirming] = useState(false)
  const { id, name } = apiKey
  let action: ReactNode = null
  if (!own && confirming) {
    action = (
      <span className="confirm">
        <button
          type="button"
          className="small danger"
          onClick={() => remove.mutate(id, { onSettled: () => setConfirming(false) })}
          disabled={remove.isPending}
        >
          Delete “{name}”
        </button>
        <button type="button" className="small" onClick={() => setConfirming(false)}>
          Keep
        </button>
      </span>
    )
  } else if (!own) {
    action = (
      <button
        type="button"
        className="small"
        onClick={() => setConfirming(true)}
        aria-label={`Delete key ${name}`}
      >
        Delete
      </button>
    )
  }
  return (
    <tr data-key={id}>
      <td>
        {name}
        {own && <span className="badge badge-queued">used by this demo</span>}
        {remove.error && <ErrorNotice error={remove.error} />}
      </td>
      <td>
        <code>{apiKey.prefix}…</code>
      </td>
      <td>{time(apiKey.createdAt)}</td>
      <td>{time(apiKey.lastUsedAt)}</td>
      <td className="actions-cell">{action}</td>
    </tr>
  )
}

/** The form that creates a key, and the new key, shown once. */
function CreateKey() {
  const create = useCreateApiKey()
  const [name, setName] = useState('')
  const [created, setCreated] = useState<ApiKeyPair>()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!name.trim()) return
    const onSuccess = (pair: ApiKeyPair) => {
      setCreated(pair)
      setName('')
    }
    create.mutate({ name: name.trim() }, { onSuccess })
  }
  return (
    <>
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
    </>
  )
}

export function ApiKeys() {
  const keys = useApiKeys()
  const serverKeys = useDemoInfo()?.serverKeyIds ?? []
  return (
    <section aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      <CreateKey />
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
              {keys.data.map((key) => (
                <KeyRow key={key.id} apiKey={key} own={serverKeys.includes(key.id)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
