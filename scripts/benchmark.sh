#!/usr/bin/env bash
# Regenerates the `weights.rs` of our pallets from their benchmarks (v2), measured on this
# machine with the runtime's wasm, and writes them with scripts/benchmark/weight-template.hbs.
#
#   scripts/benchmark.sh                      # our pallets and pallet_balances
#   scripts/benchmark.sh pallet_kyc_registry  # one pallet
#
# pallet_balances is benchmarked too: its weights (runtime/src/weights/pallet_balances.rs) are
# the runtime's, and transfer_keep_alive is the yardstick of docs/performance.md.
#
# Builds `otc-node --features runtime-benchmarks` (a separate, heavy build: not part of CI).
# STEPS and REPEAT can be set in the environment (defaults 50 and 20).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$OTC_ROOT"
ensure_prereqs

STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
# pallet name -> weights file it writes
declare -A PALLETS=(
	[pallet_kyc_registry]=pallets/kyc-registry/src/weights.rs
	[pallet_otc_escrow]=pallets/otc-escrow/src/weights.rs
	[pallet_balances]=runtime/src/weights/pallet_balances.rs
)
selected=("$@")
[ ${#selected[@]} -eq 0 ] && selected=("${!PALLETS[@]}")

log "building otc-node with runtime-benchmarks"
cargo build --release --locked -p otc-node --features runtime-benchmarks

for pallet in "${selected[@]}"; do
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
