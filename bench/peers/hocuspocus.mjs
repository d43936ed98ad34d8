// Starts Hocuspocus (npm @hocuspocus/server 4.7.0), unmodified and without extensions, so with no
// persistence, on 127.0.0.1 for kinplan's benchmarks. Every connection is let in: Hocuspocus still
// expects its own auth message first, which the load generator sends.
//
// Usage: node hocuspocus.mjs [port]
// Prints `hocuspocus ready on 127.0.0.1:PORT` once it listens.

import { Server } from '@hocuspocus/server'

const port = Number.parseInt(process.argv[2] ?? '0', 10)
const server = new Server({
  address: '127.0.0.1',
  port,
  // The start screen goes to stdout; the caller reads only the ready line.
  quiet: true,
})

await server.listen()
console.log(`hocuspocus ready on 127.0.0.1:${server.address.port}`)
