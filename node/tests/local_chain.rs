//! Runs the `local` chain with Alice, Bob and Charlie as validators on loopback, checks they
//! agree on finalized blocks, then stops Alice with SIGINT and restarts her on the same base path.

mod common;

use codec::Decode;
use common::*;
use serde_json::json;
use std::time::Duration;

fn validator_args<'a>(who: &'a str, base: &'a str, node_key: &'a str) -> Vec<&'a str> {
	vec!["--chain", "local", who, "--base-path", base, "--node-key", node_key]
}

#[test]
fn local_three_validators_agree_and_survive_restart() {
	let dir = temp_dir("local");
	let base = |n: &str| dir.join(n).to_string_lossy().to_string();
	let (alice_base, bob_base, charlie_base) = (base("alice"), base("bob"), base("charlie"));
	let keys = [
		"0000000000000000000000000000000000000000000000000000000000000001",
		"0000000000000000000000000000000000000000000000000000000000000002",
		"0000000000000000000000000000000000000000000000000000000000000003",
	];

	let mut alice = Node::start("alice", &validator_args("--alice", &alice_base, keys[0]), &dir);
	alice.wait_rpc(Duration::from_secs(60));
	let alice_peer = alice.ok("system_localPeerId", json!([]));
	let bootnode =
		format!("/ip4/127.0.0.1/tcp/{}/p2p/{}", alice.p2p_port, alice_peer.as_str().unwrap());

	let mut args_bob = validator_args("--bob", &bob_base, keys[1]);
	args_bob.extend(["--bootnodes", &bootnode]);
	let mut bob = Node::start("bob", &args_bob, &dir);
	let mut args_charlie = validator_args("--charlie", &charlie_base, keys[2]);
	args_charlie.extend(["--bootnodes", &bootnode]);
	let mut charlie = Node::start("charlie", &args_charlie, &dir);
	bob.wait_rpc(Duration::from_secs(60));
	charlie.wait_rpc(Duration::from_secs(60));

	// GRANDPA needs two of the three votes, so finality proves the nodes talk to each other.
	let target = 3;
	for node in [&alice, &bob, &charlie] {
		node.wait_finalized(target, Duration::from_secs(150));
	}
	for node in [&alice, &bob, &charlie] {
		let peers = node.ok("system_health", json!([]))["peers"].as_u64().unwrap();
		assert_eq!(peers, 2, "{} sees both other validators", node.name);
	}
	// Every block up to the lowest finalized head is the same block on all three nodes.
	let common_final = [&alice, &bob, &charlie].iter().map(|n| n.finalized_number()).min().unwrap();
	for n in 1..=common_final {
		let a = alice.block_hash(n);
		assert!(a.is_some());
		assert_eq!(a, bob.block_hash(n), "block {n} differs between alice and bob");
		assert_eq!(a, charlie.block_hash(n), "block {n} differs between alice and charlie");
	}
	// Blocks were authored by more than one validator: Aura gives slot `s` to authority `s % 3`.
	let authors: std::collections::BTreeSet<u64> = (1..=common_final)
		.map(|n| {
			let hash = alice.block_hash(n).unwrap();
			let header = alice.ok("chain_getHeader", json!([hash]));
			let log = from_hex(header["digest"]["logs"][0].as_str().unwrap());
			let item = sp_runtime::DigestItem::decode(&mut &log[..]).unwrap();
			let (engine, data) = item.as_pre_runtime().expect("Aura pre-runtime digest first");
			assert_eq!(&engine, b"aura");
			u64::decode(&mut &data[..]).unwrap() % 3
		})
		.collect();
	assert!(authors.len() >= 2, "expected blocks from several validators, got {authors:?}");

	// The chain is stored in ParityDB (the node is built without RocksDB).
	let db = std::path::Path::new(&alice_base)
		.join("chains")
		.join("otc_local")
		.join("paritydb");
	assert!(db.is_dir(), "no ParityDB database at {}", db.display());

	// Stop Alice cleanly and restart her on the same base path: she keeps her chain.
	let finalized_before = alice.finalized_number();
	let hash_before = alice.block_hash(finalized_before);
	let (rpc_port, p2p_port) = (alice.rpc_port, alice.p2p_port);
	assert!(alice.stop(), "alice exits with status 0 on SIGINT\n{}", alice.log_tail());
	drop(alice);

	let mut alice = Node::start_on(
		"alice-restarted",
		&validator_args("--alice", &alice_base, keys[0]),
		&dir,
		rpc_port,
		p2p_port,
	);
	alice.wait_rpc(Duration::from_secs(60));
	assert!(alice.finalized_number() >= finalized_before, "finalized head went back after restart");
	assert_eq!(alice.block_hash(finalized_before), hash_before, "restarted node lost blocks");
	// And she rejoins: finality moves on with her.
	alice.wait_finalized(finalized_before + 2, Duration::from_secs(120));
	assert_eq!(alice.block_hash(finalized_before + 1), bob.block_hash(finalized_before + 1));

	drop((alice, bob, charlie));
	let _ = std::fs::remove_dir_all(dir);
}
