//! A `staging` network (four validators, no sudo) on loopback, through the faults a consortium
//! will see: all four finalize and agree; one validator is killed (SIGKILL) and the other three
//! keep finalizing; it restarts on its base path and catches up; two are killed, finality may
//! stall but no finalized block is ever reverted; both restart and finality resumes. Last, a
//! validator stopped with SIGINT exits cleanly and keeps its chain.

mod common;

use codec::Decode;
use common::*;
use serde_json::json;
use std::{collections::BTreeMap, time::Duration};

const NAMES: [&str; 4] = ["alice", "bob", "charlie", "dave"];

/// A validator of the staging network: its node and how to start it again where it was.
struct Validator {
	node: Node,
	args: Vec<String>,
}

impl Validator {
	fn start(i: usize, dir: &std::path::Path, bootnodes: &[String]) -> Validator {
		let name = NAMES[i];
		let base = dir.join(name).to_string_lossy().to_string();
		let mut args: Vec<String> = [
			"--chain",
			"staging",
			&format!("--{name}"),
			"--base-path",
			&base,
			"--node-key",
			&format!("{:064x}", i + 1),
			// `staging` is a live chain: its nodes ignore private addresses unless told.
			"--allow-private-ip",
		]
		.iter()
		.map(|s| s.to_string())
		.collect();
		for b in bootnodes {
			args.extend(["--bootnodes".to_string(), b.clone()]);
		}
		let refs: Vec<&str> = args.iter().map(String::as_str).collect();
		let mut node = Node::start(name, &refs, dir);
		node.wait_rpc(Duration::from_secs(60));
		Validator { node, args }
	}

	/// SIGKILL: no chance to flush or say goodbye.
	fn kill(&mut self) {
		if let Some(mut child) = self.node.child.take() {
			child.kill().unwrap();
			child.wait().unwrap();
		}
	}

	/// Starts the node again on its base path and ports.
	fn restart(&mut self, dir: &std::path::Path) {
		let refs: Vec<&str> = self.args.iter().map(String::as_str).collect();
		let name = format!("{}-restarted", self.node.name);
		self.node = Node::start_on(&name, &refs, dir, self.node.rpc_port, self.node.p2p_port);
		self.node.wait_rpc(Duration::from_secs(60));
	}
}

/// Records the hash of every finalized block a node reports, and fails if a block number it
/// saw finalized ever gets another hash (a reverted finalized block).
#[derive(Default)]
struct FinalityLog(BTreeMap<u64, String>);

impl FinalityLog {
	fn check(&mut self, node: &Node) -> u64 {
		let finalized = node.finalized_number();
		let from = self.0.keys().next_back().map_or(1, |n| n + 1);
		for n in from..=finalized {
			let hash = node.block_hash(n).expect("finalized block is known");
			self.0.insert(n, hash);
		}
		for (n, hash) in &self.0 {
			assert_eq!(
				node.block_hash(*n).as_ref(),
				Some(hash),
				"{}: finalized block {n} was reverted",
				node.name
			);
		}
		finalized
	}
}

#[test]
fn staging_network_keeps_finality_through_validator_faults() {
	let dir = temp_dir("staging");
	// Each validator lists the ones started before it as bootnodes, as a consortium lists its
	// members' addresses: all four are then connected to each other.
	let mut v: Vec<Validator> = Vec::new();
	let mut bootnodes = Vec::new();
	for i in 0..4 {
		let x = Validator::start(i, &dir, &bootnodes);
		let peer = x.node.ok("system_localPeerId", json!([]));
		bootnodes.push(format!(
			"/ip4/127.0.0.1/tcp/{}/p2p/{}",
			x.node.p2p_port,
			peer.as_str().unwrap()
		));
		v.push(x);
	}
	let mut log = FinalityLog::default();
	let step = |what: &str| eprintln!("[staging] {what}");

	// All four finalize and agree on every finalized block.
	for x in &v {
		x.node.wait_finalized(3, Duration::from_secs(150));
	}
	let common = v.iter().map(|x| x.node.finalized_number()).min().unwrap();
	for n in 1..=common {
		let hash = v[0].node.block_hash(n);
		for x in &v[1..] {
			assert_eq!(hash, x.node.block_hash(n), "block {n} differs on {}", x.node.name);
		}
	}
	// Each is connected to the three others.
	for x in &v {
		let start = std::time::Instant::now();
		loop {
			let peers = x.node.ok("system_health", json!([]))["peers"].as_u64().unwrap();
			if peers == 3 {
				break;
			}
			assert!(start.elapsed() < Duration::from_secs(90), "{}: {peers} peers", x.node.name);
			std::thread::sleep(Duration::from_secs(1));
		}
	}
	// Several validators author (Aura gives slot `s` to authority `s % 4`).
	let authors: std::collections::BTreeSet<u64> = (1..=common)
		.map(|n| {
			let header = v[0].node.ok("chain_getHeader", json!([v[0].node.block_hash(n)]));
			let item = from_hex(header["digest"]["logs"][0].as_str().unwrap());
			let item = sp_runtime::DigestItem::decode(&mut &item[..]).unwrap();
			let (engine, data) = item.as_pre_runtime().expect("Aura pre-runtime digest first");
			assert_eq!(&engine, b"aura");
			u64::decode(&mut &data[..]).unwrap() % 4
		})
		.collect();
	assert!(authors.len() >= 2, "expected blocks from several validators, got {authors:?}");
	// Stored in ParityDB (the node has no RocksDB).
	assert!(dir.join("alice/chains/otc_staging/paritydb").is_dir(), "no ParityDB database");
	let f = log.check(&v[0].node);
	step(&format!("4 of 4 up: finalized #{f}"));

	// One down (SIGKILL): three of four votes are more than two thirds, finality goes on.
	v[3].kill();
	let f = log.check(&v[0].node);
	for x in &v[..3] {
		x.node.wait_finalized(f + 3, Duration::from_secs(120));
	}
	step(&format!("dave killed: alice, bob, charlie finalized #{f} -> #{}", log.check(&v[0].node)));

	// It restarts on its base path and catches up with the others.
	v[3].restart(&dir);
	let target = log.check(&v[0].node);
	v[3].node.wait_finalized(target + 1, Duration::from_secs(120));
	assert_eq!(v[3].node.block_hash(target), v[0].node.block_hash(target));
	log.check(&v[3].node);
	step(&format!("dave restarted: caught up to #{}", v[3].node.finalized_number()));

	// Two down: finality may stall, blocks go on, nothing finalized is reverted.
	v[2].kill();
	v[3].kill();
	let stalled_from = log.check(&v[0].node);
	let best_before = v[0].node.best_number();
	std::thread::sleep(Duration::from_secs(30));
	let stalled_at = log.check(&v[0].node);
	log.check(&v[1].node);
	assert!(v[0].node.best_number() > best_before, "alice and bob keep authoring");
	step(&format!(
		"charlie and dave killed: finalized #{stalled_from} -> #{stalled_at} in 30 s, best #{}",
		v[0].node.best_number()
	));

	// Both restart: finality resumes, past what it reached before, on all four.
	v[2].restart(&dir);
	v[3].restart(&dir);
	for x in &v {
		x.node.wait_finalized(stalled_at + 3, Duration::from_secs(180));
		log.check(&x.node);
	}
	step(&format!("charlie and dave restarted: finalized #{}", log.check(&v[0].node)));

	// A clean stop (SIGINT) exits with status 0 and keeps the chain.
	let finalized = v[1].node.finalized_number();
	assert!(v[1].node.stop(), "bob exits with status 0 on SIGINT\n{}", v[1].node.log_tail());
	v[1].restart(&dir);
	assert!(v[1].node.finalized_number() >= finalized, "finalized head went back after restart");
	log.check(&v[1].node);

	drop(v);
	let _ = std::fs::remove_dir_all(dir);
}
