//! A whole OTC trade on a `--dev` node with extrinsics signed offline and submitted over
//! JSON-RPC: Alice sells USDT, Bob buys, pays fiat off chain, Alice releases.

mod common;

use common::{chain::*, *};
use frame_support::traits::fungible::NativeOrWithId;
use otc_runtime::{
	configs::TreasuryAccount, genesis_config_presets::USDT_ASSET_ID, AccountId, Balance, Runtime,
	RuntimeCall, RuntimeEvent,
};
use pallet_kyc_registry::KycLevel;
use pallet_otc_escrow::{Event as EscrowEvent, Outcome};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Dave};
use std::time::Duration;

type AssetAccount = pallet_assets::AssetAccountOf<Runtime, ()>;

fn usdt(node: &Node, who: &AccountId) -> Balance {
	let key = pallet_assets::Account::<Runtime>::hashed_key_for(USDT_ASSET_ID, who);
	storage::<AssetAccount>(node, &key, None).map(|a| a.balance).unwrap_or(0)
}

fn method(code: &str) -> pallet_otc_escrow::MethodCode {
	code.as_bytes().to_vec().try_into().unwrap()
}

fn escrow_event(events: &[RuntimeEvent]) -> Option<EscrowEvent<Runtime>> {
	events.iter().find_map(|e| match e {
		RuntimeEvent::OtcEscrow(ev) => Some(ev.clone()),
		_ => None,
	})
}

#[test]
fn full_trade_over_json_rpc() {
	let dir = temp_dir("trade");
	let mut node = Node::start("trade", &["--dev", "--tmp"], &dir);
	node.wait_rpc(Duration::from_secs(60));
	node.wait_finalized(1, Duration::from_secs(60));
	let genesis = genesis_hash(&node);
	let escrow = pallet_otc_escrow::Pallet::<Runtime>::escrow_account();
	let treasury = TreasuryAccount::get();
	let (alice, bob) = (Alice.to_account_id(), Bob.to_account_id());
	let submit = |call: RuntimeCall, who: sp_keyring::Sr25519Keyring| {
		let xt = sign(call, who, next_nonce(&node, who), genesis);
		let (_, events) = submit_and_watch(&node, &xt, Duration::from_secs(60));
		events
	};

	let escrow_before = usdt(&node, &escrow);
	let (alice_before, bob_before, treasury_before) =
		(usdt(&node, &alice), usdt(&node, &bob), usdt(&node, &treasury));

	// Alice posts a sell advert and locks 500 USDT in one extrinsic.
	let unit: Balance = 1_000_000;
	let locked = 500 * unit;
	let events = submit(
		RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::create_advert {
			asset: NativeOrWithId::WithId(USDT_ASSET_ID),
			amount: locked,
			terms: pallet_otc_escrow::AdvertTerms {
				price: 92,
				currency: b"EUR".to_vec().try_into().unwrap(),
				min_order: 10 * unit,
				max_order: 400 * unit,
				payment_methods: vec![method("SEPA")].try_into().unwrap(),
				payment_window: 100,
				min_buyer_level: KycLevel::Verified,
				terms_hash: None,
				buyer_bond: 0,
				seller_bond: 0,
				buyer_conditions: Default::default(),
			},
		}),
		Alice,
	);
	let Some(EscrowEvent::AdvertCreated { advert_id, .. }) = escrow_event(&events) else {
		panic!("no AdvertCreated: {events:?}")
	};
	assert_eq!(usdt(&node, &escrow), escrow_before + locked);
	assert_eq!(usdt(&node, &alice), alice_before - locked);

	// Dave has no KYC: his order is refused with the pallet's error.
	let events = submit(
		RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::open_order {
			advert_id,
			amount: 100 * unit,
			payment_method: method("SEPA"),
			terms_version: 0,
		}),
		Dave,
	);
	let expected: sp_runtime::DispatchError =
		pallet_otc_escrow::Error::<Runtime>::BuyerKycTooLow.into();
	match (dispatch_error(&events), expected) {
		(Some(sp_runtime::DispatchError::Module(got)), sp_runtime::DispatchError::Module(want)) => {
			assert_eq!((got.index, got.error), (want.index, want.error))
		},
		(got, _) => panic!("expected OtcEscrow::BuyerKycTooLow, got {got:?}"),
	}

	// Bob opens an order for 200 USDT, marks it paid, Alice releases.
	let amount = 200 * unit;
	let events = submit(
		RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::open_order {
			advert_id,
			amount,
			payment_method: method("SEPA"),
			terms_version: 0,
		}),
		Bob,
	);
	let Some(EscrowEvent::OrderOpened { order_id, fiat_total, .. }) = escrow_event(&events) else {
		panic!("no OrderOpened: {events:?}")
	};
	assert_eq!(fiat_total, 18_400, "200 USDT at 0.92 EUR = 184.00 EUR");
	let events = submit(
		RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::mark_paid { order_id, payment_ref: None }),
		Bob,
	);
	assert_eq!(dispatch_error(&events), None);
	let events =
		submit(RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::release { order_id }), Alice);
	let Some(EscrowEvent::OrderSettled { outcome, to_buyer, fee, .. }) = escrow_event(&events)
	else {
		panic!("no OrderSettled: {events:?}")
	};
	assert_eq!(outcome, Outcome::Released);
	let expected_fee = amount / 1_000; // 10 bps at genesis
	assert_eq!((to_buyer, fee), (amount - expected_fee, expected_fee));
	assert_eq!(usdt(&node, &bob), bob_before + amount - expected_fee);
	// The fee stays in escrow until someone sweeps it.
	assert_eq!(usdt(&node, &treasury), treasury_before);

	// Alice closes the advert: the rest comes back; escrow keeps only the fee.
	let events =
		submit(RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::close_advert { advert_id }), Alice);
	assert_eq!(dispatch_error(&events), None);
	assert_eq!(usdt(&node, &escrow), escrow_before + expected_fee);
	assert_eq!(usdt(&node, &alice), alice_before - amount);

	// Dave (anyone) sweeps the fee to the treasury: escrow is where it started.
	let events = submit(
		RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::sweep_fees {
			asset: NativeOrWithId::WithId(USDT_ASSET_ID),
		}),
		Dave,
	);
	let Some(EscrowEvent::FeesSwept { amount: swept, .. }) = escrow_event(&events) else {
		panic!("no FeesSwept: {events:?}")
	};
	assert_eq!(swept, expected_fee);
	assert_eq!(usdt(&node, &treasury), treasury_before + expected_fee);
	assert_eq!(usdt(&node, &escrow), escrow_before);

	drop(node);
	let _ = std::fs::remove_dir_all(dir);
}
