import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A real node:http server on 127.0.0.1 for answers the sandbox never gives (malformed ones). */
export interface LocalServer {
  url: string
  requests: IncomingMessage[]
  close(): Promise<void>
}

export async function startLocalServer(
  handler: (req: IncomingMessage, res: ServerResponse, index: number) => void | Promise<void>,
): Promise<LocalServer> {
  const requests: IncomingMessage[] = []
  const server = createServer((req, res) => {
    requests.push(req)
    void handler(req, res, requests.length - 1)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Writes `chunks` one by one, letting each reach the socket before the next. */
export async function writeChunks(res: ServerResponse, chunks: (string | Uint8Array)[]) {
  for (const chunk of chunks) {
    res.write(chunk)
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** Splits bytes into pieces of `size` (1 = one byte at a time). */
export function split(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = []
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size))
  return out
}
