import { ConnectionError, ServerError } from '@archipelag/client'
import { useAccount } from '@archipelag/react'
import { ErrorBoundary } from './components/ErrorBoundary'
import { ErrorNotice } from './components/ErrorNotice'
import { ThemeToggle } from './components/ThemeToggle'
import { useDemoInfo } from './demo-info'
import { credits } from './format'
import { AccountPage } from './pages/AccountPage'
import { BatchPage } from './pages/BatchPage'
import { ChatPage } from './pages/ChatPage'
import { ImagesPage } from './pages/ImagesPage'
import { JobsPage } from './pages/JobsPage'
import { Link, type Route, parseRoute, usePath } from './router'

const NAV = [
  { href: '/chat', page: 'chat', label: 'Chat' },
  { href: '/images', page: 'images', label: 'Images' },
  { href: '/jobs', page: 'jobs', label: 'Jobs' },
  { href: '/batch', page: 'batch', label: 'Batch' },
  { href: '/account', page: 'account', label: 'Account' },
] as const

function NotFound() {
  return (
    <section className="page">
      <h1>Nothing here</h1>
      <p>
        There is no page at <code>{usePath()}</code>. <Link href="/chat">Go to the chat</Link>.
      </p>
    </section>
  )
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'chat':
      return <ChatPage />
    case 'images':
      return <ImagesPage />
    case 'jobs':
      return <JobsPage jobId={route.jobId} />
    case 'batch':
      return <BatchPage />
    case 'account':
      return <AccountPage />
    default:
      return <NotFound />
  }
}

/** The credits in the header: they refresh after every job. */
function CreditsPill() {
  const { data } = useAccount()
  return (
    <Link
      href="/account"
      className="credits-pill"
      id="header-credits"
      aria-label="Credits: see the account"
    >
      {data ? credits(data.credits) : '…'} <span className="muted">credits</span>
    </Link>
  )
}

/** When the API is out of reach, every page says so at the top, with a way to retry. */
function ReachBanner() {
  const account = useAccount()
  const error = account.error
  const unreachable =
    error instanceof ConnectionError || (error instanceof ServerError && error.status === 502)
  if (!unreachable) return null
  return <ErrorNotice error={error} onRetry={() => void account.refetch()} />
}

export function App() {
  const route = parseRoute(usePath())
  const info = useDemoInfo()
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link href="/chat" className="brand">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          <span>Archipelag.io</span> <span className="muted">demo</span>
        </Link>
        <nav aria-label="Pages">
          <ul>
            {NAV.map((item) => (
              <li key={item.page}>
                <Link href={item.href} aria-current={route.page === item.page ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="header-tools">
          <CreditsPill />
          <ThemeToggle />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <ReachBanner />
        <ErrorBoundary resetKey={route.page}>
          <Page route={route} />
        </ErrorBoundary>
      </main>
      <footer className="site-footer">
        {info?.mode === 'sandbox'
          ? 'Running on the local sandbox: no account, no network, nothing charged for real.'
          : info?.mode === 'api'
            ? `Running on the API at ${info.apiHost}, with the server’s key.`
            : ''}{' '}
        The page talks to <code>/api/archipelag</code>; the API key stays on the server.
      </footer>
    </>
  )
}
