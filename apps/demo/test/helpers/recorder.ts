import { type Server, createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One response as the browser received it: status line, headers and every body byte. */
export interface Recorded {
  method: string
  path: string
  status: number
  contentType: string
  headers: string
  body: Buffer
}

/**
 * A reverse proxy between the browser and the demo server that keeps a copy of every response
 * — headers and body, event streams chunk by chunk as they pass — so a test can search all
 * that the page was ever sent.
 */
export async function startRecorder(target: string): Promise<{
  url: string
  responses: Recorded[]
  close(): Promise<void>
}> {
  const upstream = new URL(target)
  const responses: Recorded[] = []
  const server: Server = createServer((req, res) => {
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        const chunks: Buffer[] = []
        const record: Recorded = {
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          status: answer.statusCode ?? 0,
          contentType: String(answer.headers['content-type'] ?? ''),
          headers: JSON.stringify(answer.rawHeaders),
          body: Buffer.alloc(0),
        }
        responses.push(record)
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders)
        answer.on('data', (chunk: Buffer) => {
          chunks.push(chunk)
          record.body = Buffer.concat(chunks)
          res.write(chunk)
        })
        answer.on('end', () => res.end())
        answer.on('error', () => res.destroy())
      },
    )
    forward.on('error', () => res.destroy())
    res.on('close', () => forward.destroy())
    req.pipe(forward)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    responses,
    close: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

/**
 * The ways a secret can show up in text: as is, percent-encoded, and in base64 at each of
 * the three byte alignments (the part of the encoding that depends on the secret alone).
 */
export function encodings(secret: string): string[] {
  const found = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.from('\0'.repeat(pad) + secret).toString('base64')
    const start = pad === 0 ? 0 : 4
    const end = Math.floor((pad + secret.length) / 3) * 4
    found.add(b64.slice(start, end))
    found.add(b64.slice(start, end).replace(/\+/g, '-').replace(/\//g, '_'))
  }
  return [...found]
}
