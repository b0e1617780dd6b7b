//! Runs `otc-node --dev` and checks block production, finality, chain properties and a signed
//! transfer over JSON-RPC.

mod common;

use codec::Decode;
use common::chain::*;
use common::*;
use otc_runtime::{AccountId, Address, Balance, Nonce, Runtime, RuntimeCall};
use pallet_kyc_registry::KycLevel;
use serde_json::json;
use sp_core::H256;
use sp_keyring::Sr25519Keyring;
use std::time::Duration;

type AccountInfo = frame_system::AccountInfo<Nonce, pallet_balances::AccountData<Balance>>;

/// Free balance and nonce of `who` at the best block.
fn account(node: &Node, who: &AccountId) -> AccountInfo {
	let key = frame_system::Account::<Runtime>::hashed_key_for(who);
	match node.ok("state_getStorage", json!([to_hex(&key)])).as_str() {
		Some(hex) => AccountInfo::decode(&mut &from_hex(hex)[..]).unwrap(),
		None => AccountInfo::default(),
	}
}

/// A `transfer_keep_alive` signed offline by `signer`, as a hex extrinsic.
fn signed_transfer(
	signer: Sr25519Keyring,
	dest: &AccountId,
	value: Balance,
	nonce: Nonce,
	genesis: H256,
) -> String {
	let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: Address::Id(dest.clone()),
		value,
	});
	sign(call, signer, nonce, genesis)
}

#[test]
fn dev_chain_produces_finalizes_and_transfers() {
	let dir = temp_dir("dev");
	let mut node = Node::start("dev", &["--dev", "--tmp"], &dir);
	node.wait_rpc(Duration::from_secs(60));

	// Chain properties for wallets.
	let props = node.ok("system_properties", json!([]));
	assert_eq!(props["tokenSymbol"], "OTC");
	assert_eq!(props["tokenDecimals"], 12);
	assert_eq!(props["ss58Format"], 42);
	assert_eq!(node.ok("system_chain", json!([])), "otc-chain development");

	// Blocks are produced and finalized.
	let finalized = node.wait_finalized(3, Duration::from_secs(90));
	assert!(finalized >= 3);
	assert!(node.best_number() >= finalized);

	// Bob pays Charlie; Alice, the only validator, authors the blocks and earns the fees.
	let author = Sr25519Keyring::Alice.to_account_id();
	let payer = Sr25519Keyring::Bob.to_account_id();
	let payee = Sr25519Keyring::Charlie.to_account_id();
	let genesis_hex = node.block_hash(0).expect("genesis hash");
	let genesis = H256::from_slice(&from_hex(&genesis_hex));

	// A malformed extrinsic is refused with a JSON-RPC error.
	let before_payer = account(&node, &payer);
	let err = node
		.call("author_submitExtrinsic", json!(["0xdeadbeef"]))
		.expect_err("malformed extrinsic must be refused");
	assert!(err["code"].is_i64(), "JSON-RPC error object with a code: {err}");
	let err = node
		.call("author_submitExtrinsic", json!(["not hex"]))
		.expect_err("non-hex parameter must be refused");
	assert!(err["code"].is_i64(), "JSON-RPC error object with a code: {err}");

	// A signed transfer, submitted as hex, moves exactly the amount plus the quoted fee.
	let amount: Balance = 12_345 * otc_runtime::currency::MILLI_UNIT;
	let nonce = node.ok("system_accountNextIndex", json!([payer.to_string()])).as_u64().unwrap();
	assert_eq!(nonce as Nonce, before_payer.nonce, "nothing of the malformed calls was applied");
	let before_payee = account(&node, &payee);
	let before_author = account(&node, &author);
	let xt = signed_transfer(Sr25519Keyring::Bob, &payee, amount, nonce as Nonce, genesis);
	let info = node.ok("payment_queryInfo", json!([xt]));
	let fee: Balance = info["partialFee"]
		.as_str()
		.map(|s| s.parse().unwrap())
		.or_else(|| info["partialFee"].as_u64().map(Into::into))
		.expect("partialFee");
	assert!(fee > 0);
	let tx_hash = node.ok("author_submitExtrinsic", json!([xt]));
	assert!(tx_hash.as_str().unwrap().starts_with("0x"));

	let start = std::time::Instant::now();
	let after_payee = loop {
		let b = account(&node, &payee);
		if b.data.free != before_payee.data.free {
			break b;
		}
		assert!(
			start.elapsed() < Duration::from_secs(60),
			"transfer not included\n{}",
			node.log_tail()
		);
		std::thread::sleep(Duration::from_millis(500));
	};
	let after_payer = account(&node, &payer);
	assert_eq!(after_payee.data.free - before_payee.data.free, amount);
	assert_eq!(before_payer.data.free - after_payer.data.free, amount + fee);
	assert_eq!(after_payer.nonce, before_payer.nonce + 1);
	assert_eq!(
		account(&node, &author).data.free - before_author.data.free,
		fee,
		"the fee went to the author"
	);

	// Replaying the same signed extrinsic is refused (stale nonce) and changes nothing.
	let replay = node.call("author_submitExtrinsic", json!([xt]));
	assert!(replay.is_err(), "replayed extrinsic accepted: {replay:?}");
	assert_eq!(account(&node, &payer).data.free, after_payer.data.free);

	drop(node);
	let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn dev_chain_kyc_genesis_and_commitment_check() {
	let dir = temp_dir("dev-kyc");
	let mut node = Node::start("dev-kyc", &["--dev", "--tmp"], &dir);
	node.wait_rpc(Duration::from_secs(60));
	node.wait_finalized(1, Duration::from_secs(60));
	let genesis = genesis_hash(&node);
	type Record = pallet_kyc_registry::RecordOf<Runtime>;
	let record = |k: Sr25519Keyring| -> Option<Record> {
		let key = pallet_kyc_registry::Records::<Runtime>::hashed_key_for(k.to_account_id());
		storage(&node, &key, None)
	};

	// The dev preset: Alice is a provider; Alice, Bob and Charlie are Verified; Dave has nothing.
	let alice = Sr25519Keyring::Alice.to_account_id();
	let provider_key = pallet_kyc_registry::Providers::<Runtime>::hashed_key_for(&alice);
	let provider: pallet_kyc_registry::ProviderInfoOf<Runtime> =
		storage(&node, &provider_key, None).expect("Alice is a provider");
	assert_eq!(provider.max_level, KycLevel::Enhanced);
	for k in [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie] {
		let r = record(k).unwrap_or_else(|| panic!("{k:?} has a KYC record"));
		assert_eq!(r.level, KycLevel::Verified);
		assert_eq!(r.provider, Some(alice.clone()));
	}
	assert!(record(Sr25519Keyring::Dave).is_none(), "Dave has no KYC");

	// Dave asks Alice to attest the file with hash h1.
	let h1 = H256::repeat_byte(0x11);
	let call = RuntimeCall::KycRegistry(pallet_kyc_registry::Call::request_kyc {
		provider: alice.clone(),
		commitment: h1,
	});
	let dave_nonce = next_nonce(&node, Sr25519Keyring::Dave);
	let xt = sign(call, Sr25519Keyring::Dave, dave_nonce, genesis);
	let (_, events) = submit_and_watch(&node, &xt, Duration::from_secs(60));
	assert_eq!(dispatch_error(&events), None, "request_kyc succeeds: {events:?}");

	// One year from now (the chain's clock is the block timestamp, i.e. wall-clock time).
	let expires_at = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.unwrap()
		.as_secs()
		+ 365 * 24 * 3600;

	// Alice approves naming another file: refused on chain with the pallet's error.
	let call = RuntimeCall::KycRegistry(pallet_kyc_registry::Call::approve {
		who: Sr25519Keyring::Dave.to_account_id(),
		level: KycLevel::Verified,
		commitment: H256::repeat_byte(0x22),
		expires_at,
	});
	let xt = sign(call, Sr25519Keyring::Alice, next_nonce(&node, Sr25519Keyring::Alice), genesis);
	let (_, events) = submit_and_watch(&node, &xt, Duration::from_secs(60));
	let expected: sp_runtime::DispatchError =
		pallet_kyc_registry::Error::<Runtime>::CommitmentMismatch.into();
	match (dispatch_error(&events), expected) {
		(Some(sp_runtime::DispatchError::Module(got)), sp_runtime::DispatchError::Module(want)) => {
			assert_eq!((got.index, got.error), (want.index, want.error))
		},
		(got, _) => panic!("expected KycRegistry::CommitmentMismatch, got {got:?}"),
	}
	assert!(record(Sr25519Keyring::Dave).is_none(), "the refused approval changed nothing");
	let request_key = pallet_kyc_registry::Requests::<Runtime>::hashed_key_for(
		Sr25519Keyring::Dave.to_account_id(),
	);
	let request: pallet_kyc_registry::RequestOf<Runtime> =
		storage(&node, &request_key, None).expect("Dave's request is still pending");
	assert_eq!(request.commitment, h1);

	// With the right commitment the approval goes through.
	let call = RuntimeCall::KycRegistry(pallet_kyc_registry::Call::approve {
		who: Sr25519Keyring::Dave.to_account_id(),
		level: KycLevel::Verified,
		commitment: h1,
		expires_at,
	});
	let xt = sign(call, Sr25519Keyring::Alice, next_nonce(&node, Sr25519Keyring::Alice), genesis);
	let (_, events) = submit_and_watch(&node, &xt, Duration::from_secs(60));
	assert_eq!(dispatch_error(&events), None, "approve succeeds: {events:?}");
	assert_eq!(record(Sr25519Keyring::Dave).map(|r| r.level), Some(KycLevel::Verified));

	drop(node);
	let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn dev_chain_on_the_libp2p_backend() {
	let dir = temp_dir("dev-libp2p");
	let mut node =
		Node::start("dev-libp2p", &["--dev", "--tmp", "--network-backend", "libp2p"], &dir);
	node.wait_rpc(Duration::from_secs(60));
	assert!(node.wait_finalized(2, Duration::from_secs(60)) >= 2);
	assert!(node.stop(), "clean exit on SIGINT\n{}", node.log_tail());
	let log = std::fs::read_to_string(&node.log).unwrap_or_default();
	assert!(log.to_lowercase().contains("libp2p"), "the log names the libp2p backend");
	let _ = std::fs::remove_dir_all(dir);
}
