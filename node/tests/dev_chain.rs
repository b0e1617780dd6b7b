//! Runs `otc-node --dev` and checks block production, finality, chain properties and a signed
//! transfer over JSON-RPC.

mod common;

use codec::{Decode, Encode};
use common::*;
use otc_runtime::{
	AccountId, Address, Balance, Nonce, Runtime, RuntimeCall, SignedPayload, TxExtension,
	UncheckedExtrinsic, VERSION,
};
use serde_json::json;
use sp_core::{Pair, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{generic::Era, MultiSignature};
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
	let extension: TxExtension = (
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
	);
	let implicit =
		((), VERSION.spec_version, VERSION.transaction_version, genesis, genesis, (), (), ());
	let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
	let signature = payload.using_encoded(|bytes| signer.pair().sign(bytes));
	let xt = UncheckedExtrinsic::new_signed(
		call,
		Address::Id(signer.to_account_id()),
		MultiSignature::Sr25519(signature),
		extension,
	);
	to_hex(&xt.encode())
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

	let alice = Sr25519Keyring::Alice.to_account_id();
	let bob = Sr25519Keyring::Bob.to_account_id();
	let genesis_hex = node.block_hash(0).expect("genesis hash");
	let genesis = H256::from_slice(&from_hex(&genesis_hex));

	// A malformed extrinsic is refused with a JSON-RPC error.
	let before_alice = account(&node, &alice);
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
	let nonce = node.ok("system_accountNextIndex", json!([alice.to_string()])).as_u64().unwrap();
	assert_eq!(nonce as Nonce, before_alice.nonce, "nothing of the malformed calls was applied");
	let before_bob = account(&node, &bob);
	let xt = signed_transfer(Sr25519Keyring::Alice, &bob, amount, nonce as Nonce, genesis);
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
	let after_bob = loop {
		let b = account(&node, &bob);
		if b.data.free != before_bob.data.free {
			break b;
		}
		assert!(start.elapsed() < Duration::from_secs(60), "transfer not included\n{}", node.log_tail());
		std::thread::sleep(Duration::from_millis(500));
	};
	let after_alice = account(&node, &alice);
	assert_eq!(after_bob.data.free - before_bob.data.free, amount);
	assert_eq!(before_alice.data.free - after_alice.data.free, amount + fee);
	assert_eq!(after_alice.nonce, before_alice.nonce + 1);

	// Replaying the same signed extrinsic is refused (stale nonce) and changes nothing.
	let replay = node.call("author_submitExtrinsic", json!([xt]));
	assert!(replay.is_err(), "replayed extrinsic accepted: {replay:?}");
	assert_eq!(account(&node, &alice).data.free, after_alice.data.free);

	drop(node);
	let _ = std::fs::remove_dir_all(dir);
}
