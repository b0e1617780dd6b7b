#!/usr/bin/env bash
# Builds otc-node (release) if needed and runs a development chain: Alice produces and
# finalizes blocks, the dev accounts are funded with OTC and USDT, JSON-RPC on 127.0.0.1:9944.
# The chain lives in a temporary directory and is gone when the node stops (Ctrl-C).
# Extra arguments are passed to the node, e.g. `scripts/run-dev.sh --rpc-port 9955`.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$OTC_ROOT"
ensure_prereqs

log "building otc-node (release, target dir $CARGO_TARGET_DIR)"
cargo build --release --locked -p otc-node

log "starting the dev chain: JSON-RPC on 127.0.0.1:9944"
exec "$OTC_NODE_BIN" --dev --tmp --rpc-port 9944 --no-telemetry "$@"
