import { Client } from '@archipelag/client'
import { ArchipelagProvider } from '@archipelag/react'
import { QueryClient } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import './styles.css'
import { WorkProvider } from './work'

// No key in the page: the demo's server adds it in the proxy mounted at /api/archipelag.
const client = new Client({ apiKey: null, baseUrl: '/api/archipelag' })
const queryClient = new QueryClient()

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <ArchipelagProvider client={client} queryClient={queryClient}>
      <WorkProvider>
        <App />
      </WorkProvider>
    </ArchipelagProvider>
  </StrictMode>,
)
