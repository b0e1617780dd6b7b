//! Helpers for tests that run the real `otc-node` binary: free loopback ports, a node process
//! that is stopped when dropped, and a small JSON-RPC client over HTTP.

#![allow(dead_code)]

pub mod chain;

use serde_json::{json, Value};
use std::{
	io::{Read, Write},
	net::{TcpListener, TcpStream},
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	sync::{
		atomic::{AtomicU32, Ordering},
		Mutex,
	},
	time::{Duration, Instant},
};

/// The node binary cargo built for these tests.
pub const NODE: &str = env!("CARGO_BIN_EXE_otc-node");

/// A free TCP port on the loopback interface, never one handed out before in this process: the
/// tests of a binary run in parallel, and the system may give a port that one test took and
/// released (before its node bound it) to another, so that one node's RPC port was another's
/// p2p port.
pub fn free_port() -> u16 {
	static GIVEN: Mutex<Vec<u16>> = Mutex::new(Vec::new());
	let mut given = GIVEN.lock().unwrap_or_else(|e| e.into_inner());
	loop {
		let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
		if !given.contains(&port) {
			given.push(port);
			return port;
		}
	}
}

/// A fresh, empty directory under the system temp dir, removed by the caller (or left for
/// inspection on failure).
pub fn temp_dir(tag: &str) -> PathBuf {
	static N: AtomicU32 = AtomicU32::new(0);
	let dir = std::env::temp_dir().join(format!(
		"otc-node-test-{tag}-{}-{}",
		std::process::id(),
		N.fetch_add(1, Ordering::SeqCst)
	));
	let _ = std::fs::remove_dir_all(&dir);
	std::fs::create_dir_all(&dir).unwrap();
	dir
}

/// A running node. Dropping it kills the process.
pub struct Node {
	pub name: String,
	pub child: Option<Child>,
	pub rpc_port: u16,
	pub p2p_port: u16,
	pub log: PathBuf,
}

impl Node {
	/// Starts `otc-node` with `args` plus loopback-only RPC and P2P on free ports, no telemetry,
	/// no Prometheus, no mDNS. Its output goes to `<log_dir>/<name>.log`.
	pub fn start(name: &str, args: &[&str], log_dir: &Path) -> Node {
		Self::start_on(name, args, log_dir, free_port(), free_port())
	}

	/// As [`Node::start`] on the given ports (to restart a node where it was).
	pub fn start_on(
		name: &str,
		args: &[&str],
		log_dir: &Path,
		rpc_port: u16,
		p2p_port: u16,
	) -> Node {
		let log = log_dir.join(format!("{name}.log"));
		let out = std::fs::OpenOptions::new().create(true).append(true).open(&log).unwrap();
		let listen = format!("/ip4/127.0.0.1/tcp/{p2p_port}");
		let child = Command::new(NODE)
			.args(args)
			.args([
				"--rpc-port",
				&rpc_port.to_string(),
				"--listen-addr",
				&listen,
				"--no-telemetry",
				"--no-prometheus",
				"--no-mdns",
				"--rpc-cors",
				"all",
			])
			.stdin(Stdio::null())
			.stdout(out.try_clone().unwrap())
			.stderr(out)
			.spawn()
			.expect("otc-node starts");
		Node { name: name.to_string(), child: Some(child), rpc_port, p2p_port, log }
	}

	/// Calls `method` with `params`; `Ok(result)` or `Err(error object)`.
	pub fn call(&self, method: &str, params: Value) -> Result<Value, Value> {
		rpc(self.rpc_port, method, params)
	}

	/// Calls `method` and panics on a JSON-RPC error.
	pub fn ok(&self, method: &str, params: Value) -> Value {
		self.call(method, params)
			.unwrap_or_else(|e| panic!("{}: {method} failed: {e}\n{}", self.name, self.log_tail()))
	}

	/// Waits until the RPC server answers.
	pub fn wait_rpc(&mut self, timeout: Duration) {
		let start = Instant::now();
		while start.elapsed() < timeout {
			if let Some(Ok(Some(status))) = self.child.as_mut().map(|c| c.try_wait()) {
				panic!("{}: exited early with {status}\n{}", self.name, self.log_tail());
			}
			if self.call("system_health", json!([])).is_ok() {
				return;
			}
			std::thread::sleep(Duration::from_millis(250));
		}
		panic!("{}: RPC not up within {timeout:?}\n{}", self.name, self.log_tail());
	}

	/// Number of the finalized head.
	pub fn finalized_number(&self) -> u64 {
		let hash = self.ok("chain_getFinalizedHead", json!([]));
		let header = self.ok("chain_getHeader", json!([hash]));
		hex_number(&header["number"])
	}

	/// Number of the best block.
	pub fn best_number(&self) -> u64 {
		let header = self.ok("chain_getHeader", json!([]));
		hex_number(&header["number"])
	}

	/// Hash of block `n` on this node's chain, if it has it.
	pub fn block_hash(&self, n: u64) -> Option<String> {
		self.ok("chain_getBlockHash", json!([n])).as_str().map(str::to_string)
	}

	/// Waits until the finalized head reaches `n`.
	pub fn wait_finalized(&self, n: u64, timeout: Duration) -> u64 {
		let start = Instant::now();
		loop {
			let f = self.call("chain_getFinalizedHead", json!([])).ok().and_then(|h| {
				self.call("chain_getHeader", json!([h]))
					.ok()
					.map(|hd| hex_number(&hd["number"]))
			});
			if let Some(f) = f {
				if f >= n {
					return f;
				}
			}
			if start.elapsed() > timeout {
				panic!(
					"{}: finalized head below {n} after {timeout:?}\n{}",
					self.name,
					self.log_tail()
				);
			}
			std::thread::sleep(Duration::from_millis(500));
		}
	}

	/// Sends SIGINT and waits for a clean exit; returns whether it exited with status 0.
	pub fn stop(&mut self) -> bool {
		let Some(mut child) = self.child.take() else { return true };
		let _ = Command::new("kill").args(["-INT", &child.id().to_string()]).status();
		let start = Instant::now();
		while start.elapsed() < Duration::from_secs(30) {
			if let Ok(Some(status)) = child.try_wait() {
				return status.success();
			}
			std::thread::sleep(Duration::from_millis(100));
		}
		let _ = child.kill();
		let _ = child.wait();
		false
	}

	/// The last lines of the node's log, for failure messages.
	pub fn log_tail(&self) -> String {
		let text = std::fs::read_to_string(&self.log).unwrap_or_default();
		let lines: Vec<&str> = text.lines().collect();
		lines[lines.len().saturating_sub(40)..].join("\n")
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}
}

/// Parses a `0x`-hex number as JSON-RPC returns block numbers.
pub fn hex_number(v: &Value) -> u64 {
	let s = v.as_str().unwrap_or_else(|| panic!("not a hex number: {v}"));
	u64::from_str_radix(s.trim_start_matches("0x"), 16).unwrap()
}

/// `0x`-prefixed lowercase hex.
pub fn to_hex(bytes: &[u8]) -> String {
	let mut s = String::with_capacity(2 + 2 * bytes.len());
	s.push_str("0x");
	for b in bytes {
		s.push_str(&format!("{b:02x}"));
	}
	s
}

/// Decodes `0x`-prefixed hex.
pub fn from_hex(s: &str) -> Vec<u8> {
	let s = s.trim_start_matches("0x");
	(0..s.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
		.collect()
}

/// One JSON-RPC 2.0 call over HTTP/1.1 to 127.0.0.1:`port`.
pub fn rpc(port: u16, method: &str, params: Value) -> Result<Value, Value> {
	let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).to_string();
	let response = http_post(port, &body).map_err(|e| json!({"transport": e}))?;
	let v: Value = serde_json::from_str(&response)
		.map_err(|e| json!({"transport": format!("bad response {response:?}: {e}")}))?;
	match v.get("error") {
		Some(err) => Err(err.clone()),
		None => Ok(v["result"].clone()),
	}
}

fn http_post(port: u16, body: &str) -> Result<String, String> {
	let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
	stream
		.set_read_timeout(Some(Duration::from_secs(30)))
		.map_err(|e| e.to_string())?;
	let request = format!(
		"POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
		 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
		body.len()
	);
	stream.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
	let mut raw = Vec::new();
	stream.read_to_end(&mut raw).map_err(|e| e.to_string())?;
	let text = String::from_utf8_lossy(&raw).to_string();
	let (head, rest) = text.split_once("\r\n\r\n").ok_or("no HTTP header end")?;
	if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
		Ok(dechunk(rest))
	} else {
		Ok(rest.to_string())
	}
}

fn dechunk(mut rest: &str) -> String {
	let mut out = String::new();
	while let Some((size, tail)) = rest.split_once("\r\n") {
		let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
		if n == 0 || tail.len() < n {
			break;
		}
		out.push_str(&tail[..n]);
		rest = tail[n..].trim_start_matches("\r\n");
	}
	out
}
