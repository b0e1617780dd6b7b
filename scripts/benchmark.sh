#!/usr/bin/env bash
# Regenerates the `weights.rs` of our pallets from their benchmarks (v2), measured on this
# machine with the runtime's wasm, and writes them with scripts/benchmark/weight-template.hbs.
#
#   scripts/benchmark.sh                      # every pallet of ours
#   scripts/benchmark.sh pallet_kyc_registry  # one pallet
#
# Builds `otc-node --features runtime-benchmarks` (a separate, heavy build: not part of CI).
# STEPS and REPEAT can be set in the environment (defaults 50 and 20).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$OTC_ROOT"
ensure_prereqs

STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
# pallet name -> crate folder
declare -A PALLETS=(
	[pallet_kyc_registry]=pallets/kyc-registry
	[pallet_otc_escrow]=pallets/otc-escrow
)
selected=("$@")
[ ${#selected[@]} -eq 0 ] && selected=("${!PALLETS[@]}")

log "building otc-node with runtime-benchmarks"
cargo build --release --locked -p otc-node --features runtime-benchmarks

for pallet in "${selected[@]}"; do
	dir="${PALLETS[$pallet]:-}"
	if [ -z "$dir" ]; then
		echo "error: unknown pallet $pallet (known: ${!PALLETS[*]})" >&2
		exit 1
	fi
	log "benchmarking $pallet -> $dir/src/weights.rs"
	"$OTC_NODE_BIN" benchmark pallet \
		--chain dev \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--template scripts/benchmark/weight-template.hbs \
		--output "$dir/src/weights.rs"
	# Keep machine paths out of the repository: name the binary only.
	sed -i 's|^// .*/otc-node$|// otc-node|' "$dir/src/weights.rs"
done
