// Shared by the examples: a client for the real API when ARCHIPELAG_API_KEY is set,
// otherwise for a local sandbox started in this process (no account, no network).
import { Client } from '@archipelag/client'
import { startSandbox } from '@archipelag/sandbox'

export async function connect(): Promise<{ client: Client; close: () => Promise<void> }> {
  if (process.env.ARCHIPELAG_API_KEY) {
    const client = new Client()
    return { client, close: () => client.close() }
  }
  const sandbox = await startSandbox({ db: ':memory:', islands: 16, tokenIntervalMs: 10 })
  console.error(`(local sandbox at ${sandbox.url}; set ARCHIPELAG_API_KEY to use the real API)`)
  const client = new Client({ apiKey: sandbox.apiKey, baseUrl: sandbox.url })
  return {
    client,
    close: async () => {
      await client.close()
      await sandbox.close()
    },
  }
}
