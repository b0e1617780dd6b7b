//! Governance on a real `local` chain (three validators and council members, no sudo), with a
//! fourth node run by Dave:
//! - a signed account that is not the council is refused every governance call (`BadOrigin`);
//! - the council authorizes a runtime one spec version ahead (`otc-test-runtime`), anyone
//!   applies it, blocks go on and are finalized, and a trade opened before the upgrade settles
//!   after it with exact balances;
//! - Dave registers session keys made by his node (`author_rotateKeysWithOwner`), a motion adds
//!   him to the validator set, he authors blocks after the session change, a motion removes him.

mod common;

use codec::{Decode, Encode};
use common::{chain::*, *};
use frame_support::traits::fungible::NativeOrWithId;
use otc_runtime::{
	genesis_config_presets::USDT_ASSET_ID, opaque::SessionKeys, AccountId, Balance, Runtime,
	RuntimeCall, RuntimeEvent,
};
use pallet_kyc_registry::KycLevel;
use pallet_otc_escrow::{Event as EscrowEvent, Outcome};
use serde_json::json;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::H256;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave};
use sp_runtime::{traits::Hash, DispatchError};
use std::time::{Duration, Instant};

type AssetAccount = pallet_assets::AssetAccountOf<Runtime, ()>;
type Hashing = <Runtime as frame_system::Config>::Hashing;

/// A node of the chain and what signing for it needs.
struct Chain<'a> {
	node: &'a Node,
	genesis: H256,
}

impl Chain<'_> {
	/// Signs `call` for the runtime the node runs now, submits it, returns its events.
	fn submit(&self, call: RuntimeCall, who: Sr25519Keyring) -> Vec<RuntimeEvent> {
		let versions = runtime_versions(self.node);
		let xt = sign_for_version(call, who, next_nonce(self.node, who), self.genesis, versions);
		submit_and_watch(self.node, &xt, Duration::from_secs(60)).1
	}

	/// The council motion `call`, proposed by `ayes[0]` with threshold 2 (of 3), voted by all
	/// of `ayes` and closed: what the call returned.
	fn motion(&self, call: RuntimeCall, ayes: &[Sr25519Keyring]) -> Result<(), DispatchError> {
		let length_bound = call.encoded_size() as u32;
		let hash = Hashing::hash_of(&call);
		let events = self.submit(
			RuntimeCall::Council(pallet_collective::Call::propose {
				threshold: 2,
				proposal: Box::new(call),
				length_bound,
			}),
			ayes[0],
		);
		let index = events
			.iter()
			.find_map(|e| match e {
				RuntimeEvent::Council(pallet_collective::Event::Proposed {
					proposal_index,
					..
				}) => Some(*proposal_index),
				_ => None,
			})
			.unwrap_or_else(|| panic!("not proposed: {events:?}"));
		for who in ayes {
			let vote = pallet_collective::Call::vote { proposal: hash, index, approve: true };
			let events = self.submit(RuntimeCall::Council(vote), *who);
			assert_eq!(dispatch_error(&events), None, "{who:?} votes");
		}
		let close = pallet_collective::Call::close {
			proposal_hash: hash,
			index,
			proposal_weight_bound: frame_support::weights::Weight::from_parts(
				500_000_000_000,
				5 * 1024 * 1024,
			),
			length_bound,
		};
		let events = self.submit(RuntimeCall::Council(close), ayes[0]);
		events
			.iter()
			.find_map(|e| match e {
				RuntimeEvent::Council(pallet_collective::Event::Executed { result, .. }) => {
					Some(*result)
				},
				_ => None,
			})
			.unwrap_or_else(|| panic!("motion not executed: {events:?}"))
	}

	fn usdt(&self, who: &AccountId) -> Balance {
		let key = pallet_assets::Account::<Runtime>::hashed_key_for(USDT_ASSET_ID, who);
		storage::<AssetAccount>(self.node, &key, None).map(|a| a.balance).unwrap_or(0)
	}

	/// The Aura authorities at block `hash` (the best block if `None`).
	fn authorities(&self, hash: Option<&str>) -> Vec<AuraId> {
		let params = match hash {
			Some(h) => json!(["AuraApi_authorities", "0x", h]),
			None => json!(["AuraApi_authorities", "0x"]),
		};
		let raw = self.node.ok("state_call", params);
		Vec::<AuraId>::decode(&mut &from_hex(raw.as_str().unwrap())[..]).unwrap()
	}

	/// Waits until `done` holds for the authorities of the best block.
	fn wait_authorities(&self, what: &str, done: impl Fn(&[AuraId]) -> bool) {
		let start = Instant::now();
		while !done(&self.authorities(None)) {
			assert!(start.elapsed() < Duration::from_secs(240), "{what}\n{}", self.node.log_tail());
			std::thread::sleep(Duration::from_secs(1));
		}
	}

	/// The Aura key that authored block `n`: authority `slot % n` of its parent's set.
	fn author_of(&self, n: u64) -> AuraId {
		let hash = self.node.block_hash(n).unwrap();
		let header = self.node.ok("chain_getHeader", json!([hash]));
		let log = from_hex(header["digest"]["logs"][0].as_str().unwrap());
		let item = sp_runtime::DigestItem::decode(&mut &log[..]).unwrap();
		let (_, slot) = item.as_pre_runtime().expect("Aura pre-runtime digest");
		let slot = u64::decode(&mut &slot[..]).unwrap();
		let parent = header["parentHash"].as_str().unwrap().to_string();
		let set = self.authorities(Some(&parent));
		set[(slot % set.len() as u64) as usize].clone()
	}
}

fn assert_error(events: &[RuntimeEvent], want: DispatchError) {
	match (dispatch_error(events), want) {
		(Some(DispatchError::Module(got)), DispatchError::Module(want)) => {
			assert_eq!((got.index, got.error), (want.index, want.error))
		},
		(got, want) => assert_eq!(got, Some(want)),
	}
}

fn method(code: &str) -> pallet_otc_escrow::MethodCode {
	code.as_bytes().to_vec().try_into().unwrap()
}

#[test]
fn council_upgrades_the_runtime_and_changes_the_validator_set() {
	let dir = temp_dir("governance");
	let mut nodes: Vec<Node> = Vec::new();
	let mut bootnodes: Vec<String> = Vec::new();
	for (i, who) in ["alice", "bob", "charlie", "dave"].iter().enumerate() {
		let base = dir.join(who).to_string_lossy().to_string();
		let key = format!("{:064x}", i + 1);
		let flag = format!("--{who}");
		let mut args = vec!["--chain", "local", &flag, "--base-path", &base, "--node-key", &key];
		for b in &bootnodes {
			args.extend(["--bootnodes", b]);
		}
		let mut node = Node::start(who, &args, &dir);
		node.wait_rpc(Duration::from_secs(60));
		let peer = node.ok("system_localPeerId", json!([]));
		bootnodes.push(format!(
			"/ip4/127.0.0.1/tcp/{}/p2p/{}",
			node.p2p_port,
			peer.as_str().unwrap()
		));
		nodes.push(node);
	}
	nodes[0].wait_finalized(2, Duration::from_secs(120));
	let chain = Chain { node: &nodes[0], genesis: genesis_hash(&nodes[0]) };
	let (alice, bob, dave) = (Alice.to_account_id(), Bob.to_account_id(), Dave.to_account_id());

	// No signed account governs: not a council member alone, not anyone else.
	let code = otc_test_runtime::WASM_BINARY.expect("otc-test-runtime built as wasm").to_vec();
	let code_hash = Hashing::hash(&code);
	let authorize = RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash });
	for (call, who) in [
		(authorize.clone(), Alice),
		(
			RuntimeCall::CollatorSelection(pallet_collator_selection::Call::add_invulnerable {
				who: dave.clone(),
			}),
			Dave,
		),
		(RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::set_trade_fee { bps: 50 }), Bob),
		(
			RuntimeCall::Balances(pallet_balances::Call::force_transfer {
				source: pallet_otc_escrow::Pallet::<Runtime>::escrow_account().into(),
				dest: dave.clone().into(),
				value: 1,
			}),
			Charlie,
		),
	] {
		assert_error(&chain.submit(call, who), DispatchError::BadOrigin);
	}

	// A trade opened before the upgrade: Alice sells 300 USDT, Bob orders 100.
	let unit: Balance = 1_000_000;
	let escrow = pallet_otc_escrow::Pallet::<Runtime>::escrow_account();
	let (escrow_before, alice_before, bob_before) =
		(chain.usdt(&escrow), chain.usdt(&alice), chain.usdt(&bob));
	let events = chain.submit(
		RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::create_advert {
			asset: NativeOrWithId::WithId(USDT_ASSET_ID),
			amount: 300 * unit,
			terms: pallet_otc_escrow::AdvertTerms {
				price: 92,
				currency: b"EUR".to_vec().try_into().unwrap(),
				min_order: 10 * unit,
				max_order: 300 * unit,
				payment_methods: vec![method("SEPA")].try_into().unwrap(),
				payment_window: 600,
				min_buyer_level: KycLevel::Verified,
				terms_hash: None,
				buyer_bond: 0,
				seller_bond: 0,
				buyer_conditions: Default::default(),
			},
		}),
		Alice,
	);
	let advert_id = events
		.iter()
		.find_map(|e| match e {
			RuntimeEvent::OtcEscrow(EscrowEvent::AdvertCreated { advert_id, .. }) => {
				Some(*advert_id)
			},
			_ => None,
		})
		.unwrap_or_else(|| panic!("no AdvertCreated: {events:?}"));
	let events = chain.submit(
		RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::open_order {
			advert_id,
			amount: 100 * unit,
			payment_method: method("SEPA"),
			terms_version: 0,
		}),
		Bob,
	);
	let order_id = events
		.iter()
		.find_map(|e| match e {
			RuntimeEvent::OtcEscrow(EscrowEvent::OrderOpened { order_id, .. }) => Some(*order_id),
			_ => None,
		})
		.unwrap_or_else(|| panic!("no OrderOpened: {events:?}"));

	// The council authorizes the upgrade (whitelisted, dispatched as Root, in one motion);
	// Charlie, who is no one in particular here, applies it.
	let (spec_before, _) = runtime_versions(chain.node);
	let whitelist = RuntimeCall::Utility(pallet_utility::Call::batch_all {
		calls: vec![
			RuntimeCall::Whitelist(pallet_whitelist::Call::whitelist_call {
				call_hash: Hashing::hash_of(&authorize),
			}),
			RuntimeCall::Whitelist(
				pallet_whitelist::Call::dispatch_whitelisted_call_with_preimage {
					call: Box::new(authorize),
				},
			),
		],
	});
	assert_eq!(chain.motion(whitelist, &[Alice, Bob]), Ok(()));
	let events = chain.submit(
		RuntimeCall::System(frame_system::Call::apply_authorized_upgrade { code }),
		Charlie,
	);
	assert!(
		events
			.iter()
			.any(|e| matches!(e, RuntimeEvent::System(frame_system::Event::CodeUpdated { .. }))),
		"no CodeUpdated: {events:?}"
	);
	let start = Instant::now();
	while runtime_versions(chain.node).0 != spec_before + 1 {
		assert!(start.elapsed() < Duration::from_secs(60), "the new runtime does not run");
		std::thread::sleep(Duration::from_secs(1));
	}
	let upgraded_at = chain.node.best_number();
	for node in &nodes {
		node.wait_finalized(upgraded_at + 2, Duration::from_secs(120));
	}
	eprintln!("[governance] spec {spec_before} -> {} at #{upgraded_at}", spec_before + 1);

	// The trade settles under the new runtime, to the unit.
	let events = chain.submit(
		RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::mark_paid { order_id, payment_ref: None }),
		Bob,
	);
	assert_eq!(dispatch_error(&events), None);
	let events =
		chain.submit(RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::release { order_id }), Alice);
	let fee = 100 * unit / 1_000;
	assert!(
		events.iter().any(|e| matches!(
			e,
			RuntimeEvent::OtcEscrow(EscrowEvent::OrderSettled { outcome: Outcome::Released, to_buyer, .. })
				if *to_buyer == 100 * unit - fee
		)),
		"no release: {events:?}"
	);
	assert_eq!(chain.usdt(&bob), bob_before + 100 * unit - fee);
	assert_eq!(chain.usdt(&alice), alice_before - 300 * unit);
	assert_eq!(chain.usdt(&escrow), escrow_before + 200 * unit + fee);

	// Dave's node makes his session keys; he registers them with their proof.
	let generated = nodes[3].ok("author_rotateKeysWithOwner", json!([to_hex(&dave.encode())]));
	let keys =
		SessionKeys::decode(&mut &from_hex(generated["keys"].as_str().unwrap())[..]).unwrap();
	let proof = from_hex(generated["proof"].as_str().expect("the runtime makes a proof"));
	let events = chain.submit(
		RuntimeCall::Session(pallet_session::Call::set_keys { keys: keys.clone(), proof }),
		Dave,
	);
	assert_eq!(dispatch_error(&events), None);

	// A motion adds him; within two (10-block) sessions he is an authority and authors.
	let add = pallet_collator_selection::Call::add_invulnerable { who: dave.clone() };
	assert_eq!(chain.motion(RuntimeCall::CollatorSelection(add), &[Bob, Charlie]), Ok(()));
	let added_at = chain.node.best_number();
	chain.wait_authorities("Dave never became an authority", |a| a.contains(&keys.aura));
	let authority_at = chain.node.best_number();
	assert!(
		authority_at <= added_at + 2 * 10 + 2,
		"added at #{added_at}, authority at #{authority_at}"
	);
	let start = Instant::now();
	let authored = loop {
		let best = chain.node.best_number();
		if let Some(n) = (authority_at + 1..=best).find(|n| chain.author_of(*n) == keys.aura) {
			break n;
		}
		assert!(start.elapsed() < Duration::from_secs(120), "Dave authored nothing");
		std::thread::sleep(Duration::from_secs(2));
	};
	let finalized = chain.node.finalized_number();
	nodes[3].wait_finalized(finalized + 2, Duration::from_secs(120));
	eprintln!("[governance] Dave added at #{added_at}, authority at #{authority_at}, authored #{authored}");

	// A motion removes him: within two sessions he is no authority, and finality goes on.
	let remove = pallet_collator_selection::Call::remove_invulnerable { who: dave.clone() };
	assert_eq!(chain.motion(RuntimeCall::CollatorSelection(remove), &[Alice, Charlie]), Ok(()));
	let removed_at = chain.node.best_number();
	chain.wait_authorities("Dave is still an authority", |a| !a.contains(&keys.aura));
	assert_eq!(chain.authorities(None).len(), 3);
	let finalized = chain.node.finalized_number();
	chain.node.wait_finalized(finalized + 2, Duration::from_secs(120));
	eprintln!("[governance] Dave removed at #{removed_at}, out at #{}", chain.node.best_number());

	drop(nodes);
	let _ = std::fs::remove_dir_all(dir);
}
