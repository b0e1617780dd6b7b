//! Offline signing of runtime calls and reading of storage and events over JSON-RPC, with the
//! runtime's own types: what a wallet or the platform backend does, in Rust.

#![allow(dead_code)]

use super::*;
use codec::{Decode, Encode};
use otc_runtime::{
	Address, Hash, Nonce, Runtime, RuntimeCall, RuntimeEvent, SignedPayload, TxExtension,
	UncheckedExtrinsic, VERSION,
};
use sp_core::{Pair, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{generic::Era, MultiSignature};

/// An event record of the runtime.
pub type EventRecord = frame_system::EventRecord<RuntimeEvent, Hash>;

/// Genesis hash of the node's chain.
pub fn genesis_hash(node: &Node) -> H256 {
	H256::from_slice(&from_hex(&node.block_hash(0).expect("genesis hash")))
}

/// Next nonce of `signer`, counting transactions in the pool.
pub fn next_nonce(node: &Node, signer: Sr25519Keyring) -> Nonce {
	let v = node.ok("system_accountNextIndex", json!([signer.to_account_id().to_string()]));
	v.as_u64().expect("nonce") as Nonce
}

/// `call` signed by `signer` with `nonce`, immortal, no tip: a hex extrinsic, built without a
/// connection to the node (only its genesis hash and the runtime version are needed).
pub fn sign(call: RuntimeCall, signer: Sr25519Keyring, nonce: Nonce, genesis: H256) -> String {
	sign_for_version(
		call,
		signer,
		nonce,
		genesis,
		(VERSION.spec_version, VERSION.transaction_version),
	)
}

/// The spec and transaction versions of the runtime the node runs now.
pub fn runtime_versions(node: &Node) -> (u32, u32) {
	let v = node.ok("state_getRuntimeVersion", json!([]));
	(v["specVersion"].as_u64().unwrap() as u32, v["transactionVersion"].as_u64().unwrap() as u32)
}

/// As [`sign`], for the runtime of `versions` (spec, transaction), e.g. after an upgrade.
pub fn sign_for_version(
	call: RuntimeCall,
	signer: Sr25519Keyring,
	nonce: Nonce,
	genesis: H256,
	versions: (u32, u32),
) -> String {
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
	let implicit = ((), versions.0, versions.1, genesis, genesis, (), (), ());
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

/// The value at storage `key` (at the best block, or at `at`), decoded.
pub fn storage<T: Decode>(node: &Node, key: &[u8], at: Option<&str>) -> Option<T> {
	let params = match at {
		Some(hash) => json!([to_hex(key), hash]),
		None => json!([to_hex(key)]),
	};
	node.ok("state_getStorage", params)
		.as_str()
		.map(|hex| T::decode(&mut &from_hex(hex)[..]).expect("storage value decodes"))
}

/// Submits `xt`, waits until a block includes it, and returns that block's hash and the events
/// the extrinsic emitted.
pub fn submit_and_watch(node: &Node, xt: &str, timeout: Duration) -> (String, Vec<RuntimeEvent>) {
	let mut next = node.best_number() + 1;
	node.ok("author_submitExtrinsic", json!([xt]));
	let start = Instant::now();
	loop {
		while node.best_number() >= next {
			let hash = node.block_hash(next).expect("block hash");
			let block = node.ok("chain_getBlock", json!([hash]));
			let extrinsics = block["block"]["extrinsics"].as_array().expect("extrinsics").clone();
			if let Some(index) = extrinsics.iter().position(|e| e.as_str() == Some(xt)) {
				let key =
					[sp_io::hashing::twox_128(b"System"), sp_io::hashing::twox_128(b"Events")]
						.concat();
				let records: Vec<EventRecord> =
					storage(node, &key, Some(&hash)).unwrap_or_default();
				let events = records
					.into_iter()
					.filter(|r| r.phase == frame_system::Phase::ApplyExtrinsic(index as u32))
					.map(|r| r.event)
					.collect();
				return (hash, events);
			}
			next += 1;
		}
		assert!(start.elapsed() < timeout, "extrinsic not included\n{}", node.log_tail());
		std::thread::sleep(Duration::from_millis(300));
	}
}

/// The dispatch error of a failed extrinsic's events, if it failed.
pub fn dispatch_error(events: &[RuntimeEvent]) -> Option<sp_runtime::DispatchError> {
	events.iter().find_map(|e| match e {
		RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { dispatch_error, .. }) => {
			Some(*dispatch_error)
		},
		_ => None,
	})
}
