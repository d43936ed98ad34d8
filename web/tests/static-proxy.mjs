// A tiny static server for web/dist that forwards /api, /sync (WebSocket upgrades too) and
// /healthz to a kinplan server: used by the browser tests only while the kinplan binary does not
// yet serve this bundle itself.

import http from 'node:http'
import net from 'node:net'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize } from 'node:path'

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

const forwarded = (path) => path.startsWith('/api/') || path.startsWith('/sync/') || path === '/healthz'

/** Starts the proxy on a free loopback port; resolves to { url, close() }. */
export async function startStaticProxy(distDir, target) {
  const upstream = new URL(target)
  const server = http.createServer(async (request, response) => {
    const path = new URL(request.url, 'http://localhost').pathname
    if (forwarded(path)) {
      const outgoing = http.request(
        { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(response)
        },
      )
      outgoing.on('error', () => {
        if (!response.headersSent) response.writeHead(502)
        response.end()
      })
      request.pipe(outgoing)
      return
    }
    let file = normalize(join(distDir, decodeURIComponent(path)))
    if (!file.startsWith(distDir)) file = join(distDir, 'index.html')
    try {
      const info = await stat(file)
      if (!info.isFile()) throw new Error('not a file')
    } catch {
      file = join(distDir, 'index.html')
    }
    const body = await readFile(file)
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
    response.end(body)
  })
  server.on('upgrade', (request, socket, head) => {
    const connection = net.connect(Number(upstream.port), upstream.hostname, () => {
      const lines = [`${request.method} ${request.url} HTTP/1.1`]
      for (let i = 0; i < request.rawHeaders.length; i += 2) lines.push(`${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}`)
      connection.write(`${lines.join('\r\n')}\r\n\r\n`)
      if (head.length) connection.write(head)
      connection.pipe(socket)
      socket.pipe(connection)
    })
    const end = () => {
      connection.destroy()
      socket.destroy()
    }
    connection.on('error', end)
    socket.on('error', end)
    connection.on('close', end)
    socket.on('close', end)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.()
        server.close(() => resolve())
      }),
  }
}
