#!/usr/bin/env bash
# Measures kinplan against the y-websocket server (@y/websocket-server 0.1.1) and Hocuspocus
# (@hocuspocus/server 4.7.0) in one sitting, on 127.0.0.1 only: builds the release binaries,
# installs the peers (npm ci), runs every scenario against each system on a fresh server, prints
# one table with kinplan's figure over the best peer's, and writes that table, the machine, the
# command and the date into docs/BENCHMARKS.md.
#
#   bench/run.sh           the full plan, about 15 to 20 minutes on a 2-core machine
#   bench/run.sh --quick   the quick plan, about 3 minutes
#
# Needs Rust and Node 20 or later. Other work on the machine skews the figures: the table shows
# how much CPU other processes took during each scenario.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Before each system's run the generator waits a while for other processes to leave the cores
# alone; the quick plan waits less.
quiet_wait=15
plan_flags=()
command_line="bench/run.sh"
case "${1:-}" in
  "") ;;
  --quick) quiet_wait=3; plan_flags=(--quick); command_line="bench/run.sh --quick" ;;
  *) echo "usage: bench/run.sh [--quick]" >&2; exit 2 ;;
esac

step() { printf '\n==> %s\n' "$*" >&2; }

step "Build the release binaries (kinplan and the load generator)"
cargo build --release -p kinplan-server -p kinplan-bench

step "Install the peers (npm ci in bench/peers)"
(cd bench/peers && npm ci --no-audit --no-fund)

# Thousands of clients each hold a socket; the generator raises its own soft limit to the hard one,
# and the servers it starts inherit that.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

step "Measure (${command_line})"
./target/release/kinplan-bench \
  --binary target/release/kinplan \
  --peers bench/peers \
  --quiet-wait "${quiet_wait}" \
  compare "${plan_flags[@]}" \
  --write-doc docs/BENCHMARKS.md \
  --command-line "${command_line}"
