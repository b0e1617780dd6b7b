# Shared set-up for the scripts in this folder; source it, don't run it.
#
# - puts cargo on PATH (rustup's default location) and checks it is there;
# - installs what the build needs when it is missing: the rustup target `wasm32v1-none`, the
#   component `rust-src` (the runtime is built for wasm from them), the component `rustfmt`
#   (scripts/test.sh checks the code's format) and `protoc` (networking code
#   generation), with apt-get on Debian/Ubuntu;
# - uses one cargo target directory outside the checkout, shared by every clone and by CI.

OTC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/otc-chain/target}"
export OTC_NODE_BIN="$CARGO_TARGET_DIR/release/otc-node"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Installs Debian packages with apt-get (through sudo when not root); fails with a message
# naming the packages where apt-get is not available.
apt_install() {
	local sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo"
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "error: apt-get is not available: install $* by hand" >&2
		return 1
	fi
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}

ensure_prereqs() {
	if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
		# shellcheck disable=SC1091
		. "$HOME/.cargo/env"
	fi
	if ! command -v cargo >/dev/null 2>&1 || ! command -v rustup >/dev/null 2>&1; then
		echo "error: cargo and rustup are required (install Rust with rustup first)" >&2
		return 1
	fi
	if ! rustup target list --installed | grep -qx 'wasm32v1-none'; then
		log "installing rustup target wasm32v1-none"
		rustup target add wasm32v1-none
	fi
	if ! rustup component list --installed | grep -q '^rust-src'; then
		log "installing rustup component rust-src"
		rustup component add rust-src
	fi
	if ! rustup component list --installed | grep -q '^rustfmt'; then
		log "installing rustup component rustfmt"
		rustup component add rustfmt
	fi
	if ! command -v protoc >/dev/null 2>&1; then
		log "installing protoc (protobuf-compiler)"
		apt_install protobuf-compiler || return 1
	fi
	mkdir -p "$CARGO_TARGET_DIR"
}

# Node.js 20+ and the locked npm packages of scripts/e2e (used by the end-to-end tests and by
# scripts/otc.mjs). Installs Node.js with apt-get when missing, and runs `npm ci` when the
# packages are missing or older than package-lock.json.
ensure_node_packages() {
	if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
		log "installing Node.js and npm"
		apt_install nodejs npm || return 1
	fi
	local major
	major="$(node -p 'process.versions.node.split(".")[0]')"
	if [ "$major" -lt 20 ]; then
		echo "error: Node.js $major found, 20 or newer is required" >&2
		return 1
	fi
	local dir="$OTC_ROOT/scripts/e2e"
	if [ ! -f "$dir/node_modules/.package-lock.json" ] ||
		[ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
		log "installing the npm packages of scripts/e2e (npm ci)"
		(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
	fi
}
