#!/usr/bin/env bash
# Regenerates the `weights.rs` of our pallets from their benchmarks (v2), measured on this
# machine with the runtime's wasm, and writes them with scripts/benchmark/weight-template.hbs.
#
#   scripts/benchmark.sh                      # our pallets, pallet_balances, the database
#   scripts/benchmark.sh pallet_kyc_registry  # one pallet
#   scripts/benchmark.sh db                   # the database weights only
#
# The polkadot-sdk pallets the runtime uses are benchmarked too (runtime/src/weights/, the
# runtime's weights for them): balances' transfer_keep_alive is the yardstick of
# docs/performance.md, assets' transfer_keep_alive that of the calls that move a `pallet-assets`
# token (USDT); timestamp, session, collator-selection, collective, membership (the council's
# instance; the arbiters' is charged the same), utility and tx-pause are what governance and
# the validators pay; the system pallet's transaction extensions and transaction payment's are
# charged on every extrinsic. pallet-whitelist keeps its own weights (runtime/src/benchmarks.rs says why).
#
# `db` measures reads and writes of ParityDB, which the node uses, on a state of DB_ACCOUNTS
# (default 60 000) accounts with a balance, a USDT balance and a KYC record each (about 180 000
# keys; the genesis of 100 000 accounts is above the 32 MiB the runtime can allocate at once),
# and writes runtime/src/weights/paritydb_weights.rs, the runtime's `DbWeight`. A write is
# measured as a block does it: DB_BATCH (default 1 000) keys changed, then the state root
# computed and committed once, divided by the keys. The weight is the 95th percentile of the
# measured times (DB_METRIC), so that most accesses cost less than they are charged.
#
# Builds `otc-node --features runtime-benchmarks` (a separate, heavy build: not part of CI).
# STEPS and REPEAT can be set in the environment (defaults 50 and 20).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$OTC_ROOT"
ensure_prereqs

STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
DB_ACCOUNTS="${DB_ACCOUNTS:-60000}"
DB_METRIC="${DB_METRIC:-p95}"
DB_BATCH="${DB_BATCH:-1000}"
# pallet name -> weights file it writes
declare -A PALLETS=(
	[pallet_kyc_registry]=pallets/kyc-registry/src/weights.rs
	[pallet_otc_escrow]=pallets/otc-escrow/src/weights.rs
	[pallet_balances]=runtime/src/weights/pallet_balances.rs
	[pallet_assets]=runtime/src/weights/pallet_assets.rs
	[pallet_timestamp]=runtime/src/weights/pallet_timestamp.rs
	[pallet_session]=runtime/src/weights/pallet_session.rs
	[pallet_collator_selection]=runtime/src/weights/pallet_collator_selection.rs
	[pallet_collective]=runtime/src/weights/pallet_collective.rs
	[pallet_membership]=runtime/src/weights/pallet_membership.rs
	[pallet_utility]=runtime/src/weights/pallet_utility.rs
	[pallet_tx_pause]=runtime/src/weights/pallet_tx_pause.rs
	[frame_system_extensions]=runtime/src/weights/frame_system_extensions.rs
	[pallet_transaction_payment]=runtime/src/weights/pallet_transaction_payment.rs
)
selected=("$@")
[ ${#selected[@]} -eq 0 ] && selected=(db "${!PALLETS[@]}")

log "building otc-node with runtime-benchmarks"
cargo build --release --locked -p otc-node --features runtime-benchmarks

# Measures the database on a large state and writes the runtime's database weights.
benchmark_db() {
	ensure_node_packages
	local spec dir
	log "database weights: a state of $DB_ACCOUNTS accounts"
	spec="$(node scripts/bench/state-spec.mjs --accounts "$DB_ACCOUNTS")"
	dir="$(mktemp -d)"
	"$OTC_NODE_BIN" benchmark storage \
		--chain "$spec" \
		--base-path "$dir" \
		--database paritydb \
		--state-version 1 \
		--metric "$DB_METRIC" \
		--batch-size "$DB_BATCH" \
		--template-path scripts/benchmark/db-weight-template.hbs \
		--weight-path runtime/src/weights/
	rm -rf "$dir" "$(dirname "$spec")"
}

for pallet in "${selected[@]}"; do
	if [ "$pallet" = db ]; then
		benchmark_db
		continue
	fi
	out="${PALLETS[$pallet]:-}"
	if [ -z "$out" ]; then
		echo "error: unknown pallet $pallet (known: ${!PALLETS[*]})" >&2
		exit 1
	fi
	# Our pallets' files use our template (a `WeightInfo` trait with `()` for tests); a
	# pallet of polkadot-sdk gets the default one (an impl of its own trait for the runtime).
	template=()
	case "$out" in pallets/*) template=(--template scripts/benchmark/weight-template.hbs) ;; esac
	log "benchmarking $pallet -> $out"
	"$OTC_NODE_BIN" benchmark pallet \
		--chain dev \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		"${template[@]}" \
		--output "$out"
	# Keep machine paths out of the repository: name the binary only.
	sed -i 's|^// .*/otc-node$|// otc-node|' "$out"
done
