#!/usr/bin/env bash
# Runs every test of otc-chain: installs what is missing, builds once in release, runs the
# workspace's unit tests, then side by side the node tests (which start real `otc-node`
# processes on loopback with free ports and temporary base paths) and the end-to-end tests of
# scripts/e2e (Node.js and @polkadot/api, each test file against a fresh `--dev` node).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$OTC_ROOT"
ensure_prereqs
ensure_node_packages

# The code's format (rustfmt.toml): `cargo fmt --all` fixes what this finds.
log "format (cargo fmt --all --check)"
cargo fmt --all --check

log "building (release, target dir $CARGO_TARGET_DIR)"
start=$(date +%s)
cargo test --release --locked --workspace --no-run
log "build done in $(( $(date +%s) - start )) s"

# Every step selects the whole workspace so that cargo resolves the same features and reuses the
# artifacts of the build above instead of compiling dependencies again.
log "unit tests (runtime, pallets, node)"
cargo test --release --locked --workspace --lib --bins

# Benchmarks run as tests against each pallet's mock. The feature changes the dependencies'
# features, so this builds a small separate set of artifacts (about a minute when cold).
log "pallet benchmark tests (--features runtime-benchmarks)"
cargo test --release --locked -p pallet-kyc-registry -p pallet-otc-escrow --features runtime-benchmarks

# The node tests and the end-to-end suite spend their time waiting for blocks (6 s) and for
# finality, not computing: they run side by side, each with its own nodes on free ports and
# temporary base paths. The e2e output streams; the node tests' is printed when they end.
log "node tests (real otc-node processes, in the background) and end-to-end tests with @polkadot/api (scripts/e2e, a fresh dev node per test file)"
node_log="$(mktemp)"
cargo test --release --locked --workspace --test '*' -- --test-threads=1 >"$node_log" 2>&1 &
node_tests=$!
trap 'kill "$node_tests" 2>/dev/null || true' EXIT
e2e_rc=0
(cd scripts/e2e && OTC_NODE_BIN="$OTC_NODE_BIN" npm test --silent) || e2e_rc=$?
node_rc=0
wait "$node_tests" || node_rc=$?
trap - EXIT
log "node tests (exit $node_rc)"
cat "$node_log"
rm -f "$node_log"
if [ "$e2e_rc" -ne 0 ] || [ "$node_rc" -ne 0 ]; then
	echo "error: end-to-end tests exit $e2e_rc, node tests exit $node_rc" >&2
	exit 1
fi

log "all tests passed in $(( $(date +%s) - start )) s"
