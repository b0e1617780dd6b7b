#!/usr/bin/env bash
# Runs every test of otc-chain: installs what is missing, builds once in release, runs the
# workspace's unit tests, the node tests (which start real `otc-node` processes on loopback with
# free ports and temporary base paths), and the end-to-end tests of scripts/e2e (Node.js and
# @polkadot/api against a fresh `--dev` node).
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

log "node tests (real otc-node processes)"
cargo test --release --locked --workspace --test '*' -- --test-threads=1

log "end-to-end tests with @polkadot/api against a fresh dev node (scripts/e2e)"
(cd scripts/e2e && OTC_NODE_BIN="$OTC_NODE_BIN" npm test --silent)

log "all tests passed in $(( $(date +%s) - start )) s"
