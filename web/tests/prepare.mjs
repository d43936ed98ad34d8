// Run once before the browser tests: builds the kinplan binary (`cargo build --bin kinplan`) so
// that each test file can start it without building again.

import { kinplanBinary } from './harness.mjs'

const started = Date.now()
const binary = kinplanBinary()
console.log(`kinplan binary ready: ${binary} (${Math.round((Date.now() - started) / 1000)} s)`)
