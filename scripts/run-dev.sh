#!/usr/bin/env bash
# Builds otc-node (release) if needed and runs a development chain: Alice produces and
# finalizes blocks, the dev accounts are funded with OTC and USDT, JSON-RPC on 127.0.0.1:9944.
# The chain lives in a temporary directory and is gone when the node stops (Ctrl-C).
# Extra arguments are passed to the node, e.g. `scripts/run-dev.sh --rpc-port 9955`.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$OTC_ROOT"
ensure_prereqs

# The same cargo command as scripts/test.sh's build: cargo resolves the same features, so a dev
# chain started after the tests starts at once (`-p otc-node` would resolve other features and
# rebuild the runtime, pallets and node). On a fresh machine it also builds the test binaries.
log "building otc-node (release, target dir $CARGO_TARGET_DIR)"
cargo test --release --locked --workspace --no-run

log "starting the dev chain: JSON-RPC on 127.0.0.1:9944"
exec "$OTC_NODE_BIN" --dev --tmp --rpc-port 9944 --no-telemetry "$@"
