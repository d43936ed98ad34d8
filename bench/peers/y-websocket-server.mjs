// Starts the unmodified y-websocket server (npm @y/websocket-server 0.1.1) on 127.0.0.1 for
// kinplan's benchmarks, as its own `y-websocket-server` command does, but on a port chosen by the
// caller (0 picks a free one) and with nothing kept on disk.
//
// Usage: node y-websocket-server.mjs [port]
// Prints `y-websocket-server ready on 127.0.0.1:PORT` once it listens.

import http from 'node:http'

// The package reads these at import time: YPERSISTENCE would keep documents in LevelDB and
// CALLBACK_URL would post every change to a web hook. The benchmark measures the in-memory server.
for (const name of ['YPERSISTENCE', 'CALLBACK_URL']) {
  if (process.env[name] !== undefined) {
    console.error(`refusing to start with ${name} set: the benchmark runs the server without persistence`)
    process.exit(2)
  }
}

const { WebSocketServer } = await import('ws')
const { setupWSConnection } = await import('@y/websocket-server/utils')

const port = Number.parseInt(process.argv[2] ?? '0', 10)
const webSocketServer = new WebSocketServer({ noServer: true })
const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' })
  response.end('okay')
})

webSocketServer.on('connection', setupWSConnection)
server.on('upgrade', (request, socket, head) => {
  webSocketServer.handleUpgrade(request, socket, head, (webSocket) => {
    webSocketServer.emit('connection', webSocket, request)
  })
})

server.listen(port, '127.0.0.1', () => {
  console.log(`y-websocket-server ready on 127.0.0.1:${server.address().port}`)
})

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => process.exit(0))
}
