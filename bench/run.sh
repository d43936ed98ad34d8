#!/usr/bin/env bash
# Measures kinplan against the floor (a bare relay) and its peers, the y-websocket server
# (@y/websocket-server 0.1.1) and Hocuspocus (@hocuspocus/server 4.7.0), in one sitting, on
# 127.0.0.1 only: builds the release binaries, installs the peers (npm ci), runs every scenario
# against each system on a fresh server (kinplan also on tmpfs, on the local PostgreSQL and as two
# nodes sharing PostgreSQL and Redis), prints one table with kinplan's figure over the best peer's
# and over the limit (the relay's figure plus the disk's fsync), and the targets with whether each
# is met, and writes them, the machine, the command and the date into docs/BENCHMARKS.md.
#
#   bench/run.sh           the full plan, about 35 minutes on a 2-core machine
#   bench/run.sh --quick   the quick plan, about 15 minutes
#
# Needs Rust, Node 20 or later, `psql` and PostgreSQL on 127.0.0.1:5432 (trust authentication)
# and Redis on 127.0.0.1:6379; each run makes a database and a key prefix of its own and drops the
# database afterwards. The crowd of 100,000 connections needs that many open files in the server
# and in the generator: the script raises the limit as far as it may, and where the hard limit is
# lower (and cannot be raised), the crowd holds as many as it allows and projects the rest, saying
# so in the table. Other work on the machine skews the figures: the table shows how much CPU other
# processes took during each scenario.
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
# and the servers it starts inherit that. Raising the hard limit needs CAP_SYS_RESOURCE.
ulimit -Hn 1048576 2>/dev/null || true
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

step "Measure (${command_line})"
./target/release/kinplan-bench \
  --binary target/release/kinplan \
  --peers bench/peers \
  --quiet-wait "${quiet_wait}" \
  compare "${plan_flags[@]}" \
  --write-doc docs/BENCHMARKS.md \
  --command-line "${command_line}"
