import { useAccount, useWorkloads } from '@archipelag/react'
import { QueryError } from '../components/ErrorNotice'
import { credits } from '../format'
import { ApiKeys } from './ApiKeys'

function Credits() {
  const account = useAccount()
  const { data } = account
  return (
    <section className="card credits-card" aria-labelledby="credits-title">
      <h2 id="credits-title">Credits</h2>
      <QueryError query={account} />
      {data && (
        <>
          <p className="big-number" id="account-credits" data-credits={data.credits}>
            {credits(data.credits)}
          </p>
          <p className="muted">
            {data.email} · account {String(data.id)}
            {account.isFetching && ' · refreshing…'}
          </p>
        </>
      )}
    </section>
  )
}

function Catalogue() {
  const workloads = useWorkloads()
  return (
    <section aria-labelledby="cargos-title">
      <h2 id="cargos-title">Cargos</h2>
      <p className="muted">What Islands run, and what each job costs.</p>
      <QueryError query={workloads} />
      {workloads.data && (
        <div className="table-wrap">
          <table className="cargos-table">
            <thead>
              <tr>
                <th scope="col">Cargo</th>
                <th scope="col">What it does</th>
                <th scope="col">Runtime</th>
                <th scope="col" className="num">
                  Price per job
                </th>
              </tr>
            </thead>
            <tbody>
              {workloads.data.map((w) => (
                <tr key={w.slug} data-slug={w.slug} className={w.isEnabled ? '' : 'disabled'}>
                  <td>
                    <strong>{w.name}</strong>
                    <br />
                    <code>{w.slug}</code>
                  </td>
                  <td>
                    {w.description ?? '—'}
                    {!w.isEnabled && <span className="badge badge-cancelled">unavailable</span>}
                  </td>
                  <td>{w.runtimeType}</td>
                  <td className="num">{credits(w.pricePerJob)} credits</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

export function AccountPage() {
  return (
    <section className="page account" aria-labelledby="account-title">
      <header className="page-header">
        <h1 id="account-title">Account</h1>
        <p className="lede">Credits, API keys and the Cargos on offer.</p>
      </header>
      <Credits />
      <ApiKeys />
      <Catalogue />
    </section>
  )
}
