#!/usr/bin/env bash
# Measures otc-chain's performance on this machine (not part of CI; see docs/performance.md):
#
#   1. throughput on a real node: transfers against full OTC trade cycles, in one run
#      (scripts/bench/throughput.mjs; ACCOUNTS, TRANSFERS, ORDERS set its size);
#   2. cost at scale: open_order, mark_paid, release and a book page with 100 and with 100 000
#      adverts and orders in state: in the runtime's in-memory state without caches (an ignored
#      test of pallet-otc-escrow), then on a real node with its database and caches, the
#      `otc_adverts` RPC page, dry runs of the calls, and blocks of 1 000 of each call executed
#      again on their parent's state (scripts/bench/scale-node.mjs);
#   3. the weights table: every call of our pallets against balances.transfer_keep_alive, from
#      the weights files that scripts/benchmark.sh generated on this machine.
#
#   scripts/bench.sh              # all three
#   scripts/bench.sh throughput   # one of: throughput, scale, weights
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$OTC_ROOT"

what="${1:-all}"
ACCOUNTS="${ACCOUNTS:-1000}"
TRANSFERS="${TRANSFERS:-30}"
ORDERS="${ORDERS:-16}"

log "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo), $(uname -m)"

if [ "$what" = all ] || [ "$what" = throughput ] || [ "$what" = scale ]; then
	ensure_prereqs
	log "building (release, the same artifacts as scripts/test.sh)"
	cargo test --release --locked --workspace --no-run
fi

if [ "$what" = all ] || [ "$what" = throughput ]; then
	ensure_node_packages
	log "throughput: $ACCOUNTS accounts, $TRANSFERS transfers and $ORDERS trades each"
	node scripts/bench/throughput.mjs --accounts "$ACCOUNTS" \
		--transfers-per-account "$TRANSFERS" --orders-per-buyer "$ORDERS"
fi

if [ "$what" = all ] || [ "$what" = scale ]; then
	log "cost at scale: 100 against 100 000 adverts and orders"
	cargo test --release --locked --workspace --lib costs_at_100_000 -- --ignored --nocapture
	ensure_node_packages
	log "cost at scale on a node: 100 against 100 000 adverts and orders"
	node scripts/bench/scale-node.mjs
fi

if [ "$what" = all ] || [ "$what" = weights ]; then
	log "weights table (from the generated weights files)"
	node scripts/bench/weights-table.mjs
fi
