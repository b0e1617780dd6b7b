//! Unit tests for every call and refusal, the expiry queue, and a seeded property test over
//! random sequences of all calls. `try_state` and exact escrow balances are checked after each.

use crate::{mock::*, types::*, *};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungibles::Inspect, UnfilteredDispatchable},
	BoundedVec,
};
use pallet_kyc_registry::KycLevel;
use sp_core::H256;
use sp_runtime::DispatchError;

fn m(code: &str) -> MethodCode {
	code.as_bytes().to_vec().try_into().unwrap()
}

fn methods(codes: &[&str]) -> Vec<MethodCode> {
	codes.iter().map(|c| m(c)).collect()
}

/// Price of one USDT: 0.92 EUR.
const PRICE: u128 = 92;
const EUR: CurrencyCode = *b"EUR";
const WINDOW: u64 = 10;

/// KYC'd (the mock's default level) and holding nothing at all.
const FRESH: AccountId = 5;

fn bal(asset: AssetKind, who: AccountId) -> Balance {
	Union::balance(asset, &who)
}

/// What a call that succeeded was charged after dispatch.
fn charged(
	r: frame_support::dispatch::DispatchResultWithPostInfo,
) -> Option<frame_support::weights::Weight> {
	r.expect("the call succeeds").actual_weight
}

/// Moves `amount` USDT from `from` to `to`; `from`'s account of it may go.
fn give_usdt(from: AccountId, to: AccountId, amount: Balance) {
	use frame_support::traits::{fungibles::Mutate, tokens::Preservation};
	assert_ok!(<Assets as Mutate<AccountId>>::transfer(
		USDT_ID,
		&from,
		&to,
		amount,
		Preservation::Expendable
	));
}

fn create(seller: AccountId, asset: AssetKind, amount: Balance) -> AdvertId {
	let id = NextAdvertId::<Test>::get();
	assert_ok!(OtcEscrow::create_advert(
		RuntimeOrigin::signed(seller),
		asset,
		amount,
		PRICE,
		EUR,
		10 * USDT_UNIT,
		1_000 * USDT_UNIT,
		methods(&["SEPA", "REVOLUT"]),
		WINDOW,
		KycLevel::None,
		None,
	));
	id
}

fn open(buyer: AccountId, advert: AdvertId, amount: Balance) -> OrderId {
	let id = NextOrderId::<Test>::get();
	assert_ok!(OtcEscrow::open_order(
		RuntimeOrigin::signed(buyer),
		advert,
		amount,
		m("SEPA"),
		PRICE
	));
	id
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

fn settled(order_id: OrderId) -> (Outcome, Balance, Balance, Balance, Balance) {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| match r.event {
			RuntimeEvent::OtcEscrow(Event::OrderSettled {
				order_id: id,
				outcome,
				to_buyer,
				fee,
				to_seller,
				to_advert,
				..
			}) if id == order_id => Some((outcome, to_buyer, fee, to_seller, to_advert)),
			_ => None,
		})
		.expect("OrderSettled event")
}

#[allow(clippy::too_many_arguments)]
fn create_call(
	seller: AccountId,
	asset: AssetKind,
	amount: Balance,
	price: u128,
	currency: CurrencyCode,
	min: Balance,
	max: Balance,
	ms: Vec<MethodCode>,
	window: u64,
) -> frame_support::dispatch::DispatchResult {
	OtcEscrow::create_advert(
		RuntimeOrigin::signed(seller),
		asset,
		amount,
		price,
		currency,
		min,
		max,
		ms,
		window,
		KycLevel::None,
		None,
	)
}

// ---------------------------------------------------------------------------------------------
// Adverts
// ---------------------------------------------------------------------------------------------

#[test]
fn create_advert_locks_the_assets_in_escrow() {
	run_test(|| {
		let escrow = OtcEscrow::escrow_account();
		let amount = 5_000 * USDT_UNIT;
		let id = create(SELLER, USDT, amount);
		assert_eq!(id, 0);
		assert_eq!(NextAdvertId::<Test>::get(), 1);
		assert_eq!(bal(USDT, SELLER), START_USDT - amount);
		// Escrow held its reserve, the minimum balance, before.
		assert_eq!(bal(USDT, escrow), USDT_MIN + amount);
		assert_eq!(EscrowTotals::<Test>::get(USDT), EscrowTotal { owed: amount, fees: 0 });
		assert_eq!(Traders::<Test>::get(SELLER).adverts.to_vec(), vec![id]);
		let advert = Adverts::<Test>::get(id.to_be_bytes()).unwrap();
		assert_eq!(
			(advert.available, advert.in_orders, advert.status),
			(amount, 0, AdvertStatus::Open)
		);
		assert_eq!(
			last_event(),
			Event::AdvertCreated {
				advert_id: id,
				seller: SELLER,
				asset: USDT,
				amount,
				price: PRICE,
				currency: EUR,
				min_order: 10 * USDT_UNIT,
				max_order: 1_000 * USDT_UNIT,
				payment_methods: methods(&["SEPA", "REVOLUT"]).try_into().unwrap(),
				payment_window: WINDOW,
				min_buyer_level: KycLevel::None,
				terms_hash: None,
			}
			.into()
		);
		// Native works the same way.
		let native_id = create(SELLER, NATIVE, 1_000_000_000_000);
		assert_eq!(Adverts::<Test>::get(native_id.to_be_bytes()).unwrap().asset, NATIVE);
	});
}

#[test]
fn create_advert_refusals() {
	run_test(|| {
		let u = USDT_UNIT;
		let ok_methods = || methods(&["SEPA"]);
		set_kyc(OTHER, KycLevel::Basic);
		assert_noop!(
			create_call(NO_KYC, USDT, 100 * u, PRICE, EUR, 10 * u, 50 * u, ok_methods(), WINDOW),
			Error::<Test>::SellerKycTooLow
		);
		assert_noop!(
			create_call(OTHER, USDT, 100 * u, PRICE, EUR, 10 * u, 50 * u, ok_methods(), WINDOW),
			Error::<Test>::SellerKycTooLow
		);
		assert_noop!(
			create_call(SELLER, USDT, 0, PRICE, EUR, 10 * u, 50 * u, ok_methods(), WINDOW),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			create_call(SELLER, USDT, 100 * u, 0, EUR, 10 * u, 50 * u, ok_methods(), WINDOW),
			Error::<Test>::ZeroPrice
		);
		assert_noop!(
			create_call(
				SELLER,
				USDT,
				100 * u,
				PRICE,
				*b"eur",
				10 * u,
				50 * u,
				ok_methods(),
				WINDOW
			),
			Error::<Test>::InvalidCurrency
		);
		for (min, max) in [(0, 50 * u), (60 * u, 50 * u), (USDT_MIN - 1, 50 * u)] {
			assert_noop!(
				create_call(SELLER, USDT, 100 * u, PRICE, EUR, min, max, ok_methods(), WINDOW),
				Error::<Test>::InvalidOrderLimits
			);
		}
		for window in [4, 101] {
			assert_noop!(
				create_call(
					SELLER,
					USDT,
					100 * u,
					PRICE,
					EUR,
					10 * u,
					50 * u,
					ok_methods(),
					window
				),
				Error::<Test>::InvalidPaymentWindow
			);
		}
		assert_noop!(
			create_call(SELLER, USDT, 100 * u, PRICE, EUR, 10 * u, 50 * u, vec![], WINDOW),
			Error::<Test>::BadPaymentMethodCount
		);
		assert_noop!(
			create_call(
				SELLER,
				USDT,
				100 * u,
				PRICE,
				EUR,
				10 * u,
				50 * u,
				methods(&["A", "B", "C", "D", "E"]),
				WINDOW
			),
			Error::<Test>::BadPaymentMethodCount
		);
		for bad in ["sepa", "SE PA", ""] {
			assert_noop!(
				create_call(
					SELLER,
					USDT,
					100 * u,
					PRICE,
					EUR,
					10 * u,
					50 * u,
					vec![m(bad)],
					WINDOW
				),
				Error::<Test>::InvalidPaymentMethod
			);
		}
		let unknown = frame_support::traits::fungible::NativeOrWithId::WithId(77);
		assert_noop!(
			create_call(SELLER, unknown, 100 * u, PRICE, EUR, 10 * u, 50 * u, ok_methods(), WINDOW),
			Error::<Test>::UnknownAsset
		);
		for _ in 0..4 {
			create(SELLER, USDT, 100 * u);
		}
		assert_noop!(
			create_call(SELLER, USDT, 100 * u, PRICE, EUR, 10 * u, 50 * u, ok_methods(), WINDOW),
			Error::<Test>::TooManyAdverts
		);
	});
}

#[test]
fn create_advert_without_the_funds_changes_nothing() {
	run_test(|| {
		let call = Call::<Test>::create_advert {
			asset: USDT,
			amount: START_USDT + 1,
			price: PRICE,
			currency: EUR,
			min_order: 10 * USDT_UNIT,
			max_order: 50 * USDT_UNIT,
			payment_methods: methods(&["SEPA"]),
			payment_window: WINDOW,
			min_buyer_level: KycLevel::None,
			terms_hash: None,
		};
		let before = sp_io::storage::root(sp_runtime::StateVersion::V1);
		let result = frame_support::storage::with_storage_layer(|| {
			call.dispatch_bypass_filter(RuntimeOrigin::signed(SELLER))
		});
		assert!(result.is_err());
		assert_eq!(before, sp_io::storage::root(sp_runtime::StateVersion::V1));
	});
}

#[test]
fn top_up_and_withdraw() {
	run_test(|| {
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		assert_ok!(OtcEscrow::top_up_advert(RuntimeOrigin::signed(SELLER), id, 50 * USDT_UNIT));
		assert_eq!(
			last_event(),
			Event::AdvertToppedUp {
				advert_id: id,
				amount: 50 * USDT_UNIT,
				available: 150 * USDT_UNIT
			}
			.into()
		);
		let order = open(BUYER, id, 100 * USDT_UNIT);
		// Only what no order holds can be withdrawn.
		assert_noop!(
			OtcEscrow::withdraw_from_advert(RuntimeOrigin::signed(SELLER), id, 51 * USDT_UNIT),
			Error::<Test>::InsufficientAvailable
		);
		assert_ok!(OtcEscrow::withdraw_from_advert(
			RuntimeOrigin::signed(SELLER),
			id,
			50 * USDT_UNIT
		));
		assert_eq!(
			last_event(),
			Event::AdvertWithdrawn { advert_id: id, amount: 50 * USDT_UNIT, available: 0 }.into()
		);
		assert_eq!(bal(USDT, SELLER), START_USDT - 100 * USDT_UNIT);
		// Refusals.
		assert_noop!(
			OtcEscrow::top_up_advert(RuntimeOrigin::signed(OTHER), id, 1),
			Error::<Test>::NotSeller
		);
		assert_noop!(
			OtcEscrow::withdraw_from_advert(RuntimeOrigin::signed(OTHER), id, 1),
			Error::<Test>::NotSeller
		);
		assert_noop!(
			OtcEscrow::top_up_advert(RuntimeOrigin::signed(SELLER), id, 0),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			OtcEscrow::withdraw_from_advert(RuntimeOrigin::signed(SELLER), id, 0),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			OtcEscrow::top_up_advert(RuntimeOrigin::signed(SELLER), 42, 1),
			Error::<Test>::UnknownAdvert
		);
		assert_ok!(OtcEscrow::close_advert(RuntimeOrigin::signed(SELLER), id));
		assert_noop!(
			OtcEscrow::top_up_advert(RuntimeOrigin::signed(SELLER), id, 1),
			Error::<Test>::AdvertClosed
		);
		assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), order));
	});
}

#[test]
fn update_advert_applies_to_new_orders_only() {
	run_test(|| {
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		let first = open(BUYER, id, 100 * USDT_UNIT);
		assert_ok!(OtcEscrow::update_advert(
			RuntimeOrigin::signed(SELLER),
			id,
			95,
			*b"USD",
			20 * USDT_UNIT,
			200 * USDT_UNIT,
			methods(&["WIRE"]),
			20,
			KycLevel::Enhanced,
			Some(H256::repeat_byte(7)),
		));
		assert_eq!(
			last_event(),
			Event::AdvertUpdated {
				advert_id: id,
				price: 95,
				currency: *b"USD",
				min_order: 20 * USDT_UNIT,
				max_order: 200 * USDT_UNIT,
				payment_methods: methods(&["WIRE"]).try_into().unwrap(),
				payment_window: 20,
				min_buyer_level: KycLevel::Enhanced,
				terms_hash: Some(H256::repeat_byte(7)),
			}
			.into()
		);
		let advert = Adverts::<Test>::get(id.to_be_bytes()).unwrap();
		assert_eq!((advert.price, advert.currency, advert.payment_window), (95, *b"USD", 20));
		assert_eq!(advert.terms_hash, Some(H256::repeat_byte(7)));
		// The open order keeps its terms.
		let order = Orders::<Test>::get(first.to_be_bytes()).unwrap();
		assert_eq!((order.price, order.currency, order.fiat_total), (PRICE, EUR, 9_200));
		// New orders need the new level and method.
		assert_noop!(
			OtcEscrow::open_order(RuntimeOrigin::signed(OTHER), id, 50 * USDT_UNIT, m("WIRE"), 95),
			Error::<Test>::BuyerKycTooLow
		);
		set_kyc(OTHER, KycLevel::Enhanced);
		assert_noop!(
			OtcEscrow::open_order(RuntimeOrigin::signed(OTHER), id, 50 * USDT_UNIT, m("SEPA"), 95),
			Error::<Test>::PaymentMethodNotAccepted
		);
		assert_ok!(OtcEscrow::open_order(
			RuntimeOrigin::signed(OTHER),
			id,
			50 * USDT_UNIT,
			m("WIRE"),
			95
		));
		// Refusals.
		let update = |who, price| {
			OtcEscrow::update_advert(
				RuntimeOrigin::signed(who),
				id,
				price,
				EUR,
				20 * USDT_UNIT,
				200 * USDT_UNIT,
				methods(&["WIRE"]),
				20,
				KycLevel::None,
				None,
			)
		};
		assert_noop!(update(OTHER, 90), Error::<Test>::NotSeller);
		assert_noop!(update(SELLER, 0), Error::<Test>::ZeroPrice);
	});
}

#[test]
fn pause_and_resume() {
	run_test(|| {
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		assert_noop!(
			OtcEscrow::resume_advert(RuntimeOrigin::signed(SELLER), id),
			Error::<Test>::AdvertNotPaused
		);
		assert_noop!(
			OtcEscrow::pause_advert(RuntimeOrigin::signed(OTHER), id),
			Error::<Test>::NotSeller
		);
		assert_ok!(OtcEscrow::pause_advert(RuntimeOrigin::signed(SELLER), id));
		assert_eq!(last_event(), Event::AdvertPaused { advert_id: id }.into());
		assert_noop!(
			OtcEscrow::pause_advert(RuntimeOrigin::signed(SELLER), id),
			Error::<Test>::AdvertPaused
		);
		assert_noop!(
			OtcEscrow::open_order(
				RuntimeOrigin::signed(BUYER),
				id,
				50 * USDT_UNIT,
				m("SEPA"),
				PRICE
			),
			Error::<Test>::AdvertPaused
		);
		assert_ok!(OtcEscrow::resume_advert(RuntimeOrigin::signed(SELLER), id));
		assert_eq!(last_event(), Event::AdvertResumed { advert_id: id }.into());
		open(BUYER, id, 50 * USDT_UNIT);
	});
}

#[test]
fn close_advert_without_orders_returns_everything_and_removes_it() {
	run_test(|| {
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		assert_noop!(
			OtcEscrow::close_advert(RuntimeOrigin::signed(OTHER), id),
			Error::<Test>::NotSeller
		);
		assert_ok!(OtcEscrow::close_advert(RuntimeOrigin::signed(SELLER), id));
		assert_eq!(bal(USDT, SELLER), START_USDT);
		assert!(Adverts::<Test>::get(id.to_be_bytes()).is_none());
		// The seller has no advert, order or statistics left: no record is kept.
		assert!(!Traders::<Test>::contains_key(SELLER));
		assert!(System::events().iter().any(|r| r.event
			== Event::AdvertClosed { advert_id: id, returned: 500 * USDT_UNIT, open_orders: 0 }
				.into()));
		assert_eq!(last_event(), Event::AdvertRemoved { advert_id: id }.into());
		assert_noop!(
			OtcEscrow::close_advert(RuntimeOrigin::signed(SELLER), id),
			Error::<Test>::UnknownAdvert
		);
	});
}

#[test]
fn close_advert_with_open_orders_lets_them_finish() {
	run_test(|| {
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		let a = open(BUYER, id, 100 * USDT_UNIT);
		let b = open(OTHER, id, 50 * USDT_UNIT);
		assert_ok!(OtcEscrow::close_advert(RuntimeOrigin::signed(SELLER), id));
		assert_eq!(bal(USDT, SELLER), START_USDT - 150 * USDT_UNIT);
		assert_eq!(Adverts::<Test>::get(id.to_be_bytes()).unwrap().status, AdvertStatus::Closed);
		assert_noop!(
			OtcEscrow::open_order(
				RuntimeOrigin::signed(BUYER),
				id,
				10 * USDT_UNIT,
				m("SEPA"),
				PRICE
			),
			Error::<Test>::AdvertClosed
		);
		assert_noop!(
			OtcEscrow::close_advert(RuntimeOrigin::signed(SELLER), id),
			Error::<Test>::AdvertClosed
		);
		// A cancelled order's refund waits in the closed advert for the seller, who may take it
		// at any time; nobody else can, and no more than waits.
		assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(OTHER), b));
		assert_eq!(settled(b), (Outcome::Cancelled, 0, 0, 0, 50 * USDT_UNIT));
		assert_eq!(bal(USDT, SELLER), START_USDT - 150 * USDT_UNIT);
		assert_eq!(Adverts::<Test>::get(id.to_be_bytes()).unwrap().available, 50 * USDT_UNIT);
		assert_ok!(OtcEscrow::withdraw_from_advert(
			RuntimeOrigin::signed(SELLER),
			id,
			20 * USDT_UNIT
		));
		assert_eq!(
			last_event(),
			Event::AdvertWithdrawn {
				advert_id: id,
				amount: 20 * USDT_UNIT,
				available: 30 * USDT_UNIT
			}
			.into()
		);
		assert_eq!(bal(USDT, SELLER), START_USDT - 130 * USDT_UNIT);
		assert_noop!(
			OtcEscrow::withdraw_from_advert(RuntimeOrigin::signed(OTHER), id, USDT_UNIT),
			Error::<Test>::NotSeller
		);
		assert_noop!(
			OtcEscrow::withdraw_from_advert(RuntimeOrigin::signed(SELLER), id, 31 * USDT_UNIT),
			Error::<Test>::InsufficientAvailable
		);
		// The last order ends: the advert stays, holding the 30 that wait, its sale in it; the
		// settlement does not touch the seller's record.
		assert_noop!(
			OtcEscrow::reap_advert(RuntimeOrigin::signed(OTHER), id),
			Error::<Test>::AdvertHasOpenOrders
		);
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), a));
		let advert = Adverts::<Test>::get(id.to_be_bytes()).unwrap();
		assert_eq!(
			(advert.open_orders(), advert.available, advert.in_orders),
			(0, 30 * USDT_UNIT, 0)
		);
		assert_eq!(advert.sales.sold, 1);
		assert_eq!(Traders::<Test>::get(SELLER).adverts.to_vec(), vec![id]);
		assert_eq!(Traders::<Test>::get(SELLER).stats.sold, 0);
		assert_eq!(OtcEscrow::trade_stats(&SELLER).sold, 1);
		// Still closed to the seller's calls.
		assert_noop!(
			OtcEscrow::top_up_advert(RuntimeOrigin::signed(SELLER), id, USDT_UNIT),
			Error::<Test>::AdvertClosed
		);
		// Anyone reaps it: what waits goes to the seller, the sale to the seller's record, and
		// the advert is gone.
		assert_noop!(OtcEscrow::reap_advert(RuntimeOrigin::none(), id), DispatchError::BadOrigin);
		assert_ok!(OtcEscrow::reap_advert(RuntimeOrigin::signed(OTHER), id));
		assert!(Adverts::<Test>::get(id.to_be_bytes()).is_none());
		assert_eq!(bal(USDT, SELLER), START_USDT - 100 * USDT_UNIT);
		let events: Vec<RuntimeEvent> = System::events().into_iter().map(|r| r.event).collect();
		assert!(events.ends_with(&[
			Event::AdvertWithdrawn { advert_id: id, amount: 30 * USDT_UNIT, available: 0 }.into(),
			Event::AdvertRemoved { advert_id: id }.into(),
		]));
		let seller = Traders::<Test>::get(SELLER);
		assert!(seller.adverts.is_empty());
		assert_eq!(seller.stats.sold, 1);
		assert_eq!(OtcEscrow::trade_stats(&SELLER).sold, 1);
		assert_eq!(last_event(), Event::AdvertRemoved { advert_id: id }.into());
		assert_noop!(
			OtcEscrow::reap_advert(RuntimeOrigin::signed(OTHER), id),
			Error::<Test>::UnknownAdvert
		);
	});
}

#[test]
fn reap_advert_takes_only_closed_adverts_without_orders() {
	run_test(|| {
		let id = create(SELLER, NATIVE, 500 * USDT_UNIT);
		// Open, then paused: refused, nothing changes.
		assert_noop!(
			OtcEscrow::reap_advert(RuntimeOrigin::signed(OTHER), id),
			Error::<Test>::AdvertNotClosed
		);
		assert_ok!(OtcEscrow::pause_advert(RuntimeOrigin::signed(SELLER), id));
		assert_noop!(
			OtcEscrow::reap_advert(RuntimeOrigin::signed(SELLER), id),
			Error::<Test>::AdvertNotClosed
		);
		assert_noop!(
			OtcEscrow::reap_advert(RuntimeOrigin::signed(OTHER), id + 1),
			Error::<Test>::UnknownAdvert
		);
	});
}

#[test]
fn an_emptied_closed_advert_counts_against_the_cap_until_reaped() {
	run_test(|| {
		let cap =
			<<Test as Config>::MaxAdvertsPerAccount as frame_support::traits::Get<u32>>::get();
		let ids: Vec<AdvertId> =
			(0..cap).map(|_| create(SELLER, NATIVE, 100 * USDT_UNIT)).collect();
		let order = open(BUYER, ids[0], 10 * USDT_UNIT);
		assert_ok!(OtcEscrow::close_advert(RuntimeOrigin::signed(SELLER), ids[0]));
		assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), order));
		assert_eq!(
			Adverts::<Test>::get((ids[0]).to_be_bytes()).map(|a| a.status),
			Some(AdvertStatus::Closed)
		);
		assert_noop!(
			OtcEscrow::create_advert(
				RuntimeOrigin::signed(SELLER),
				NATIVE,
				10 * USDT_UNIT,
				PRICE,
				EUR,
				USDT_UNIT,
				10 * USDT_UNIT,
				methods(&["SEPA"]),
				WINDOW,
				KycLevel::None,
				None
			),
			Error::<Test>::TooManyAdverts
		);
		assert_ok!(OtcEscrow::reap_advert(RuntimeOrigin::signed(SELLER), ids[0]));
		create(SELLER, NATIVE, 100 * USDT_UNIT);
		assert_eq!(Traders::<Test>::get(SELLER).adverts.len() as u32, cap);
	});
}

// ---------------------------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------------------------

#[test]
fn open_order_records_fiat_total_and_deadline() {
	run_test(|| {
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		System::set_block_number(7);
		// 123.456789 USDT at 0.92 EUR = 113.58024588 EUR -> rounded up to 11 359 cents.
		let amount = 123_456_789;
		let order_id = open(BUYER, id, amount);
		let order = Orders::<Test>::get(order_id.to_be_bytes()).unwrap();
		assert_eq!(order.fiat_total, 11_359);
		assert_eq!(order.pay_by, 7 + WINDOW);
		assert_eq!(order.expiry_slot, 7 + WINDOW + 1);
		assert_eq!(order.status, OrderStatus::AwaitingPayment);
		assert!(ExpiryQueue::<Test>::contains_key(order.expiry_slot, order_id));
		assert_eq!(Traders::<Test>::get(BUYER).orders.to_vec(), vec![order_id]);
		let advert = Adverts::<Test>::get(id.to_be_bytes()).unwrap();
		assert_eq!(advert.orders.to_vec(), vec![order_id]);
		assert_eq!(
			(advert.available, advert.in_orders, advert.open_orders()),
			(500 * USDT_UNIT - amount, amount, 1)
		);
		assert_eq!(
			last_event(),
			Event::OrderOpened {
				order_id,
				advert_id: id,
				buyer: BUYER,
				seller: SELLER,
				asset: USDT,
				amount,
				fiat_total: 11_359,
				currency: EUR,
				fee_bps: 10,
				pay_by: 17,
			}
			.into()
		);
	});
}

#[test]
fn fiat_total_rounding_and_overflow() {
	new_test_ext().execute_with(|| {
		// Exact.
		assert_eq!(OtcEscrow::fiat_total(100 * USDT_UNIT, 92, 6), Some(9_200));
		// Rounded up to the next cent.
		assert_eq!(OtcEscrow::fiat_total(1, 92, 6), Some(1));
		assert_eq!(OtcEscrow::fiat_total(0, 92, 6), Some(0));
		// Large native amounts with 12 decimals.
		assert_eq!(OtcEscrow::fiat_total(1_000_000 * 10u128.pow(12), 250, 12), Some(250_000_000));
		// A result beyond 128 bits is refused, never wrapped.
		assert_eq!(OtcEscrow::fiat_total(u128::MAX, u128::MAX, 0), None);
		assert_eq!(OtcEscrow::fiat_total(1, 1, 39), None);
	});
}

#[test]
fn open_order_refusals() {
	run_test(|| {
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		let open_call = |who, advert, amount, method: &str, max_price| {
			OtcEscrow::open_order(RuntimeOrigin::signed(who), advert, amount, m(method), max_price)
		};
		assert_noop!(
			open_call(BUYER, 9, 10 * USDT_UNIT, "SEPA", PRICE),
			Error::<Test>::UnknownAdvert
		);
		assert_noop!(
			open_call(SELLER, id, 10 * USDT_UNIT, "SEPA", PRICE),
			Error::<Test>::SelfTrade
		);
		assert_noop!(
			open_call(NO_KYC, id, 10 * USDT_UNIT, "SEPA", PRICE),
			Error::<Test>::BuyerKycTooLow
		);
		set_kyc(OTHER, KycLevel::Basic);
		assert_noop!(
			open_call(OTHER, id, 10 * USDT_UNIT, "SEPA", PRICE),
			Error::<Test>::BuyerKycTooLow
		);
		assert_noop!(
			open_call(BUYER, id, 10 * USDT_UNIT, "SEPA", PRICE - 1),
			Error::<Test>::PriceAboveMax
		);
		assert_noop!(
			open_call(BUYER, id, 10 * USDT_UNIT - 1, "SEPA", PRICE),
			Error::<Test>::AmountOutOfLimits
		);
		assert_noop!(
			open_call(BUYER, id, 1_000 * USDT_UNIT + 1, "SEPA", PRICE),
			Error::<Test>::AmountOutOfLimits
		);
		assert_noop!(
			open_call(BUYER, id, 10 * USDT_UNIT, "WIRE", PRICE),
			Error::<Test>::PaymentMethodNotAccepted
		);
		assert_noop!(
			open_call(BUYER, id, 101 * USDT_UNIT, "SEPA", PRICE),
			Error::<Test>::InsufficientAvailable
		);
	});
}

#[test]
fn order_caps_per_buyer_and_per_advert() {
	run_test(|| {
		let a = create(SELLER, USDT, 1_000 * USDT_UNIT);
		let b = create(SELLER, USDT, 1_000 * USDT_UNIT);
		for _ in 0..4 {
			open(BUYER, a, 10 * USDT_UNIT);
		}
		assert_noop!(
			OtcEscrow::open_order(
				RuntimeOrigin::signed(BUYER),
				b,
				10 * USDT_UNIT,
				m("SEPA"),
				PRICE
			),
			Error::<Test>::TooManyOrders
		);
		assert_noop!(
			OtcEscrow::open_order(
				RuntimeOrigin::signed(OTHER),
				a,
				10 * USDT_UNIT,
				m("SEPA"),
				PRICE
			),
			Error::<Test>::TooManyOrdersOnAdvert
		);
		// Orders opened in the same block with the same window are all due in the same block,
		// however many (more than the 4 the mock's hook expires at once).
		let fifth = open(OTHER, b, 10 * USDT_UNIT);
		let order = Orders::<Test>::get(fifth.to_be_bytes()).unwrap();
		assert_eq!(order.expiry_slot, order.pay_by + 1);
		assert_eq!(ExpiryQueue::<Test>::iter_key_prefix(order.expiry_slot).count(), 5);
	});
}

/// What the hook charges for `n` entries of the expiry queue (an expiry back to its advert, or
/// an order that had ended or been paid) and looking at `b` blocks of the queue, with the
/// once-a-block read and write of the hot keys.
fn hook_weight(n: u32, b: u32) -> frame_support::weights::Weight {
	use crate::WeightInfo;
	use frame_support::{traits::Get, weights::Weight};
	let entries = if n == 0 { Weight::zero() } else { <() as WeightInfo>::expire_orders(n) };
	entries
		.saturating_add(<() as WeightInfo>::scan_expiry_queue(b))
		// The pallet's hot keys and the escrow-side keys of USDT, the mock's one hot asset.
		.saturating_add(
			<<Test as frame_system::Config>::DbWeight as Get<
				frame_support::weights::RuntimeDbWeight,
			>>::get()
			.reads_writes(
				u64::from(crate::HOT_KEY_READS) + 3,
				u64::from(crate::HOT_KEY_WRITES) + 3,
			),
		)
}

#[test]
fn more_orders_due_than_a_block_expires_wait_for_the_next_blocks() {
	run_test(|| {
		let a = create(SELLER, USDT, 1_000 * USDT_UNIT);
		let b = create(SELLER, USDT, 1_000 * USDT_UNIT);
		let mut orders: Vec<OrderId> = (0..4).map(|_| open(BUYER, a, 10 * USDT_UNIT)).collect();
		orders.extend((0..2).map(|_| open(OTHER, b, 10 * USDT_UNIT)));
		let due = 1 + WINDOW + 1;
		run_to_block(due);
		// The mock's hook expires 4 a block: the first 4 in key order, the rest a block later.
		let left: Vec<_> = orders
			.iter()
			.filter(|o| Orders::<Test>::contains_key((**o).to_be_bytes()))
			.collect();
		assert_eq!(left.len(), 2);
		assert_eq!(
			ExpiryCursor::<Test>::get(),
			due,
			"the hook stays on the block it did not finish"
		);
		assert_eq!(ExpiryQueue::<Test>::iter_key_prefix(due).count(), 2);
		run_to_block(due + 1);
		assert!(orders.iter().all(|o| !Orders::<Test>::contains_key(o.to_be_bytes())));
		assert_eq!(ExpiryQueue::<Test>::iter().count(), 0);
		assert_eq!(ExpiryCursor::<Test>::get(), due + 2);
		for o in orders {
			assert_eq!(settled(o).0, Outcome::Expired);
		}
	});
}

#[test]
fn the_expiry_hook_catches_up_a_few_blocks_at_a_time() {
	run_test(|| {
		use frame_support::traits::Hooks;
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		let order = open(BUYER, id, 10 * USDT_UNIT);
		let due = 1 + WINDOW + 1;
		// The cursor is far behind (e.g. a chain that ran without the hook): each block looks
		// at 8 blocks of the queue at most.
		ExpiryCursor::<Test>::put(due - 10);
		System::set_block_number(due);
		let weight = OtcEscrow::on_initialize(due);
		assert_eq!(weight, hook_weight(0, 8));
		assert_eq!(ExpiryCursor::<Test>::get(), due - 2);
		assert!(Orders::<Test>::contains_key(order.to_be_bytes()));
		System::set_block_number(due + 1);
		let weight = OtcEscrow::on_initialize(due + 1);
		assert_eq!(weight, hook_weight(1, 4));
		assert_eq!(settled(order).0, Outcome::Expired);
		assert_eq!(ExpiryCursor::<Test>::get(), due + 2);
	});
}

#[test]
fn fiat_totals_beyond_128_bits_are_refused() {
	run_test(|| {
		assert_ok!(OtcEscrow::create_advert(
			RuntimeOrigin::signed(SELLER),
			NATIVE,
			3_000_000_000_000,
			u128::MAX,
			EUR,
			1_000_000_000_000,
			3_000_000_000_000,
			methods(&["SEPA"]),
			WINDOW,
			KycLevel::None,
			None,
		));
		// Two whole tokens at u128::MAX cents each: beyond 128 bits.
		assert_noop!(
			OtcEscrow::open_order(
				RuntimeOrigin::signed(BUYER),
				0,
				2_000_000_000_000,
				m("SEPA"),
				u128::MAX
			),
			Error::<Test>::Overflow
		);
	});
}

#[test]
fn mark_paid() {
	run_test(|| {
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		let order = open(BUYER, id, 10 * USDT_UNIT);
		assert_noop!(
			OtcEscrow::mark_paid(RuntimeOrigin::signed(OTHER), order, None),
			Error::<Test>::NotBuyer
		);
		assert_noop!(
			OtcEscrow::mark_paid(RuntimeOrigin::signed(BUYER), 77, None),
			Error::<Test>::UnknownOrder
		);
		let proof = Some(H256::repeat_byte(3));
		assert_ok!(OtcEscrow::mark_paid(RuntimeOrigin::signed(BUYER), order, proof));
		assert_eq!(last_event(), Event::OrderPaid { order_id: order, payment_ref: proof }.into());
		let o = Orders::<Test>::get(order.to_be_bytes()).unwrap();
		assert_eq!((o.status, o.paid_at, o.payment_ref), (OrderStatus::Paid, Some(1), proof));
		assert_noop!(
			OtcEscrow::mark_paid(RuntimeOrigin::signed(BUYER), order, None),
			Error::<Test>::WrongOrderStatus
		);
		// After pay_by, too late.
		let late = open(BUYER, id, 10 * USDT_UNIT);
		System::set_block_number(1 + WINDOW + 1);
		assert_noop!(
			OtcEscrow::mark_paid(RuntimeOrigin::signed(BUYER), late, None),
			Error::<Test>::PaymentWindowPassed
		);
	});
}

#[test]
fn release_pays_buyer_and_keeps_the_fee_in_escrow_until_swept() {
	run_test(|| {
		let escrow = OtcEscrow::escrow_account();
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		let escrow_before = bal(USDT, escrow);
		let amount = 200 * USDT_UNIT;
		let order = open(BUYER, id, amount);
		assert_ok!(OtcEscrow::mark_paid(RuntimeOrigin::signed(BUYER), order, None));
		assert_noop!(
			OtcEscrow::release(RuntimeOrigin::signed(BUYER), order),
			Error::<Test>::NotSeller
		);
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		let fee = amount / 1_000; // 10 bps
		assert_eq!(settled(order), (Outcome::Released, amount - fee, fee, 0, 0));
		assert_eq!(bal(USDT, BUYER), START_USDT + amount - fee);
		assert_eq!(bal(USDT, TREASURY), 0);
		assert_eq!(bal(USDT, escrow), escrow_before - amount + fee);
		assert_eq!(
			EscrowTotals::<Test>::get(USDT),
			EscrowTotal { owed: 300 * USDT_UNIT, fees: fee }
		);
		assert!(Orders::<Test>::get(order.to_be_bytes()).is_none());
		assert!(Traders::<Test>::get(BUYER).orders.is_empty());
		let stats = (OtcEscrow::trade_stats(&BUYER), OtcEscrow::trade_stats(&SELLER));
		assert_eq!((stats.0.bought, stats.1.sold), (1, 1));
		// The sale counts in the advert, which stays; the seller's record is not written.
		assert_eq!(
			Adverts::<Test>::get(id.to_be_bytes()).unwrap().sales,
			SalesStats { sold: 1, disputes_lost: 0 }
		);
		assert_eq!(Traders::<Test>::get(SELLER).stats, TradeStats::default());
		assert_noop!(
			OtcEscrow::release(RuntimeOrigin::signed(SELLER), order),
			Error::<Test>::UnknownOrder
		);

		// Anyone sweeps the fees to the fee destination, once.
		assert_noop!(OtcEscrow::sweep_fees(RuntimeOrigin::root(), USDT), DispatchError::BadOrigin);
		assert_ok!(OtcEscrow::sweep_fees(RuntimeOrigin::signed(OTHER), USDT));
		assert_eq!(
			last_event(),
			Event::FeesSwept { asset: USDT, amount: fee, to: TREASURY }.into()
		);
		assert_eq!(bal(USDT, TREASURY), fee);
		assert_eq!(bal(USDT, escrow), escrow_before - amount);
		assert_eq!(EscrowTotals::<Test>::get(USDT), EscrowTotal { owed: 300 * USDT_UNIT, fees: 0 });
		assert_noop!(
			OtcEscrow::sweep_fees(RuntimeOrigin::signed(OTHER), USDT),
			Error::<Test>::NoFeesToSweep
		);
		assert_noop!(
			OtcEscrow::sweep_fees(RuntimeOrigin::signed(OTHER), NATIVE),
			Error::<Test>::NoFeesToSweep
		);
	});
}

/// A `pallet-assets` token `id` (6 decimals, minimum balance 1) created now; SELLER holds a
/// million of it, escrow none.
fn new_token(id: u32, symbol: &[u8]) -> AssetKind {
	use frame_support::traits::fungibles::Mutate;
	assert_ok!(Assets::force_create(RuntimeOrigin::root(), id, SELLER, true, 1));
	assert_ok!(Assets::force_set_metadata(
		RuntimeOrigin::root(),
		id,
		symbol.to_vec(),
		symbol.to_vec(),
		6,
		false
	));
	assert_ok!(<Assets as Mutate<AccountId>>::mint_into(id, &SELLER, START_USDT));
	frame_support::traits::fungible::NativeOrWithId::WithId(id)
}

/// A second `pallet-assets` token (id 2), not one of the mock's hot assets, created now; SELLER
/// holds a million of it, escrow its reserve (the minimum balance, 1).
fn eurc() -> AssetKind {
	use frame_support::traits::fungibles::Mutate;
	let eurc = new_token(2, b"EURC");
	assert_ok!(<Assets as Mutate<AccountId>>::mint_into(2, &OtcEscrow::escrow_account(), 1));
	eurc
}

#[test]
fn an_asset_trades_once_escrow_holds_its_reserve() {
	run_test(|| {
		use frame_support::traits::fungibles::Mutate;
		let token = new_token(3, b"TKN");
		let before = sp_io::storage::root(sp_runtime::StateVersion::V1);
		let result = frame_support::storage::with_storage_layer(|| {
			create_call(
				SELLER,
				token.clone(),
				100 * USDT_UNIT,
				PRICE,
				EUR,
				1,
				10 * USDT_UNIT,
				methods(&["SEPA"]),
				WINDOW,
			)
		});
		assert_eq!(result, Err(Error::<Test>::NoEscrowReserve.into()));
		assert_eq!(before, sp_io::storage::root(sp_runtime::StateVersion::V1));
		// Anyone sends escrow the minimum balance once; the asset trades from then on.
		let escrow = OtcEscrow::escrow_account();
		assert_ok!(<Assets as Mutate<AccountId>>::transfer(
			3,
			&SELLER,
			&escrow,
			1,
			frame_support::traits::tokens::Preservation::Preserve
		));
		let id = create(SELLER, token.clone(), 100 * USDT_UNIT);
		let order = open(BUYER, id, 100 * USDT_UNIT);
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		// BUYER held no TKN: its payout waited for the claim.
		assert_ok!(OtcEscrow::claim_payout(RuntimeOrigin::signed(BUYER), order));
		assert_ok!(OtcEscrow::sweep_fees(RuntimeOrigin::signed(OTHER), token.clone()));
		assert_eq!(bal(token.clone(), escrow), 1);
		assert_eq!(EscrowTotals::<Test>::get(token), EscrowTotal { owed: 0, fees: 0 });
	});
}

#[test]
fn calls_are_charged_the_weight_of_the_asset_path_they_took() {
	use frame_support::dispatch::GetDispatchInfo;
	type W = <Test as Config>::WeightInfo;
	run_test(|| {
		// An asset neither native nor hot pays its escrow-side keys (3 reads, 3 writes in the
		// mock) on top of the asset path's benchmark, which runs on a hot asset (USDT).
		let eurc = eurc();
		let cold = OtcEscrow::cold_asset_weight();
		let db = <<Test as frame_system::Config>::DbWeight as frame_support::traits::Get<
			frame_support::weights::RuntimeDbWeight,
		>>::get();
		assert_eq!(cold, db.reads_writes(3, 3));
		assert!(
			OtcEscrow::is_hot(&USDT) && !OtcEscrow::is_hot(&eurc) && !OtcEscrow::is_hot(&NATIVE)
		);
		// The calls that learn their asset from storage are weighed before dispatch on the
		// dearest path, the native one or the asset path with those keys, so that no path is
		// charged less than it costs; the settling calls so whatever becomes of the advert.
		// `cancel_order` moves nothing out of escrow: one weight for every asset.
		let info = |call: Call<Test>| call.get_dispatch_info().call_weight;
		let dearest = |native: frame_support::weights::Weight, other| native.max(other + cold);
		assert_eq!(info(Call::release { order_id: 0 }), dearest(W::release_native(), W::release()));
		let cancel = info(Call::cancel_order { order_id: 0 });
		assert_eq!(cancel, W::cancel_order());
		let resolve = info(Call::resolve_dispute { order_id: 0, buyer_share_bps: 0 });
		assert_eq!(resolve, dearest(W::resolve_dispute_native(), W::resolve_dispute()));
		let top_up = info(Call::top_up_advert { advert_id: 0, amount: 1 });
		assert_eq!(top_up, dearest(W::top_up_advert_native(), W::top_up_advert()));
		let withdraw = info(Call::withdraw_from_advert { advert_id: 0, amount: 1 });
		assert_eq!(withdraw, dearest(W::withdraw_from_advert_native(), W::withdraw_from_advert()));
		let close = info(Call::close_advert { advert_id: 0 });
		assert_eq!(close, dearest(W::close_advert_native(), W::close_advert()));
		let reap = info(Call::reap_advert { advert_id: 0 });
		assert_eq!(reap, dearest(W::reap_advert_native(), W::reap_advert()));
		// `sweep_fees` names its asset.
		assert_eq!(info(Call::sweep_fees { asset: NATIVE }), W::sweep_fees_native());
		assert_eq!(info(Call::sweep_fees { asset: USDT }), W::sweep_fees());
		assert_eq!(info(Call::sweep_fees { asset: eurc.clone() }), W::sweep_fees() + cold);
		assert!(OtcEscrow::is_native(&NATIVE) && !OtcEscrow::is_native(&USDT));

		// What each call is charged after dispatch, by the asset it moved.
		for (asset, kind) in [(NATIVE, "native"), (USDT, "hot"), (eurc, "cold")] {
			let expect = |native: frame_support::weights::Weight, other| {
				Some(match kind {
					"native" => native,
					"hot" => other,
					_ => other + cold,
				})
			};
			let seller = RuntimeOrigin::signed(SELLER);
			let id = create(SELLER, asset.clone(), 500 * USDT_UNIT);
			let top_up = OtcEscrow::top_up_advert(seller.clone(), id, USDT_UNIT);
			assert_eq!(charged(top_up), expect(W::top_up_advert_native(), W::top_up_advert()));
			let withdraw = OtcEscrow::withdraw_from_advert(seller.clone(), id, USDT_UNIT);
			assert_eq!(
				charged(withdraw),
				expect(W::withdraw_from_advert_native(), W::withdraw_from_advert())
			);
			let update = OtcEscrow::update_advert(
				seller.clone(),
				id,
				PRICE,
				*b"EUR",
				USDT_UNIT,
				100 * USDT_UNIT,
				methods(&["SEPA"]),
				20,
				KycLevel::Basic,
				None,
			);
			assert_eq!(charged(update), expect(W::update_advert_native(), W::update_advert()));

			// BUYER holds USDT from genesis, so a USDT release pays it at once; it holds no EURC
			// until its first EURC payout, which waits for `claim_payout` (claimed here, so
			// that later EURC payouts are paid at once; see
			// `a_payout_to_a_buyer_who_holds_none_of_the_token_waits_for_its_claim`).
			let first_release = match kind {
				"hot" => W::release(),
				_ => W::release_payout_waits(),
			};
			let later_release = W::release();
			let order = open(BUYER, id, 10 * USDT_UNIT);
			let release = OtcEscrow::release(seller.clone(), order);
			assert_eq!(charged(release), expect(W::release_native(), first_release));
			if kind == "cold" {
				let claim = OtcEscrow::claim_payout(RuntimeOrigin::signed(OTHER), order);
				assert_eq!(charged(claim), expect(W::claim_payout(), W::claim_payout()));
			}
			// Back to the advert: nothing leaves escrow, on any asset.
			let order = open(BUYER, id, 10 * USDT_UNIT);
			assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), order));
			let order = open(BUYER, id, 10 * USDT_UNIT);
			assert_ok!(OtcEscrow::mark_paid(RuntimeOrigin::signed(BUYER), order, None));
			assert_ok!(OtcEscrow::open_dispute(seller.clone(), order, H256::zero()));
			// Both parties hold the asset here (BUYER since its first payout above): the
			// seller's share opens no account (`payouts_to_holders_cost_one_item_less_each`).
			let resolve_to_holders = OtcEscrow::less_holders(W::resolve_dispute(), true);
			// SELLER holds the asset: reaping pays what waits in its closed advert to a holder.
			let reap_to_holder = OtcEscrow::less_holders(W::reap_advert(), 1u8);
			let reap = |id| charged(OtcEscrow::reap_advert(RuntimeOrigin::signed(OTHER), id));
			let resolve = OtcEscrow::resolve_dispute(RuntimeOrigin::root(), order, 5_000);
			assert_eq!(charged(resolve), expect(W::resolve_dispute_native(), resolve_to_holders));

			// Orders left on the advert when it closes: cancelling one puts its amount back in
			// the advert; ending the last one leaves it for `reap_advert`, which pays the seller
			// what waits.
			let left = open(BUYER, id, 10 * USDT_UNIT);
			let last = open(BUYER, id, 10 * USDT_UNIT);
			let close = OtcEscrow::close_advert(seller.clone(), id);
			assert_eq!(charged(close), expect(W::close_advert_native(), W::close_advert()));
			assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), left));
			let release = OtcEscrow::release(seller.clone(), last);
			assert_eq!(charged(release), expect(W::release_native(), later_release));
			assert_eq!(Adverts::<Test>::get(id.to_be_bytes()).map(|a| a.open_orders()), Some(0));
			assert_eq!(reap(id), expect(W::reap_advert_native(), reap_to_holder));
			// The last order of a closed advert cancelled: the same; resolved by the arbiter:
			// nothing waits (the seller's share was paid), and the reap pays nothing.
			let id = create(SELLER, asset.clone(), 500 * USDT_UNIT);
			let last = open(BUYER, id, 10 * USDT_UNIT);
			assert_ok!(OtcEscrow::close_advert(seller.clone(), id));
			assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), last));
			assert_eq!(reap(id), expect(W::reap_advert_native(), reap_to_holder));
			let id = create(SELLER, asset.clone(), 500 * USDT_UNIT);
			let last = open(BUYER, id, 10 * USDT_UNIT);
			assert_ok!(OtcEscrow::mark_paid(RuntimeOrigin::signed(BUYER), last, None));
			assert_ok!(OtcEscrow::open_dispute(seller.clone(), last, H256::zero()));
			assert_ok!(OtcEscrow::close_advert(seller, id));
			let resolve = OtcEscrow::resolve_dispute(RuntimeOrigin::root(), last, 5_000);
			assert_eq!(charged(resolve), expect(W::resolve_dispute_native(), resolve_to_holders));
			assert_eq!(Adverts::<Test>::get(id.to_be_bytes()).map(|a| a.open_orders()), Some(0));
			assert_eq!(reap(id), Some(W::reap_advert_empty()));
			assert_ok!(OtcEscrow::sweep_fees(RuntimeOrigin::signed(OTHER), asset));
		}
	});
}

#[test]
fn a_payout_to_a_buyer_who_holds_none_of_the_token_waits_for_its_claim() {
	use frame_support::{dispatch::GetDispatchInfo, weights::constants::RocksDbWeight};
	type W = <Test as Config>::WeightInfo;
	let one_item = RocksDbWeight::get().reads_writes(1, 1);
	run_test(|| {
		// Weighed before dispatch on the dearest path: a payout to a buyer who holds USDT.
		let before = Call::<Test>::release { order_id: 0 }.get_dispatch_info().call_weight;
		assert!(W::release().all_lte(before) && W::release_payout_waits().all_lte(before));
		assert!(W::release_payout_waits().ref_time() < W::release().ref_time());
		let claim_before = Call::<Test>::claim_payout { order_id: 0 }.get_dispatch_info();
		assert!(W::claim_payout().all_lte(claim_before.call_weight));
		let release = |order| charged(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		let claim = |order| charged(OtcEscrow::claim_payout(RuntimeOrigin::signed(OTHER), order));
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		let owed = || EscrowTotals::<Test>::get(USDT).owed;

		// FRESH holds no USDT: its payout waits in the order, with what it gets as its amount.
		let order = open(FRESH, id, 10 * USDT_UNIT);
		let fees = EscrowTotals::<Test>::get(USDT).fees;
		let owed_before = owed();
		assert_eq!(release(order), Some(W::release_payout_waits()));
		let (outcome, to_buyer, fee, _, _) = settled(order);
		assert_eq!(outcome, Outcome::Released);
		assert_eq!(to_buyer + fee, 10 * USDT_UNIT);
		assert!(fee > 0);
		assert_eq!(
			last_event(),
			RuntimeEvent::OtcEscrow(Event::PayoutWaiting {
				order_id: order,
				buyer: FRESH,
				asset: USDT,
				amount: to_buyer
			})
		);
		let waiting = Orders::<Test>::get(order.to_be_bytes()).unwrap();
		assert_eq!((waiting.status, waiting.amount), (OrderStatus::PayoutWaiting, to_buyer));
		assert_eq!((bal(USDT, FRESH), System::account(FRESH).sufficients), (0, 0));
		// Still owed by escrow (the fee moved to the fees), no longer by the advert.
		assert_eq!(owed(), owed_before - fee);
		assert_eq!(EscrowTotals::<Test>::get(USDT).fees, fees + fee);
		assert_eq!(Adverts::<Test>::get(id.to_be_bytes()).unwrap().open_orders(), 0);
		assert!(Traders::<Test>::get(FRESH).orders.contains(&order));
		assert_eq!(OtcEscrow::trade_stats(&FRESH).bought, 1);
		assert_eq!(OtcEscrow::account_orders(&FRESH).len(), 1);

		// The order is no trade any more: every other call refuses it, changing nothing.
		let seller = RuntimeOrigin::signed(SELLER);
		let fresh = RuntimeOrigin::signed(FRESH);
		assert_noop!(OtcEscrow::release(seller.clone(), order), Error::<Test>::WrongOrderStatus);
		assert_noop!(
			OtcEscrow::cancel_order(fresh.clone(), order),
			Error::<Test>::WrongOrderStatus
		);
		assert_noop!(
			OtcEscrow::mark_paid(fresh.clone(), order, None),
			Error::<Test>::WrongOrderStatus
		);
		assert_noop!(
			OtcEscrow::open_dispute(seller.clone(), order, H256::zero()),
			Error::<Test>::WrongOrderStatus
		);
		assert_noop!(
			OtcEscrow::resolve_dispute(RuntimeOrigin::root(), order, 5_000),
			Error::<Test>::WrongOrderStatus
		);
		// Past its payment window the hook leaves it alone, and anyone's cancel is refused.
		run_to_block(waiting.pay_by + 2);
		assert_eq!(Orders::<Test>::get(order.to_be_bytes()), Some(waiting));
		assert_noop!(
			OtcEscrow::cancel_order(RuntimeOrigin::signed(OTHER), order),
			Error::<Test>::NotBuyer
		);
		// Only a waiting payout can be claimed.
		let open_order = open(BUYER, id, 10 * USDT_UNIT);
		assert_noop!(
			OtcEscrow::claim_payout(RuntimeOrigin::signed(OTHER), open_order),
			Error::<Test>::NoPayoutWaiting
		);
		assert_noop!(
			OtcEscrow::claim_payout(RuntimeOrigin::signed(OTHER), 999),
			Error::<Test>::UnknownOrder
		);
		assert_noop!(
			OtcEscrow::claim_payout(RuntimeOrigin::none(), order),
			DispatchError::BadOrigin
		);

		// Anyone claims it for FRESH: the payout opens FRESH's account of USDT.
		let owed_before = owed();
		assert_eq!(claim(order), Some(W::claim_payout()));
		assert_eq!(
			last_event(),
			RuntimeEvent::OtcEscrow(Event::PayoutClaimed {
				order_id: order,
				buyer: FRESH,
				asset: USDT,
				amount: to_buyer
			})
		);
		assert_eq!((bal(USDT, FRESH), System::account(FRESH).sufficients), (to_buyer, 1));
		assert_eq!(owed(), owed_before - to_buyer);
		assert!(Orders::<Test>::get(order.to_be_bytes()).is_none());
		assert!(!Traders::<Test>::get(FRESH).orders.contains(&order));
		assert_noop!(
			OtcEscrow::claim_payout(RuntimeOrigin::signed(OTHER), order),
			Error::<Test>::UnknownOrder
		);

		// Holding some now, FRESH is paid at once.
		let order = open(FRESH, id, 10 * USDT_UNIT);
		assert_eq!(release(order), Some(W::release()));
		assert!(Orders::<Test>::get(order.to_be_bytes()).is_none());
		assert!(bal(USDT, FRESH) > to_buyer);

		// Given all away, the next payout waits again; a buyer who holds some again by the
		// claim costs one item less.
		give_usdt(FRESH, OTHER, bal(USDT, FRESH));
		let order = open(FRESH, id, 10 * USDT_UNIT);
		assert_eq!(release(order), Some(W::release_payout_waits()));
		give_usdt(OTHER, FRESH, USDT_UNIT);
		assert_eq!(claim(order), Some(W::claim_payout() - one_item));

		// The claim does not need the advert: closed and reaped in between.
		let order = open(FRESH, id, 10 * USDT_UNIT);
		give_usdt(FRESH, OTHER, bal(USDT, FRESH));
		assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), open_order));
		assert_ok!(OtcEscrow::close_advert(seller.clone(), id));
		assert_eq!(release(order), Some(W::release_payout_waits()));
		assert_ok!(OtcEscrow::reap_advert(RuntimeOrigin::signed(OTHER), id));
		assert!(Adverts::<Test>::get(id.to_be_bytes()).is_none());
		assert_eq!(claim(order), Some(W::claim_payout()));
		assert_eq!(bal(USDT, FRESH), to_buyer);

		// The native token is paid at once, always.
		let id = create(SELLER, NATIVE, 500 * USDT_UNIT);
		let order = open(FRESH, id, 10 * USDT_UNIT);
		assert_eq!(release(order), Some(W::release_native()));
		assert!(Orders::<Test>::get(order.to_be_bytes()).is_none());
	});
}

#[test]
fn payouts_to_holders_cost_one_item_less_each() {
	use frame_support::{dispatch::GetDispatchInfo, weights::constants::RocksDbWeight};
	type W = <Test as Config>::WeightInfo;
	/// Where the USDT given away goes.
	const SINK: AccountId = 6;
	let one_item = RocksDbWeight::get().reads_writes(1, 1);
	// Sends all of `who`'s USDT away: its asset account and its reference in `System` go.
	let give_all_away = |who: AccountId| {
		give_usdt(who, SINK, bal(USDT, who));
		assert_eq!(System::account(who).sufficients, 0);
	};
	run_test(|| {
		// Weighed before dispatch as payouts that open every payee's account.
		let reap = Call::<Test>::reap_advert { advert_id: 0 }.get_dispatch_info().call_weight;
		assert!(W::reap_advert().all_lte(reap));
		let resolve = Call::<Test>::resolve_dispute { order_id: 0, buyer_share_bps: 0 };
		assert!(W::resolve_dispute().all_lte(resolve.get_dispatch_info().call_weight));

		// What waits in a closed advert, paid to its seller by `reap_advert`: one item less
		// while the seller holds USDT, in full once it holds none (its account is opened again).
		let closed_with_refund = || {
			let id = create(SELLER, USDT, 500 * USDT_UNIT);
			let order = open(BUYER, id, 10 * USDT_UNIT);
			assert_ok!(OtcEscrow::close_advert(RuntimeOrigin::signed(SELLER), id));
			assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), order));
			id
		};
		let reap = |id| charged(OtcEscrow::reap_advert(RuntimeOrigin::signed(OTHER), id));
		let id = closed_with_refund();
		let held = bal(USDT, SELLER);
		assert_eq!(reap(id), Some(W::reap_advert() - one_item));
		assert_eq!(bal(USDT, SELLER), held + 10 * USDT_UNIT);
		let id = closed_with_refund();
		give_all_away(SELLER);
		assert_eq!(reap(id), Some(W::reap_advert()));
		assert_eq!((bal(USDT, SELLER), System::account(SELLER).sufficients), (10 * USDT_UNIT, 1));

		// A dispute pays the seller its share (one item less when it holds USDT or gets
		// nothing) and the buyer its share, which waits when the buyer holds none (one write
		// less). OTHER sells, FRESH buys.
		let write = RocksDbWeight::get().writes(1);
		let id = create(OTHER, USDT, 400 * USDT_UNIT);
		let dispute = || {
			let order = open(FRESH, id, 10 * USDT_UNIT);
			assert_ok!(OtcEscrow::mark_paid(RuntimeOrigin::signed(FRESH), order, None));
			assert_ok!(OtcEscrow::open_dispute(RuntimeOrigin::signed(OTHER), order, H256::zero()));
			order
		};
		let resolve =
			|order, share| OtcEscrow::resolve_dispute(RuntimeOrigin::root(), order, share);
		let waits = |order: OrderId| {
			Orders::<Test>::get(order.to_be_bytes()).map(|o| o.status)
				== Some(OrderStatus::PayoutWaiting)
		};
		// The seller holds USDT, the buyer none yet: its share waits; claimed.
		let order = dispute();
		assert_eq!(charged(resolve(order, 5_000)), Some(W::resolve_dispute() - one_item - write));
		assert!(waits(order));
		assert_ok!(OtcEscrow::claim_payout(RuntimeOrigin::signed(FRESH), order));
		// Both hold some now.
		let order = dispute();
		assert_eq!(charged(resolve(order, 5_000)), Some(W::resolve_dispute() - one_item));
		assert!(!waits(order));
		// All to the seller: the buyer is not paid.
		assert_eq!(charged(resolve(dispute(), 0)), Some(W::resolve_dispute() - one_item));
		// All to the buyer: the seller is not paid.
		assert_eq!(charged(resolve(dispute(), 10_000)), Some(W::resolve_dispute() - one_item));
		// Neither holds any: the seller's account is opened, the buyer's share waits.
		let order = dispute();
		give_all_away(OTHER);
		give_all_away(FRESH);
		assert_eq!(charged(resolve(order, 5_000)), Some(W::resolve_dispute() - write));
		assert!(bal(USDT, OTHER) > 0 && bal(USDT, FRESH) == 0 && waits(order));

		// On the native token nothing is taken off.
		let id = create(SELLER, NATIVE, 500 * USDT_UNIT);
		let order = open(BUYER, id, 10 * USDT_UNIT);
		assert_ok!(OtcEscrow::close_advert(RuntimeOrigin::signed(SELLER), id));
		assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), order));
		assert_eq!(reap(id), Some(W::reap_advert_native()));
	});
}

#[test]
fn release_before_mark_paid_is_allowed() {
	run_test(|| {
		let id = create(SELLER, NATIVE, 100 * USDT_UNIT);
		let order = open(BUYER, id, 50 * USDT_UNIT);
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		assert_eq!(settled(order).0, Outcome::Released);
	});
}

#[test]
fn a_seller_s_statistics_count_in_its_adverts_until_they_go() {
	run_test(|| {
		let kept = create(SELLER, USDT, 500 * USDT_UNIT);
		let closed = create(SELLER, NATIVE, 500 * USDT_UNIT);
		// A release and a dispute lost on one advert, a release on the other.
		let order = open(BUYER, kept, 10 * USDT_UNIT);
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		let order = open(BUYER, kept, 10 * USDT_UNIT);
		assert_ok!(OtcEscrow::mark_paid(RuntimeOrigin::signed(BUYER), order, None));
		assert_ok!(OtcEscrow::open_dispute(RuntimeOrigin::signed(SELLER), order, H256::zero()));
		assert_ok!(OtcEscrow::resolve_dispute(RuntimeOrigin::root(), order, 10_000));
		let order = open(OTHER, closed, 10 * USDT_UNIT);
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		// A cancellation counts for the buyer only.
		let order = open(BUYER, closed, 10 * USDT_UNIT);
		assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), order));
		assert_eq!(
			Adverts::<Test>::get(kept.to_be_bytes()).unwrap().sales,
			SalesStats { sold: 2, disputes_lost: 1 }
		);
		assert_eq!(
			Adverts::<Test>::get(closed.to_be_bytes()).unwrap().sales,
			SalesStats { sold: 1, disputes_lost: 0 }
		);
		assert_eq!(Traders::<Test>::get(SELLER).stats, TradeStats::default());
		let expected = TradeStats { sold: 3, disputes_lost: 1, ..Default::default() };
		assert_eq!(OtcEscrow::trade_stats(&SELLER), expected);

		// Closing an advert without orders moves its sales into the seller's record.
		assert_ok!(OtcEscrow::close_advert(RuntimeOrigin::signed(SELLER), closed));
		assert!(Adverts::<Test>::get(closed.to_be_bytes()).is_none());
		assert_eq!(
			Traders::<Test>::get(SELLER).stats,
			TradeStats { sold: 1, ..Default::default() }
		);
		assert_eq!(OtcEscrow::trade_stats(&SELLER), expected);

		// So does reaping a closed advert after its last order; until then its sales count in
		// it, the last one's too.
		let order = open(BUYER, kept, 10 * USDT_UNIT);
		assert_ok!(OtcEscrow::close_advert(RuntimeOrigin::signed(SELLER), kept));
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		let all = TradeStats { sold: 4, disputes_lost: 1, ..Default::default() };
		assert_eq!(
			Traders::<Test>::get(SELLER).stats,
			TradeStats { sold: 1, ..Default::default() }
		);
		assert_eq!(OtcEscrow::trade_stats(&SELLER), all);
		assert_ok!(OtcEscrow::reap_advert(RuntimeOrigin::signed(OTHER), kept));
		assert!(Adverts::<Test>::get(kept.to_be_bytes()).is_none());
		let record = Traders::<Test>::get(SELLER);
		assert_eq!((record.stats, record.adverts.len()), (all, 0));
		assert_eq!(OtcEscrow::trade_stats(&SELLER), all);
		assert_eq!(
			OtcEscrow::trade_stats(&BUYER),
			TradeStats { bought: 3, cancelled: 1, ..Default::default() }
		);
	});
}

#[test]
fn fees_too_small_for_the_destination_wait_in_escrow_until_they_add_up() {
	run_test(|| {
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		assert_ok!(OtcEscrow::update_advert(
			RuntimeOrigin::signed(SELLER),
			id,
			PRICE,
			EUR,
			USDT_MIN,
			100 * USDT_UNIT,
			methods(&["SEPA"]),
			WINDOW,
			KycLevel::None,
			None
		));
		// 10 bps of 99 999 is 99, below the treasury's missing USDT minimum balance of 100.
		let order = open(BUYER, id, 99_999);
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		assert_eq!(settled(order), (Outcome::Released, 99_900, 99, 0, 0));
		assert_eq!(EscrowTotals::<Test>::get(USDT).fees, 99);
		assert_noop!(
			OtcEscrow::sweep_fees(RuntimeOrigin::signed(OTHER), USDT),
			sp_runtime::TokenError::BelowMinimum
		);
		// The next trade's fee makes the sweep possible.
		let order = open(BUYER, id, 99_999);
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		assert_ok!(OtcEscrow::sweep_fees(RuntimeOrigin::signed(OTHER), USDT));
		assert_eq!(bal(USDT, TREASURY), 198);
		assert_eq!(EscrowTotals::<Test>::get(USDT).fees, 0);
	});
}

#[test]
fn buyer_cancels_and_the_amount_returns_to_the_advert() {
	run_test(|| {
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		let order = open(BUYER, id, 40 * USDT_UNIT);
		assert_noop!(
			OtcEscrow::cancel_order(RuntimeOrigin::signed(OTHER), order),
			Error::<Test>::NotBuyer
		);
		assert_noop!(
			OtcEscrow::cancel_order(RuntimeOrigin::signed(SELLER), order),
			Error::<Test>::NotBuyer
		);
		assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), order));
		assert_eq!(settled(order), (Outcome::Cancelled, 0, 0, 0, 40 * USDT_UNIT));
		let advert = Adverts::<Test>::get(id.to_be_bytes()).unwrap();
		assert_eq!(
			(advert.available, advert.in_orders, advert.open_orders()),
			(100 * USDT_UNIT, 0, 0)
		);
		// The queue keeps the id until its block, which skips it.
		assert!(ExpiryQueue::<Test>::contains_key(1 + WINDOW + 1, order));
		assert_eq!(OtcEscrow::trade_stats(&BUYER).cancelled, 1);
		// A cancellation does not count for the seller.
		assert_eq!(OtcEscrow::trade_stats(&SELLER), TradeStats::default());
		// A paid order can still be cancelled by its buyer (e.g. the transfer bounced).
		let paid = open(BUYER, id, 40 * USDT_UNIT);
		assert_ok!(OtcEscrow::mark_paid(RuntimeOrigin::signed(BUYER), paid, None));
		assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), paid));
	});
}

#[test]
fn anyone_cancels_an_unpaid_order_after_pay_by() {
	run_test(|| {
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		let order = open(BUYER, id, 40 * USDT_UNIT);
		System::set_block_number(1 + WINDOW);
		assert_noop!(
			OtcEscrow::cancel_order(RuntimeOrigin::signed(OTHER), order),
			Error::<Test>::NotBuyer
		);
		System::set_block_number(1 + WINDOW + 1);
		assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(OTHER), order));
		assert_eq!(settled(order).0, Outcome::Expired);
		assert_eq!(OtcEscrow::trade_stats(&BUYER).expired, 1);
	});
}

#[test]
fn unpaid_orders_expire_by_themselves() {
	run_test(|| {
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		let unpaid = open(BUYER, id, 40 * USDT_UNIT);
		let paid = open(OTHER, id, 30 * USDT_UNIT);
		assert_ok!(OtcEscrow::mark_paid(RuntimeOrigin::signed(OTHER), paid, None));
		run_to_block(1 + WINDOW);
		assert!(
			Orders::<Test>::get(unpaid.to_be_bytes()).is_some(),
			"not yet: pay_by is inclusive"
		);
		run_to_block(1 + WINDOW + 1);
		assert!(Orders::<Test>::get(unpaid.to_be_bytes()).is_none());
		assert_eq!(settled(unpaid), (Outcome::Expired, 0, 0, 0, 40 * USDT_UNIT));
		assert!(Orders::<Test>::get(paid.to_be_bytes()).is_some(), "a paid order does not expire");
		assert_eq!(Adverts::<Test>::get(id.to_be_bytes()).unwrap().available, 70 * USDT_UNIT);
		assert_eq!(ExpiryQueue::<Test>::iter().count(), 0);
	});
}

#[test]
fn expiry_weight_grows_with_the_queue_only() {
	new_test_ext().execute_with(|| {
		use frame_support::traits::Hooks;
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		open(BUYER, id, 10 * USDT_UNIT);
		open(OTHER, id, 10 * USDT_UNIT);
		let paid = open(BUYER, id, 10 * USDT_UNIT);
		assert_ok!(OtcEscrow::mark_paid(RuntimeOrigin::signed(BUYER), paid, None));
		let due = 1 + WINDOW + 1;
		// The hook ran every block: its cursor is at `due`, one block of the queue each time.
		run_to_block(due - 1);
		assert_eq!(ExpiryCursor::<Test>::get(), due);
		System::set_block_number(due);
		// Two expiries back to the open advert and the paid order's entry skipped: each entry
		// is charged one expiry.
		let three = OtcEscrow::on_initialize(due);
		assert_eq!(three, hook_weight(3, 1));
		assert!(Orders::<Test>::contains_key(paid.to_be_bytes()));
		assert_eq!(Adverts::<Test>::get(id.to_be_bytes()).unwrap().available, 90 * USDT_UNIT);
		System::set_block_number(due + 1);
		let empty = OtcEscrow::on_initialize(due + 1);
		assert_eq!(empty, hook_weight(0, 1));
		assert!(three.ref_time() > empty.ref_time());
	});
}

#[test]
fn expiries_in_an_asset_that_is_not_hot_move_nothing_out_of_escrow() {
	new_test_ext().execute_with(|| {
		use frame_support::traits::Hooks;
		type W = <Test as Config>::WeightInfo;
		let eurc = eurc();
		let cold = OtcEscrow::cold_asset_weight();
		// Two orders of a closed advert and one of an open advert, all due in the same block:
		// every refund stays in escrow, in its advert, so no escrow-side key of EURC is touched.
		let closed = create(SELLER, eurc.clone(), 100 * USDT_UNIT);
		let open_one = create(SELLER, eurc.clone(), 100 * USDT_UNIT);
		open(BUYER, closed, 10 * USDT_UNIT);
		open(OTHER, closed, 10 * USDT_UNIT);
		open(BUYER, open_one, 10 * USDT_UNIT);
		assert_ok!(OtcEscrow::close_advert(RuntimeOrigin::signed(SELLER), closed));
		let held = bal(eurc.clone(), SELLER);
		let due = 1 + WINDOW + 1;
		run_to_block(due - 1);
		System::set_block_number(due);
		assert_eq!(OtcEscrow::on_initialize(due), hook_weight(3, 1));
		assert_eq!(Orders::<Test>::iter().count(), 0);
		assert_eq!(bal(eurc.clone(), SELLER), held);
		assert_eq!(Adverts::<Test>::get(closed.to_be_bytes()).unwrap().available, 20 * USDT_UNIT);
		OtcEscrow::do_try_state().expect("try_state holds");

		// Reaping the closed advert pays the seller, who holds EURC: the asset path less one
		// item, with EURC's escrow-side keys.
		let reap = OtcEscrow::reap_advert(RuntimeOrigin::signed(OTHER), closed);
		assert_eq!(charged(reap), Some(OtcEscrow::less_holders(W::reap_advert(), 1u8) + cold));
		assert_eq!(bal(eurc, SELLER), held + 20 * USDT_UNIT);
	});
}

#[test]
fn disputes() {
	run_test(|| {
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		let order = open(BUYER, id, 100 * USDT_UNIT);
		let ev = H256::repeat_byte(9);
		// Not before it is paid.
		assert_noop!(
			OtcEscrow::open_dispute(RuntimeOrigin::signed(SELLER), order, ev),
			Error::<Test>::WrongOrderStatus
		);
		assert_ok!(OtcEscrow::mark_paid(RuntimeOrigin::signed(BUYER), order, None));
		assert_noop!(
			OtcEscrow::open_dispute(RuntimeOrigin::signed(OTHER), order, ev),
			Error::<Test>::NotParty
		);
		// The buyer waits ReleaseWindow blocks after marking paid.
		assert_noop!(
			OtcEscrow::open_dispute(RuntimeOrigin::signed(BUYER), order, ev),
			Error::<Test>::ReleaseWindowOpen
		);
		System::set_block_number(1 + 10);
		assert_ok!(OtcEscrow::open_dispute(RuntimeOrigin::signed(BUYER), order, ev));
		assert_eq!(
			last_event(),
			Event::DisputeOpened { order_id: order, opened_by: BUYER, evidence: ev }.into()
		);
		// Disputed: no release, no cancel, no second dispute.
		assert_noop!(
			OtcEscrow::release(RuntimeOrigin::signed(SELLER), order),
			Error::<Test>::WrongOrderStatus
		);
		assert_noop!(
			OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), order),
			Error::<Test>::WrongOrderStatus
		);
		assert_noop!(
			OtcEscrow::open_dispute(RuntimeOrigin::signed(SELLER), order, ev),
			Error::<Test>::WrongOrderStatus
		);
		// Only the arbiter resolves, with a share of at most 100 %.
		assert_noop!(
			OtcEscrow::resolve_dispute(RuntimeOrigin::signed(SELLER), order, 6_000),
			DispatchError::BadOrigin
		);
		assert_noop!(
			OtcEscrow::resolve_dispute(RuntimeOrigin::root(), order, 10_001),
			Error::<Test>::InvalidShare
		);
		let seller_before = bal(USDT, SELLER);
		assert_ok!(OtcEscrow::resolve_dispute(RuntimeOrigin::root(), order, 6_000));
		let buyer_share = 60 * USDT_UNIT;
		let fee = buyer_share / 1_000;
		assert_eq!(
			settled(order),
			(
				Outcome::Resolved { buyer_share_bps: 6_000 },
				buyer_share - fee,
				fee,
				40 * USDT_UNIT,
				0
			)
		);
		assert_eq!(bal(USDT, BUYER), START_USDT + buyer_share - fee);
		assert_eq!(bal(USDT, SELLER), seller_before + 40 * USDT_UNIT);
		assert_eq!(EscrowTotals::<Test>::get(USDT).fees, fee);
		let (b, s) = (OtcEscrow::trade_stats(&BUYER), OtcEscrow::trade_stats(&SELLER));
		assert_eq!((b.bought, s.sold, s.disputes_lost, b.disputes_lost), (1, 1, 1, 0));
		// A non-disputed order cannot be resolved.
		let other = open(BUYER, id, 100 * USDT_UNIT);
		assert_noop!(
			OtcEscrow::resolve_dispute(RuntimeOrigin::root(), other, 5_000),
			Error::<Test>::WrongOrderStatus
		);
	});
}

#[test]
fn seller_disputes_at_once_and_loses_nothing_on_a_zero_share() {
	run_test(|| {
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		let order = open(BUYER, id, 100 * USDT_UNIT);
		assert_ok!(OtcEscrow::mark_paid(RuntimeOrigin::signed(BUYER), order, None));
		assert_ok!(OtcEscrow::open_dispute(RuntimeOrigin::signed(SELLER), order, H256::zero()));
		assert_ok!(OtcEscrow::resolve_dispute(RuntimeOrigin::root(), order, 0));
		assert_eq!(
			settled(order),
			(Outcome::Resolved { buyer_share_bps: 0 }, 0, 0, 100 * USDT_UNIT, 0)
		);
		assert_eq!(OtcEscrow::trade_stats(&BUYER).disputes_lost, 1);
	});
}

#[test]
fn set_trade_fee() {
	run_test(|| {
		assert_noop!(
			OtcEscrow::set_trade_fee(RuntimeOrigin::signed(SELLER), 5),
			DispatchError::BadOrigin
		);
		assert_noop!(
			OtcEscrow::set_trade_fee(RuntimeOrigin::root(), 501),
			Error::<Test>::FeeTooHigh
		);
		assert_ok!(OtcEscrow::set_trade_fee(RuntimeOrigin::root(), 500));
		assert_eq!(last_event(), Event::TradeFeeSet { bps: 500 }.into());
		assert_eq!(TradeFeeBps::<Test>::get(), 500);
	});
}

/// An order takes the fee of when it was opened: a change applies to the orders opened after it.
#[test]
fn an_order_keeps_the_fee_it_was_opened_with() {
	run_test(|| {
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		let early = open(BUYER, id, 10 * USDT_UNIT);
		assert_ok!(OtcEscrow::set_trade_fee(RuntimeOrigin::root(), 300));
		let late = open(OTHER, id, 10 * USDT_UNIT);
		assert!(matches!(
			last_event(),
			RuntimeEvent::OtcEscrow(Event::OrderOpened { order_id, fee_bps: 300, .. })
				if order_id == late
		));
		let fee_of = |order: OrderId| Orders::<Test>::get(order.to_be_bytes()).unwrap().fee_bps;
		assert_eq!((fee_of(early), fee_of(late)), (10, 300));

		// Lowered now: neither open order follows.
		assert_ok!(OtcEscrow::set_trade_fee(RuntimeOrigin::root(), 0));
		let (buyer_before, other_before) = (bal(USDT, BUYER), bal(USDT, OTHER));
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), early));
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), late));
		// 10 bps and 300 bps of 10 USDT.
		assert_eq!(settled(early), (Outcome::Released, 10 * USDT_UNIT - 10_000, 10_000, 0, 0));
		assert_eq!(settled(late), (Outcome::Released, 10 * USDT_UNIT - 300_000, 300_000, 0, 0));
		assert_eq!(bal(USDT, BUYER) - buyer_before, 10 * USDT_UNIT - 10_000);
		assert_eq!(bal(USDT, OTHER) - other_before, 10 * USDT_UNIT - 300_000);
		assert_eq!(EscrowTotals::<Test>::get(USDT).fees, 310_000);

		// Opened at no fee, raised after: none taken. A dispute's buyer share pays its own
		// order's fee too.
		let free = open(BUYER, id, 10 * USDT_UNIT);
		assert_ok!(OtcEscrow::set_trade_fee(RuntimeOrigin::root(), 500));
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), free));
		assert_eq!(settled(free).2, 0);
		let disputed = open(OTHER, id, 10 * USDT_UNIT);
		assert_ok!(OtcEscrow::set_trade_fee(RuntimeOrigin::root(), 100));
		assert_ok!(OtcEscrow::mark_paid(RuntimeOrigin::signed(OTHER), disputed, None));
		assert_ok!(OtcEscrow::open_dispute(RuntimeOrigin::signed(SELLER), disputed, H256::zero()));
		assert_ok!(OtcEscrow::resolve_dispute(RuntimeOrigin::root(), disputed, 5_000));
		// 500 bps of the buyer's half, 5 USDT.
		assert_eq!(
			settled(disputed),
			(
				Outcome::Resolved { buyer_share_bps: 5_000 },
				5 * USDT_UNIT - 250_000,
				250_000,
				5 * USDT_UNIT,
				0
			)
		);
	});
}

#[test]
fn migration_to_v6_gives_open_orders_the_fee_of_the_upgrade() {
	use crate::migrations::v6::{v5, MigrateV5ToV6};
	use frame_support::traits::{GetStorageVersion, StorageVersion};
	run_test(|| {
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		let unpaid = open(BUYER, id, 10 * USDT_UNIT);
		let paid = open(OTHER, id, 20 * USDT_UNIT);
		assert_ok!(OtcEscrow::mark_paid(RuntimeOrigin::signed(OTHER), paid, None));
		let before: Vec<_> = Orders::<Test>::iter().collect();
		// Turn the orders into what version 5 stored: no fee.
		for (key, order) in Orders::<Test>::drain().collect::<Vec<_>>() {
			v5::Orders::<Test>::insert(key, without_fee(order));
		}
		StorageVersion::new(5).put::<OtcEscrow>();
		assert_eq!(v5::Orders::<Test>::iter_values().count(), 2);
		TradeFeeBps::<Test>::put(25);

		upgrade::<MigrateV5ToV6<Test>>();

		assert_eq!(OtcEscrow::on_chain_storage_version(), 6);
		let after: Vec<_> = Orders::<Test>::iter().collect();
		let expected: Vec<_> =
			before.into_iter().map(|(key, o)| (key, Order { fee_bps: 25, ..o })).collect();
		assert_eq!(after, expected);
		OtcEscrow::do_try_state().unwrap();
		// On version 6 it does nothing; the orders keep their fee and trading goes on.
		TradeFeeBps::<Test>::put(40);
		upgrade::<MigrateV5ToV6<Test>>();
		assert_eq!(Orders::<Test>::iter().collect::<Vec<_>>(), after);
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), paid));
		assert_eq!(settled(paid).2, 20 * USDT_UNIT * 25 / 10_000);
		assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), unpaid));
	});
}

/// What version 1 stored as the escrow total: what escrow owes, a bare balance.
mod v1_totals {
	use crate::mock::{AssetKind, Balance};
	use frame_support::{storage_alias, Blake2_128Concat};

	// `OtcEscrow` is the pallet's name in the mock runtime, used verbatim as the prefix.
	#[storage_alias]
	pub type EscrowTotals = StorageMap<OtcEscrow, Blake2_128Concat, AssetKind, Balance>;
}

/// Runs migration `M` as a runtime upgrade does; built with `try-runtime`, with its pre- and
/// post-upgrade checks, which must pass.
fn upgrade<M: frame_support::traits::OnRuntimeUpgrade>() {
	#[cfg(feature = "try-runtime")]
	M::try_on_runtime_upgrade(true).unwrap();
	#[cfg(not(feature = "try-runtime"))]
	M::on_runtime_upgrade();
}

/// An order as versions 1 to 5 stored it: without its fee.
fn without_fee(o: OrderOf<Test>) -> crate::migrations::v6::v5::OrderOf<Test> {
	crate::migrations::v6::v5::Order {
		advert_id: o.advert_id,
		seller: o.seller,
		buyer: o.buyer,
		asset: o.asset,
		amount: o.amount,
		price: o.price,
		currency: o.currency,
		fiat_total: o.fiat_total,
		payment_method: o.payment_method,
		status: o.status,
		opened_at: o.opened_at,
		pay_by: o.pay_by,
		expiry_slot: o.expiry_slot,
		paid_at: o.paid_at,
		payment_ref: o.payment_ref,
		dispute: o.dispute,
	}
}

/// Moves the adverts and orders under the keys versions 1 to 4 stored them under
/// (`Twox64Concat` of the id), the orders in their layout until version 6.
fn to_v4_keys() {
	use crate::migrations::v5::v4;
	let adverts: Vec<_> = Adverts::<Test>::drain().collect();
	let orders: Vec<_> = Orders::<Test>::drain().collect();
	for (key, a) in adverts {
		v4::Adverts::<Test>::insert(AdvertId::from_be_bytes(key), a);
	}
	for (key, o) in orders {
		v4::Orders::<Test>::insert(OrderId::from_be_bytes(key), without_fee(o));
	}
}

/// Turns the adverts into what versions 1 and 2 stored: under their version 4 keys, a count of
/// open orders in the advert and one version 2 `AdvertOrders` key per order.
fn adverts_to_v2() {
	use crate::migrations::{v3::v2, v5::v4};
	to_v4_keys();
	for (id, a) in v4::Adverts::<Test>::iter().collect::<Vec<_>>() {
		for order in a.orders.iter() {
			v2::AdvertOrders::<Test>::insert(id, order, ());
		}
		let open_orders = a.open_orders();
		v2::Adverts::<Test>::insert(
			id,
			v2::Advert {
				seller: a.seller,
				asset: a.asset,
				decimals: a.decimals,
				price: a.price,
				currency: a.currency,
				min_order: a.min_order,
				max_order: a.max_order,
				available: a.available,
				in_orders: a.in_orders,
				payment_methods: a.payment_methods,
				payment_window: a.payment_window,
				min_buyer_level: a.min_buyer_level,
				terms_hash: a.terms_hash,
				status: a.status,
				open_orders,
				created_at: a.created_at,
			},
		);
	}
}

#[test]
fn migration_to_v2_folds_the_account_maps_and_the_totals() {
	use crate::migrations::{
		v2::{v1, MigrateV1ToV2},
		v3::{v2::AdvertOrders, MigrateV2ToV3},
		v4::MigrateV3ToV4,
		v5::{v4, MigrateV4ToV5},
		v6::MigrateV5ToV6,
	};
	use frame_support::traits::{GetStorageVersion, StorageVersion};
	run_test(|| {
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		let order = open(BUYER, id, 10 * USDT_UNIT);
		let advert = Adverts::<Test>::get(id.to_be_bytes()).unwrap().encode();
		// Turn the state into what version 1 stored.
		adverts_to_v2();
		let seller = Traders::<Test>::take(SELLER);
		let buyer = Traders::<Test>::take(BUYER);
		v1::SellerAdverts::<Test>::insert(SELLER, seller.adverts);
		v1::BuyerOrders::<Test>::insert(BUYER, buyer.orders);
		v1::AccountStats::<Test>::insert(BUYER, TradeStats { bought: 4, ..Default::default() });
		v1::AccountStats::<Test>::insert(OTHER, TradeStats { sold: 2, ..Default::default() });
		let indexed: Vec<OrderId> = AdvertOrders::<Test>::iter_key_prefix(id).collect();
		let _ = AdvertOrders::<Test>::clear_prefix(id, u32::MAX, None);
		v1::AdvertOrders::<Test>::insert(id, BoundedVec::truncate_from(indexed));
		let due = v4::Orders::<Test>::get(order).unwrap().expiry_slot;
		ExpiryQueue::<Test>::remove(due, order);
		v1::ExpiryQueue::<Test>::insert(due, BoundedVec::truncate_from(vec![order]));
		ExpiryCursor::<Test>::kill();
		let owed = EscrowTotals::<Test>::take(USDT).owed;
		v1_totals::EscrowTotals::insert(USDT, owed);
		StorageVersion::new(1).put::<OtcEscrow>();
		assert!(OtcEscrow::do_try_state().is_err());

		upgrade::<MigrateV1ToV2<Test>>();

		assert_eq!(OtcEscrow::on_chain_storage_version(), 2);
		assert_eq!(Traders::<Test>::get(SELLER).adverts.to_vec(), vec![id]);
		let buyer = Traders::<Test>::get(BUYER);
		assert_eq!((buyer.orders.to_vec(), buyer.stats.bought), (vec![order], 4));
		assert_eq!(Traders::<Test>::get(OTHER).stats.sold, 2);
		assert_eq!(EscrowTotals::<Test>::get(USDT), EscrowTotal { owed, fees: 0 });
		assert_eq!(v1::SellerAdverts::<Test>::iter().count(), 0);
		assert_eq!(v1::BuyerOrders::<Test>::iter().count(), 0);
		assert_eq!(v1::AccountStats::<Test>::iter().count(), 0);
		assert_eq!(AdvertOrders::<Test>::iter().collect::<Vec<_>>(), vec![(id, order, ())]);
		assert_eq!(ExpiryQueue::<Test>::iter().collect::<Vec<_>>(), vec![(due, order, ())]);
		assert_eq!(ExpiryCursor::<Test>::get(), System::block_number());

		// On version 2 it does nothing; the migration to version 3 follows it.
		let traders: Vec<_> = Traders::<Test>::iter().collect();
		upgrade::<MigrateV1ToV2<Test>>();
		assert_eq!(Traders::<Test>::iter().collect::<Vec<_>>(), traders);
		assert_eq!(EscrowTotals::<Test>::get(USDT), EscrowTotal { owed, fees: 0 });
		upgrade::<MigrateV2ToV3<Test>>();
		assert_eq!(OtcEscrow::on_chain_storage_version(), 3);
		upgrade::<MigrateV3ToV4<Test>>();
		assert_eq!(OtcEscrow::on_chain_storage_version(), 4);
		upgrade::<MigrateV4ToV5<Test>>();
		assert_eq!(OtcEscrow::on_chain_storage_version(), 5);
		upgrade::<MigrateV5ToV6<Test>>();
		assert_eq!(OtcEscrow::on_chain_storage_version(), 6);
		assert_eq!(Adverts::<Test>::get(id.to_be_bytes()).unwrap().encode(), advert);
		OtcEscrow::do_try_state().unwrap();
	});
}

#[test]
fn migration_to_v3_moves_the_advert_order_keys_into_the_adverts() {
	use crate::migrations::{
		v3::{v2, MigrateV2ToV3},
		v4::{v3::Adverts as V3Adverts, MigrateV3ToV4},
		v5::MigrateV4ToV5,
		v6::MigrateV5ToV6,
	};
	use frame_support::traits::{GetStorageVersion, StorageVersion};
	run_test(|| {
		let busy = create(SELLER, USDT, 100 * USDT_UNIT);
		let idle = create(SELLER, USDT, 50 * USDT_UNIT);
		let first = open(BUYER, busy, 10 * USDT_UNIT);
		let second = open(OTHER, busy, 20 * USDT_UNIT);
		let closed = create(SELLER, USDT, 30 * USDT_UNIT);
		let third = open(BUYER, closed, 10 * USDT_UNIT);
		assert_ok!(OtcEscrow::close_advert(RuntimeOrigin::signed(SELLER), closed));
		// (Adverts compare by their encoding: the mock's bounds have no `PartialEq`.)
		let adverts =
			|| Adverts::<Test>::iter().map(|(id, a)| (id, a.encode())).collect::<Vec<_>>();
		let before = adverts();
		adverts_to_v2();
		StorageVersion::new(2).put::<OtcEscrow>();
		assert_eq!(v2::AdvertOrders::<Test>::iter().count(), 3);
		assert_eq!(v2::Adverts::<Test>::get(busy).unwrap().open_orders, 2);
		assert!(OtcEscrow::do_try_state().is_err());

		upgrade::<MigrateV2ToV3<Test>>();

		assert_eq!(OtcEscrow::on_chain_storage_version(), 3);
		let orders = |id| V3Adverts::<Test>::get(id).unwrap().orders.to_vec();
		assert_eq!(
			(orders(busy), orders(idle), orders(closed)),
			(vec![first, second], vec![], vec![third])
		);
		assert_eq!(v2::AdvertOrders::<Test>::iter().count(), 0);
		// On version 3 it does nothing; the migration to version 4 follows it.
		let v3 = || V3Adverts::<Test>::iter().map(|(id, a)| (id, a.encode())).collect::<Vec<_>>();
		let migrated = v3();
		upgrade::<MigrateV2ToV3<Test>>();
		assert_eq!(v3(), migrated);
		upgrade::<MigrateV3ToV4<Test>>();
		upgrade::<MigrateV4ToV5<Test>>();
		upgrade::<MigrateV5ToV6<Test>>();
		assert_eq!(adverts(), before);
		OtcEscrow::do_try_state().unwrap();

		// Trading goes on.
		assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(OTHER), second));
		assert_eq!(Adverts::<Test>::get(busy.to_be_bytes()).unwrap().orders.to_vec(), vec![first]);
	});
}

#[test]
fn migration_to_v4_gives_the_adverts_empty_sales() {
	use crate::migrations::{
		v4::{v3, MigrateV3ToV4},
		v5::{v4, MigrateV4ToV5},
		v6::MigrateV5ToV6,
	};
	use frame_support::traits::{GetStorageVersion, StorageVersion};
	run_test(|| {
		let open_id = create(SELLER, USDT, 100 * USDT_UNIT);
		let closed = create(SELLER, NATIVE, 50 * USDT_UNIT);
		let order = open(BUYER, open_id, 10 * USDT_UNIT);
		open(OTHER, closed, 10 * USDT_UNIT);
		assert_ok!(OtcEscrow::close_advert(RuntimeOrigin::signed(SELLER), closed));
		let adverts =
			|| Adverts::<Test>::iter().map(|(id, a)| (id, a.encode())).collect::<Vec<_>>();
		let before = adverts();
		// Turn the state into what version 3 stored: adverts without sales under their version
		// 4 keys, the seller's sales in its record.
		to_v4_keys();
		for (id, a) in v4::Adverts::<Test>::iter().collect::<Vec<_>>() {
			v3::Adverts::<Test>::insert(
				id,
				v3::Advert {
					seller: a.seller,
					asset: a.asset,
					decimals: a.decimals,
					price: a.price,
					currency: a.currency,
					min_order: a.min_order,
					max_order: a.max_order,
					available: a.available,
					in_orders: a.in_orders,
					payment_methods: a.payment_methods,
					payment_window: a.payment_window,
					min_buyer_level: a.min_buyer_level,
					terms_hash: a.terms_hash,
					status: a.status,
					orders: a.orders,
					created_at: a.created_at,
				},
			);
		}
		Traders::<Test>::mutate(SELLER, |t| t.stats.sold = 5);
		StorageVersion::new(3).put::<OtcEscrow>();
		// A version 3 advert does not decode as a version 4 one.
		assert!(v4::Adverts::<Test>::get(open_id).is_none());
		assert!(OtcEscrow::do_try_state().is_err());

		upgrade::<MigrateV3ToV4<Test>>();

		assert_eq!(OtcEscrow::on_chain_storage_version(), 4);
		assert!(v4::Adverts::<Test>::iter_values().all(|a| a.sales == SalesStats::default()));
		upgrade::<MigrateV4ToV5<Test>>();
		upgrade::<MigrateV5ToV6<Test>>();
		assert_eq!(adverts(), before);
		assert_eq!(OtcEscrow::trade_stats(&SELLER).sold, 5);
		OtcEscrow::do_try_state().unwrap();
		// Past version 4 it does nothing, and trading goes on: a sale counts in the advert, on
		// top of the record's.
		upgrade::<MigrateV3ToV4<Test>>();
		assert_eq!(adverts(), before);
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		assert_eq!(Adverts::<Test>::get(open_id.to_be_bytes()).unwrap().sales.sold, 1);
		assert_eq!(OtcEscrow::trade_stats(&SELLER).sold, 6);
	});
}

#[test]
fn migration_to_v5_keys_adverts_and_orders_by_their_ids_big_endian() {
	use crate::migrations::{
		v5::{v4, MigrateV4ToV5},
		v6::{v5, MigrateV5ToV6},
	};
	use frame_support::traits::{GetStorageVersion, StorageVersion};
	run_test(|| {
		// Two sellers' adverts (one in the native token) and an order on each, taken by the
		// other side; one paid, one advert closed.
		let mut adverts: Vec<AdvertId> =
			(0..4).map(|_| create(SELLER, USDT, 100 * USDT_UNIT)).collect();
		adverts.extend((0..3).map(|_| create(OTHER, USDT, 100 * USDT_UNIT)));
		let native = create(OTHER, NATIVE, 50 * USDT_UNIT);
		let mut orders: Vec<OrderId> =
			adverts[..4].iter().map(|&a| open(BUYER, a, 10 * USDT_UNIT)).collect();
		orders.extend(adverts[4..].iter().map(|&a| open(SELLER, a, 10 * USDT_UNIT)));
		let paid = open(SELLER, native, 10 * USDT_UNIT);
		assert_ok!(OtcEscrow::mark_paid(RuntimeOrigin::signed(SELLER), paid, None));
		assert_ok!(OtcEscrow::close_advert(RuntimeOrigin::signed(SELLER), adverts[3]));
		let snapshot = || {
			let a: Vec<_> = Adverts::<Test>::iter().map(|(k, a)| (k, a.encode())).collect();
			let o: Vec<_> = Orders::<Test>::iter().map(|(k, o)| (k, o.encode())).collect();
			(a, o)
		};
		let before = snapshot();
		// The keys are the ids' big-endian bytes, so the maps iterate in id order.
		let ids: Vec<AdvertId> =
			before.0.iter().map(|(k, _)| AdvertId::from_be_bytes(*k)).collect();
		assert_eq!(ids, adverts.iter().copied().chain([native]).collect::<Vec<_>>());
		let ids: Vec<OrderId> = before.1.iter().map(|(k, _)| OrderId::from_be_bytes(*k)).collect();
		assert_eq!(ids, orders.iter().copied().chain([paid]).collect::<Vec<_>>());
		let key = Orders::<Test>::hashed_key_for(paid.to_be_bytes());
		assert_eq!(key[key.len() - 8..], paid.to_be_bytes());
		assert_eq!(key.len(), 32 + 8);

		to_v4_keys();
		StorageVersion::new(4).put::<OtcEscrow>();
		assert!(Adverts::<Test>::get(adverts[0].to_be_bytes()).is_none());
		assert!(Orders::<Test>::get(paid.to_be_bytes()).is_none());
		assert_eq!(v4::Orders::<Test>::iter_keys().count(), orders.len() + 1);
		assert!(OtcEscrow::do_try_state().is_err());

		upgrade::<MigrateV4ToV5<Test>>();

		assert_eq!(OtcEscrow::on_chain_storage_version(), 5);
		assert_eq!(v4::Adverts::<Test>::iter_keys().count(), 0);
		assert_eq!(v4::Orders::<Test>::iter_keys().count(), 0);
		// The orders are under their new keys, in their version 5 layout until version 6.
		let keys: Vec<OrderId> =
			v5::Orders::<Test>::iter_keys().map(OrderId::from_be_bytes).collect();
		assert_eq!(keys, orders.iter().copied().chain([paid]).collect::<Vec<_>>());
		assert!(v5::Orders::<Test>::iter_values().count() == keys.len());
		upgrade::<MigrateV5ToV6<Test>>();
		assert_eq!(snapshot(), before);
		OtcEscrow::do_try_state().unwrap();
		// On version 6 it does nothing, and trading goes on.
		upgrade::<MigrateV4ToV5<Test>>();
		assert_eq!(snapshot(), before);
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(OTHER), paid));
		assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), orders[1]));
		assert!(Orders::<Test>::get(paid.to_be_bytes()).is_none());
		assert_eq!(Adverts::<Test>::get(adverts[1].to_be_bytes()).unwrap().in_orders, 0);
	});
}

#[test]
fn try_state_detects_corruption() {
	run_test(|| {
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		let order = open(BUYER, id, 10 * USDT_UNIT);
		EscrowTotals::<Test>::insert(USDT, EscrowTotal { owed: 1, fees: 0 });
		assert!(OtcEscrow::do_try_state().is_err());
		// Fees the escrow account does not hold.
		EscrowTotals::<Test>::insert(USDT, EscrowTotal { owed: 100 * USDT_UNIT, fees: 1 });
		assert!(OtcEscrow::do_try_state().is_err());
		EscrowTotals::<Test>::insert(USDT, EscrowTotal { owed: 100 * USDT_UNIT, fees: 0 });
		Traders::<Test>::remove(BUYER);
		assert!(OtcEscrow::do_try_state().is_err());
		Traders::<Test>::mutate(BUYER, |t| t.orders.try_push(order).unwrap());
		// An empty record is not kept.
		Traders::<Test>::insert(NO_KYC, TraderOf::<Test>::default());
		assert!(OtcEscrow::do_try_state().is_err());
		Traders::<Test>::remove(NO_KYC);
		NextOrderId::<Test>::put(0);
		assert!(OtcEscrow::do_try_state().is_err());
		NextOrderId::<Test>::put(1);
		OtcEscrow::do_try_state().unwrap();
		OpenAdverts::<Test>::remove(USDT, id.to_be_bytes());
		assert!(OtcEscrow::do_try_state().is_err());
		OpenAdverts::<Test>::insert(NATIVE, id.to_be_bytes(), ());
		assert!(OtcEscrow::do_try_state().is_err());
		OpenAdverts::<Test>::remove(NATIVE, id.to_be_bytes());
		OpenAdverts::<Test>::insert(USDT, id.to_be_bytes(), ());
		OtcEscrow::do_try_state().unwrap();
		// The advert's order ids: one missing, one of no order, one twice.
		let ids = |list: Vec<OrderId>| {
			Adverts::<Test>::mutate(id.to_be_bytes(), |a| {
				a.as_mut().unwrap().orders = BoundedVec::truncate_from(list)
			})
		};
		for list in [vec![], vec![order, order + 7], vec![order, order]] {
			ids(list);
			assert!(OtcEscrow::do_try_state().is_err());
		}
		ids(vec![order]);
		OtcEscrow::do_try_state().unwrap();
	});
}

// ---------------------------------------------------------------------------------------------
// Reads for the runtime API
// ---------------------------------------------------------------------------------------------

/// Advert number `i` of a book built by `book_advert`: 20 USDT in `currency`, sellers from
/// `first_seller` on, four adverts each (the mock's cap), each seller funded at its first.
fn book_advert(i: u64, first_seller: AccountId, currency: CurrencyCode) -> AdvertId {
	use frame_support::traits::fungibles::Mutate;
	let seller = first_seller + i / 4;
	if i % 4 == 0 {
		assert_ok!(<Union as Mutate<AccountId>>::mint_into(USDT, &seller, 100 * USDT_UNIT));
	}
	let id = NextAdvertId::<Test>::get();
	assert_ok!(create_call(
		seller,
		USDT,
		20 * USDT_UNIT,
		PRICE,
		currency,
		10 * USDT_UNIT,
		20 * USDT_UNIT,
		methods(&["SEPA"]),
		WINDOW,
	));
	id
}

fn page_ids(page: &AdvertPage<AdvertOf<Test>>) -> Vec<AdvertId> {
	page.adverts.iter().map(|(id, _)| *id).collect()
}

#[test]
fn the_open_book_follows_create_pause_resume_and_close() {
	run_test(|| {
		let a = create(SELLER, USDT, 100 * USDT_UNIT);
		let b = create(OTHER, USDT, 100 * USDT_UNIT);
		let n = create(SELLER, NATIVE, 1_000_000_000_000);
		let page = OtcEscrow::advert_page(USDT, None, None, 10);
		assert_eq!(page_ids(&page), vec![a, b]);
		assert_eq!(page.next, None);
		assert_eq!(page_ids(&OtcEscrow::advert_page(NATIVE, None, None, 10)), vec![n]);

		assert_ok!(OtcEscrow::pause_advert(RuntimeOrigin::signed(SELLER), a));
		assert_eq!(page_ids(&OtcEscrow::advert_page(USDT, None, None, 10)), vec![b]);
		assert_ok!(OtcEscrow::resume_advert(RuntimeOrigin::signed(SELLER), a));
		assert_eq!(page_ids(&OtcEscrow::advert_page(USDT, None, None, 10)), vec![a, b]);

		// Closed with an open order: still stored, no longer in the book.
		open(BUYER, b, 10 * USDT_UNIT);
		assert_ok!(OtcEscrow::close_advert(RuntimeOrigin::signed(OTHER), b));
		assert!(Adverts::<Test>::get(b.to_be_bytes()).is_some());
		assert_eq!(page_ids(&OtcEscrow::advert_page(USDT, None, None, 10)), vec![a]);
		// A paused advert that closes leaves the book as it was.
		assert_ok!(OtcEscrow::pause_advert(RuntimeOrigin::signed(SELLER), a));
		assert_ok!(OtcEscrow::close_advert(RuntimeOrigin::signed(SELLER), a));
		assert!(OtcEscrow::advert_page(USDT, None, None, 10).adverts.is_empty());
		assert_eq!(OpenAdverts::<Test>::iter().count(), 1);
	});
}

#[test]
fn pages_go_by_id_with_a_cursor_a_currency_filter_and_a_cap() {
	run_test(|| {
		// 300 adverts with ids across a byte boundary (255 -> 256), every third in USD, from 75
		// sellers (4 adverts each, the mock's cap).
		let mut eur = Vec::new();
		let mut usd = Vec::new();
		for i in 0..300u64 {
			let currency = if i % 3 == 0 { *b"USD" } else { EUR };
			let id = book_advert(i, 100, currency);
			if currency == EUR {
				eur.push(id)
			} else {
				usd.push(id)
			}
		}
		// Pausing takes an advert out of every page.
		let paused = eur.remove(100);
		assert_ok!(OtcEscrow::pause_advert(RuntimeOrigin::signed(100 + paused / 4), paused));

		// Walk the whole book in pages of 7.
		let mut seen = Vec::new();
		let mut after = None;
		loop {
			let page = OtcEscrow::advert_page(USDT, None, after, 7);
			assert!(page.adverts.len() <= 7);
			seen.extend(page_ids(&page));
			match page.next {
				Some(next) => after = Some(next),
				None => break,
			}
		}
		let mut all: Vec<AdvertId> = eur.iter().chain(usd.iter()).copied().collect();
		all.sort();
		assert_eq!(seen, all);

		// Filtered by currency.
		let page = OtcEscrow::advert_page(USDT, Some(*b"USD"), None, MAX_PAGE);
		assert_eq!(page_ids(&page), usd);
		// The page is full and the book goes on (in EUR): the cursor says so; the next page is
		// empty and ends the walk.
		assert_eq!(page.next, usd.last().copied());
		let rest = OtcEscrow::advert_page(USDT, Some(*b"USD"), page.next, MAX_PAGE);
		assert!(rest.adverts.is_empty() && rest.next.is_none());
		let page = OtcEscrow::advert_page(USDT, Some(*b"USD"), Some(usd[9]), 5);
		assert_eq!(page_ids(&page), usd[10..15].to_vec());
		assert_eq!(page.next, Some(usd[14]));
		assert!(page.adverts.iter().all(|(_, a)| a.currency == *b"USD"));
		// After the last id: empty, no cursor.
		let last = *all.last().unwrap();
		let page = OtcEscrow::advert_page(USDT, None, Some(last), 10);
		assert!(page.adverts.is_empty() && page.next.is_none());
		// A full page whose last advert ends the book still says so.
		let page = OtcEscrow::advert_page(USDT, None, Some(all[all.len() - 3]), 2);
		assert_eq!(page_ids(&page), all[all.len() - 2..].to_vec());
		assert_eq!(page.next, None);
		// The limit is capped; zero gives nothing.
		assert_eq!(
			OtcEscrow::advert_page(USDT, None, None, 10_000).adverts.len(),
			MAX_PAGE as usize
		);
		assert!(OtcEscrow::advert_page(USDT, None, None, 0).adverts.is_empty());
		// Another asset's book is empty.
		assert!(OtcEscrow::advert_page(NATIVE, None, None, 10).adverts.is_empty());
	});
}

#[test]
fn a_filtered_page_stops_at_the_scan_cap_with_a_cursor() {
	run_test(|| {
		let total = MAX_PAGE_SCAN as u64 + 20;
		for i in 0..total {
			// Only the very last advert is in USD.
			book_advert(i, 1_000, if i == total - 1 { *b"USD" } else { EUR });
		}
		let first = OtcEscrow::advert_page(USDT, Some(*b"USD"), None, 10);
		assert!(first.adverts.is_empty());
		assert_eq!(first.next, Some(MAX_PAGE_SCAN as u64 - 1));
		let second = OtcEscrow::advert_page(USDT, Some(*b"USD"), first.next, 10);
		assert_eq!(page_ids(&second), vec![total - 1]);
		assert_eq!(second.next, None);
	});
}

#[test]
fn account_reads_and_escrow_summary() {
	run_test(|| {
		let a = create(SELLER, USDT, 100 * USDT_UNIT);
		let b = create(OTHER, USDT, 100 * USDT_UNIT);
		let o1 = open(BUYER, a, 10 * USDT_UNIT);
		let o2 = open(OTHER, a, 20 * USDT_UNIT);
		let o3 = open(BUYER, b, 30 * USDT_UNIT);

		let ids =
			|v: Vec<(u64, OrderOf<Test>)>| v.into_iter().map(|(id, _)| id).collect::<Vec<_>>();
		assert_eq!(ids(OtcEscrow::account_orders(&BUYER)), vec![o1, o3]);
		assert_eq!(ids(OtcEscrow::account_orders(&SELLER)), vec![o1, o2]);
		// OTHER buys from SELLER and sells to BUYER.
		assert_eq!(ids(OtcEscrow::account_orders(&OTHER)), vec![o2, o3]);
		assert!(OtcEscrow::account_orders(&NO_KYC).is_empty());
		let adverts: Vec<_> =
			OtcEscrow::account_adverts(&SELLER).into_iter().map(|(id, _)| id).collect();
		assert_eq!(adverts, vec![a]);

		let summary = OtcEscrow::escrow_summary();
		assert_eq!(summary.account, OtcEscrow::escrow_account());
		assert_eq!(summary.fee_destination, TREASURY);
		assert_eq!(summary.trade_fee_bps, TradeFeeBps::<Test>::get());
		assert_eq!(summary.holdings.len(), 1);
		let h = &summary.holdings[0];
		assert_eq!((h.asset.clone(), h.owed, h.fees), (USDT, 200 * USDT_UNIT, 0));
		assert_eq!(h.held, bal(USDT, OtcEscrow::escrow_account()));
		assert!(h.held >= h.owed);

		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), o1));
		assert_eq!(ids(OtcEscrow::account_orders(&BUYER)), vec![o3]);
		let h = &OtcEscrow::escrow_summary().holdings[0];
		// 10 bps of the 10 USDT released stay in escrow as fees.
		assert_eq!((h.owed, h.fees), (190 * USDT_UNIT, 10 * USDT_UNIT / 1_000));
		assert_eq!(h.held, h.owed + h.fees + USDT_MIN);
	});
}

// ---------------------------------------------------------------------------------------------
// Property test
// ---------------------------------------------------------------------------------------------

/// A small deterministic generator (xorshift64*), so failures reproduce from the seed.
struct Rng(u64);
impl Rng {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n.max(1)
	}
	fn pick<T: Clone>(&mut self, items: &[T]) -> T {
		items[self.below(items.len() as u64) as usize].clone()
	}
}

/// FRESH holds no USDT until its first payout (which waits for a claim) or until the test
/// gives it some; the test takes its USDT away again from time to time.
const TRADERS: [AccountId; 4] = [SELLER, BUYER, OTHER, FRESH];
const WATCHED: [AccountId; 5] = [SELLER, BUYER, OTHER, FRESH, TREASURY];
const ASSETS: [AssetKind; 2] = [NATIVE, USDT];

/// Free balance plus what escrow holds for the account: its adverts' available and in-order
/// amounts, its payouts waiting to be claimed, and for the fee destination the fees kept in
/// escrow.
fn holdings(who: AccountId, asset: AssetKind) -> i128 {
	let escrowed: Balance = Adverts::<Test>::iter_values()
		.filter(|a| a.seller == who && a.asset == asset)
		.map(|a| a.available + a.in_orders)
		.sum();
	let waiting: Balance = Orders::<Test>::iter_values()
		.filter(|o| o.buyer == who && o.asset == asset && o.status == OrderStatus::PayoutWaiting)
		.map(|o| o.amount)
		.sum();
	let escrowed = escrowed + waiting;
	let fees = if who == TREASURY { EscrowTotals::<Test>::get(asset.clone()).fees } else { 0 };
	(bal(asset, who) + escrowed + fees) as i128
}

/// One random call, dispatched as an extrinsic would be (in a storage layer).
fn random_call(rng: &mut Rng) -> (RuntimeOrigin, RuntimeCall) {
	let adverts: Vec<AdvertId> =
		Adverts::<Test>::iter_keys().map(AdvertId::from_be_bytes).collect();
	let orders: Vec<OrderId> = Orders::<Test>::iter_keys().map(OrderId::from_be_bytes).collect();
	let advert = if adverts.is_empty() { 0 } else { rng.pick(&adverts) };
	let order = if orders.is_empty() { 0 } else { rng.pick(&orders) };
	// Mostly the party a call expects (so that many calls succeed), sometimes anyone.
	let any = rng.pick(&TRADERS);
	let seller_of_advert = Adverts::<Test>::get(advert.to_be_bytes()).map(|a| a.seller);
	let parties = Orders::<Test>::get(order.to_be_bytes()).map(|o| (o.buyer, o.seller));
	let fitting = rng.below(4) != 0;
	let as_seller =
		|fallback| if fitting { seller_of_advert.unwrap_or(fallback) } else { fallback };
	let as_buyer =
		|fallback| if fitting { parties.map(|p| p.0).unwrap_or(fallback) } else { fallback };
	let as_order_seller =
		|fallback| if fitting { parties.map(|p| p.1).unwrap_or(fallback) } else { fallback };
	let who = any;
	let amount = (1 + rng.below(300)) as Balance * USDT_UNIT / 2;
	let (who, call) = match rng.below(17) {
		0 | 1 => (
			who,
			Call::create_advert {
				asset: rng.pick(&ASSETS),
				amount: amount * 4,
				price: 50 + rng.below(100) as u128,
				currency: EUR,
				min_order: USDT_UNIT,
				max_order: 200 * USDT_UNIT,
				payment_methods: methods(&["SEPA"]),
				payment_window: 5 + rng.below(20),
				min_buyer_level: KycLevel::None,
				terms_hash: None,
			},
		),
		2 => (as_seller(who), Call::top_up_advert { advert_id: advert, amount }),
		3 => (as_seller(who), Call::withdraw_from_advert { advert_id: advert, amount }),
		4 => (as_seller(who), Call::pause_advert { advert_id: advert }),
		5 => (as_seller(who), Call::resume_advert { advert_id: advert }),
		6 => (as_seller(who), Call::close_advert { advert_id: advert }),
		7 | 8 => (
			who,
			Call::open_order {
				advert_id: advert,
				amount: amount / 4,
				payment_method: m("SEPA"),
				max_price: u128::MAX,
			},
		),
		9 => (as_buyer(who), Call::mark_paid { order_id: order, payment_ref: None }),
		10 => (as_order_seller(who), Call::release { order_id: order }),
		11 => (as_buyer(who), Call::cancel_order { order_id: order }),
		12 => {
			let party = if rng.below(2) == 0 { as_buyer(who) } else { as_order_seller(who) };
			(party, Call::open_dispute { order_id: order, evidence: H256::zero() })
		},
		13 => (who, Call::sweep_fees { asset: rng.pick(&ASSETS) }),
		14 => {
			// Mostly a closed advert whose orders have all ended, if there is one.
			let empty = Adverts::<Test>::iter()
				.find(|(_, a)| a.status == AdvertStatus::Closed && a.orders.is_empty())
				.map(|(key, _)| AdvertId::from_be_bytes(key));
			let advert_id = if fitting { empty.unwrap_or(advert) } else { advert };
			(who, Call::reap_advert { advert_id })
		},
		15 => {
			// Mostly an order whose payout waits, if there is one.
			let waiting = Orders::<Test>::iter()
				.find(|(_, o)| o.status == OrderStatus::PayoutWaiting)
				.map(|(key, _)| OrderId::from_be_bytes(key));
			let order_id = if fitting { waiting.unwrap_or(order) } else { order };
			(who, Call::claim_payout { order_id })
		},
		_ => {
			let bps = rng.pick(&[0u16, 2_500, 5_000, 6_000, 10_000]);
			return (
				RuntimeOrigin::root(),
				Call::resolve_dispute { order_id: order, buyer_share_bps: bps }.into(),
			);
		},
	};
	(RuntimeOrigin::signed(who), call.into())
}

#[test]
fn random_sequences_keep_every_invariant() {
	for seed in [1u64, 0xDEAD_BEEF, 0x5EED_0F0C, 42] {
		new_test_ext().execute_with(|| {
			let mut rng = Rng(seed);
			let issuance: Vec<Balance> =
				ASSETS.iter().map(|a| Union::total_issuance(a.clone())).collect();
			let mut successes = 0;
			let mut reaped = 0;
			let (mut waited, mut claimed) = (0, 0);
			let mut outcomes = std::collections::HashSet::new();
			for step in 0..2_000 {
				System::reset_events();
				let before: Vec<i128> = WATCHED
					.iter()
					.flat_map(|w| ASSETS.iter().map(move |a| holdings(*w, a.clone())))
					.collect();

				// USDT moved outside the pallet: (from, to, amount).
				let mut moved = None;
				if rng.below(8) == 0 {
					run_to_block(System::block_number() + 1 + rng.below(8));
				} else if rng.below(24) == 0 {
					let all = bal(USDT, FRESH);
					if all > 0 {
						give_usdt(FRESH, OTHER, all);
						moved = Some((FRESH, OTHER, all));
					}
				} else {
					let (origin, call) = random_call(&mut rng);
					let result = frame_support::storage::with_storage_layer(|| {
						call.clone().dispatch_bypass_filter(origin)
					});
					if result.is_ok() {
						successes += 1;
						if matches!(call, RuntimeCall::OtcEscrow(Call::reap_advert { .. })) {
							reaped += 1;
						}
						if matches!(call, RuntimeCall::OtcEscrow(Call::claim_payout { .. })) {
							claimed += 1;
						}
					}
				}

				OtcEscrow::do_try_state()
					.unwrap_or_else(|e| panic!("seed {seed} step {step}: try_state: {e:?}"));
				assert_escrow_exact();
				for (i, a) in ASSETS.iter().enumerate() {
					assert_eq!(
						Union::total_issuance(a.clone()),
						issuance[i],
						"seed {seed} step {step}: mint or burn"
					);
				}
				// Holdings move only by settlements, between the parties of each trade.
				let mut expected = before.clone();
				let usdt = ASSETS.iter().position(|a| *a == USDT).unwrap();
				let at = |w: AccountId, ai: usize| {
					WATCHED.iter().position(|x| *x == w).unwrap() * ASSETS.len() + ai
				};
				if let Some((from, to, amount)) = moved {
					expected[at(from, usdt)] -= amount as i128;
					expected[at(to, usdt)] += amount as i128;
				}
				for record in System::events() {
					if let RuntimeEvent::OtcEscrow(Event::PayoutWaiting { .. }) = record.event {
						waited += 1;
					}
					if let RuntimeEvent::OtcEscrow(Event::OrderSettled {
						buyer,
						seller,
						asset,
						to_buyer,
						fee,
						to_seller,
						to_advert,
						outcome,
						..
					}) = record.event
					{
						outcomes.insert(core::mem::discriminant(&outcome));
						let ai = ASSETS.iter().position(|a| *a == asset).unwrap();
						let idx = |w: AccountId| at(w, ai);
						let paid_out = (to_buyer + fee) as i128;
						let seller_loss = paid_out; // the seller's escrow (or refund) covers the rest
						let _ = (to_seller, to_advert);
						expected[idx(buyer)] += to_buyer as i128;
						expected[idx(TREASURY)] += fee as i128;
						expected[idx(seller)] -= seller_loss;
					}
				}
				let after: Vec<i128> = WATCHED
					.iter()
					.flat_map(|w| ASSETS.iter().map(move |a| holdings(*w, a.clone())))
					.collect();
				assert_eq!(
					after, expected,
					"seed {seed} step {step}: holdings moved outside trades"
				);
			}
			assert!(
				successes > 500,
				"seed {seed}: only {successes} calls succeeded; the test explores too little"
			);
			assert!(reaped > 0, "seed {seed}: no closed advert was reaped");
			assert!(
				waited > 0 && claimed > 0,
				"seed {seed}: {waited} payouts waited and {claimed} were claimed"
			);
			assert_eq!(
				outcomes.len(),
				4,
				"seed {seed}: every outcome (release, cancel, expiry, resolve) occurs"
			);
		});
	}
}

// ---------------------------------------------------------------------------------------------
// Cost at scale (a measurement, run by scripts/bench.sh; see docs/performance.md)
// ---------------------------------------------------------------------------------------------

mod scale {
	use super::*;
	use codec::Encode;
	use frame_support::traits::fungibles::Mutate;
	use std::time::{Duration, Instant};

	/// Trades measured at each scale, in each round.
	const TRADES: u64 = 128;
	/// Rounds of trades and pages on each state, the two states in turn; the fastest round is
	/// reported, so that a burst of load from the machine's neighbours does not count as a cost
	/// of the state.
	const ROUNDS: u64 = 5;

	/// Puts `n` open adverts and `n` open orders (one per advert, distinct sellers and buyers)
	/// into storage directly, with their indexes, statistics and expiry entries: what `n` calls
	/// would leave, without the per-account caps of the mock.
	fn fill(n: u64) {
		let methods: MethodsOf<Test> = methods(&["SEPA"]).try_into().unwrap();
		for i in 0..n {
			let (seller, buyer) = (1_000_000 + i, 9_000_000 + i);
			Adverts::<Test>::insert(
				i.to_be_bytes(),
				Advert {
					seller,
					asset: USDT,
					decimals: 6,
					price: PRICE,
					currency: EUR,
					min_order: 10 * USDT_UNIT,
					max_order: 1_000 * USDT_UNIT,
					available: 90 * USDT_UNIT,
					in_orders: 10 * USDT_UNIT,
					payment_methods: methods.clone(),
					payment_window: WINDOW,
					min_buyer_level: KycLevel::None,
					terms_hash: None,
					status: AdvertStatus::Open,
					orders: BoundedVec::truncate_from(vec![i]),
					sales: SalesStats::default(),
					created_at: 1,
				},
			);
			OpenAdverts::<Test>::insert(USDT, i.to_be_bytes(), ());
			Traders::<Test>::insert(
				seller,
				Trader {
					adverts: BoundedVec::truncate_from(vec![i]),
					orders: Default::default(),
					stats: TradeStats { sold: 3, ..Default::default() },
				},
			);
			Orders::<Test>::insert(
				i.to_be_bytes(),
				Order {
					advert_id: i,
					seller,
					buyer,
					asset: USDT,
					amount: 10 * USDT_UNIT,
					price: PRICE,
					currency: EUR,
					fiat_total: 920,
					fee_bps: 10,
					payment_method: m("SEPA"),
					status: OrderStatus::AwaitingPayment,
					opened_at: 1,
					pay_by: 1_000_000,
					expiry_slot: 1_000_001 + i,
					paid_at: None,
					payment_ref: None,
					dispute: None,
				},
			);
			Traders::<Test>::insert(
				buyer,
				Trader {
					adverts: Default::default(),
					orders: BoundedVec::truncate_from(vec![i]),
					stats: TradeStats { bought: 2, ..Default::default() },
				},
			);
			ExpiryQueue::<Test>::insert(1_000_001 + i, i, ());
		}
		NextAdvertId::<Test>::put(n);
		NextOrderId::<Test>::put(n);
		let owed = u128::from(n) * 100 * USDT_UNIT;
		assert_ok!(Union::mint_into(USDT, &OtcEscrow::escrow_account(), owed));
		EscrowTotals::<Test>::insert(USDT, EscrowTotal { owed, fees: 0 });
	}

	/// Mean wall time of each call over `TRADES` trades and of a 100-advert book page (the
	/// fastest of `ROUNDS` rounds), and the proof size (bytes of trie nodes read) of one
	/// `open_order` and one `release`.
	struct Costs {
		open_order: Duration,
		mark_paid: Duration,
		release: Duration,
		page: Duration,
		open_order_proof: usize,
		release_proof: usize,
	}

	/// A state with `n` adverts and orders and the sellers and adverts of the measured trades.
	struct Scale {
		n: u64,
		ext: sp_io::TestExternalities,
		adverts: Vec<AdvertId>,
		best: Option<[Duration; 4]>,
	}

	fn buyer(k: u64) -> AccountId {
		60_000 + k
	}

	impl Scale {
		fn new(n: u64) -> Self {
			let mut ext = new_test_ext();
			ext.execute_with(|| fill(n));
			ext.commit_all().unwrap();
			// Sellers and adverts for the measured trades (4 adverts of 4 orders a round each
			// per seller), with enough for every round. The buyers hold some USDT, so that every
			// release pays them at once (the path `release` is weighed on) rather than leaving
			// the payout for a claim.
			let adverts: Vec<AdvertId> = ext.execute_with(|| {
				for k in 0..TRADES {
					assert_ok!(Union::mint_into(USDT, &buyer(k), USDT_UNIT));
				}
				(0..TRADES / 4)
					.map(|k| {
						let seller = 50_000 + k / 4;
						if k % 4 == 0 {
							assert_ok!(Union::mint_into(USDT, &seller, 10_000 * USDT_UNIT));
						}
						create(seller, USDT, 1_000 * USDT_UNIT)
					})
					.collect()
			});
			ext.commit_all().unwrap();
			Scale { n, ext, adverts, best: None }
		}

		/// Mean time per call of `TRADES` calls of `f`.
		fn timed(&mut self, f: &dyn Fn(u64)) -> Duration {
			self.ext.execute_with(|| {
				let start = Instant::now();
				for k in 0..TRADES {
					f(k);
				}
				start.elapsed() / TRADES as u32
			})
		}

		/// Round `round`: `TRADES` trades and pages; keeps the fastest time of each.
		fn round(&mut self, round: u64) {
			let (n, first) = (self.n, round * TRADES);
			let order_id = |k: u64| n + first + k;
			let adverts = self.adverts.clone();
			let open_order = self.timed(&|k| {
				// A new block for each order spreads the expiry queue, as the chain does.
				System::set_block_number(10 + first + k);
				assert_ok!(OtcEscrow::open_order(
					RuntimeOrigin::signed(buyer(k)),
					adverts[(k / 4) as usize],
					10 * USDT_UNIT,
					m("SEPA"),
					PRICE
				));
			});
			let mark_paid = self.timed(&|k| {
				// Within the order's payment window.
				System::set_block_number(10 + first + k);
				assert_ok!(OtcEscrow::mark_paid(
					RuntimeOrigin::signed(buyer(k)),
					order_id(k),
					None
				));
			});
			let release = self.timed(&|k| {
				let seller = 50_000 + k / 16;
				assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(seller), order_id(k)));
			});
			let page = self.timed(&|k| {
				// From the middle of the book when it is large enough.
				let after = if n >= 1_000 { n / 2 + k } else { k % 20 };
				let page = OtcEscrow::advert_page(USDT, None, Some(after), 100);
				assert_eq!(page.adverts.len(), 100);
			});
			self.ext.commit_all().unwrap();
			let this = [open_order, mark_paid, release, page];
			self.best = Some(match self.best {
				Some(b) => core::array::from_fn(|i| b[i].min(this[i])),
				None => this,
			});
		}

		/// The fastest round's times and the proof sizes of one more trade on the committed
		/// state, without the events of the rounds (a block starts with none; appending to them
		/// would put them all in the proof).
		fn costs(mut self) -> Costs {
			let [open_order, mark_paid, release, page] = self.best.expect("a round was run");
			self.ext.execute_with(System::reset_events);
			self.ext.commit_all().unwrap();
			let (k, advert) = (ROUNDS * TRADES, self.adverts[0]);
			let order_id = self.n + k;
			let (_, proof) = self.ext.execute_and_prove(|| {
				assert_ok!(OtcEscrow::open_order(
					RuntimeOrigin::signed(buyer(k)),
					advert,
					10 * USDT_UNIT,
					m("SEPA"),
					PRICE
				));
			});
			let open_order_proof = proof.encoded_size();
			self.ext.commit_all().unwrap();
			let (_, proof) = self.ext.execute_and_prove(|| {
				assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(50_000), order_id));
			});
			let release_proof = proof.encoded_size();
			self.ext
				.execute_with(|| OtcEscrow::do_try_state().expect("try_state holds at scale"));
			Costs { open_order, mark_paid, release, page, open_order_proof, release_proof }
		}
	}

	#[test]
	#[ignore = "a measurement of about a minute: scripts/bench.sh runs it"]
	fn costs_at_100_000_adverts_and_orders_match_costs_at_100() {
		// A first round warms caches and the allocator; it is not reported. Then the two states
		// take turns, round by round, so that the machine's slow and fast phases fall on both.
		let mut warm = Scale::new(100);
		warm.round(0);
		let (mut small, mut large) = (Scale::new(100), Scale::new(100_000));
		for round in 0..ROUNDS {
			small.round(round);
			large.round(round);
		}
		let (small, large) = (small.costs(), large.costs());
		let us = |d: Duration| d.as_secs_f64() * 1e6;
		println!("| state | open_order | mark_paid | release | book page (100) | open_order proof | release proof |");
		println!("|---|---|---|---|---|---|---|");
		for (n, c) in [(100, &small), (100_000, &large)] {
			println!(
				"| {n} adverts + {n} orders | {:.1} us | {:.1} us | {:.1} us | {:.1} us | {} B | {} B |",
				us(c.open_order), us(c.mark_paid), us(c.release), us(c.page), c.open_order_proof, c.release_proof
			);
		}
		let ratio = |a: Duration, b: Duration| us(b) / us(a);
		println!(
			"ratios 100k/100: open_order {:.2}, mark_paid {:.2}, release {:.2}, page {:.2}, proofs {:.2} / {:.2}",
			ratio(small.open_order, large.open_order),
			ratio(small.mark_paid, large.mark_paid),
			ratio(small.release, large.release),
			ratio(small.page, large.page),
			large.open_order_proof as f64 / small.open_order_proof as f64,
			large.release_proof as f64 / small.release_proof as f64,
		);
		// A cost that grew with the state (a scan, an unbounded read) would be hundreds of times
		// larger at 100 000; a trie two levels deeper costs a little: most for the page, whose
		// every step seeks the next key from the trie's root.
		for (name, a, b, bound) in [
			("open_order", small.open_order, large.open_order, 2.0),
			("release", small.release, large.release, 2.0),
			("page", small.page, large.page, 3.0),
		] {
			assert!(ratio(a, b) < bound, "{name} grew {:.2}x from 100 to 100 000", ratio(a, b));
		}
	}
}

/// No trade fee, a USDT advert of one order's worth plus half a minimum balance, and that order:
/// releasing it leaves escrow half a minimum balance beyond its reserve. Returns the escrow
/// account, the advert, the order and its amount.
fn order_leaving_half_a_minimum() -> (AccountId, AdvertId, OrderId, Balance) {
	assert_ok!(OtcEscrow::set_trade_fee(RuntimeOrigin::root(), 0));
	let amount = 10 * USDT_UNIT;
	let id = create(SELLER, USDT, amount + USDT_MIN / 2);
	let order = open(BUYER, id, amount);
	(OtcEscrow::escrow_account(), id, order, amount)
}

/// Escrow's balance of an asset is what it owes plus the fees it keeps plus the asset's minimum
/// balance, its reserve: whatever is paid out, what is left never drops below that minimum, so
/// `pallet-assets` never removes escrow's account of the asset and burns what is left of it.
#[test]
fn what_escrow_owes_survives_a_payout_that_leaves_less_than_the_minimum_balance() {
	run_test(|| {
		let (escrow, id, order, amount) = order_leaving_half_a_minimum();
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		assert_eq!(bal(USDT, BUYER), START_USDT + amount);
		assert_eq!(Adverts::<Test>::get(id.to_be_bytes()).unwrap().available, USDT_MIN / 2);
		assert_eq!(bal(USDT, escrow), USDT_MIN + USDT_MIN / 2);
		// The seller gets the rest back.
		assert_ok!(OtcEscrow::close_advert(RuntimeOrigin::signed(SELLER), id));
		assert_eq!(bal(USDT, escrow), USDT_MIN);
	});
}

/// Escrow pays out keeping its reserve: if the reserve were gone (here the asset's admin burns
/// it, a `pallet-assets` power), a payout that would leave escrow less than the minimum balance
/// fails and changes nothing, rather than remove escrow's account and burn what it still owes.
#[test]
fn a_payout_that_would_eat_into_escrow_s_reserve_fails_and_changes_nothing() {
	run_test(|| {
		let (escrow, _, order, amount) = order_leaving_half_a_minimum();
		// SELLER is USDT's admin in the mock.
		assert_ok!(Assets::burn(RuntimeOrigin::signed(SELLER), USDT_ID, escrow, USDT_MIN));
		assert_noop!(
			OtcEscrow::release(RuntimeOrigin::signed(SELLER), order),
			pallet_assets::Error::<Test>::BalanceLow
		);
		// With the reserve back, the same release goes through.
		assert_ok!(<Assets as frame_support::traits::fungibles::Mutate<AccountId>>::mint_into(
			USDT_ID, &escrow, USDT_MIN
		));
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		assert_eq!(bal(USDT, BUYER), START_USDT + amount);
		assert_eq!(bal(USDT, escrow), USDT_MIN + USDT_MIN / 2);
	});
}

/// `NativeOrAssets` (what the runtime and this mock move escrow's assets with) does what the
/// generic `fungibles::Mutate::transfer` does: the same state (balances, accounts created or
/// removed, the asset's details, events) when it succeeds, nothing when it fails.
#[test]
fn escrow_s_transfer_matches_the_generic_fungibles_transfer() {
	use crate::transfer::{NativeOrAssets, ViaMutate};
	use frame_support::traits::tokens::Preservation::{self, Expendable, Preserve};
	type Direct = NativeOrAssets<Balances, Test>;
	type Generic = ViaMutate<Union>;
	const NEW: AccountId = 99;
	run_test(|| {
		assert_ok!(Assets::freeze(RuntimeOrigin::signed(SELLER), USDT_ID, OTHER));
		let cases: [(AssetKind, AccountId, AccountId, Balance, Preservation, bool); 11] = [
			(USDT, SELLER, BUYER, 5 * USDT_UNIT, Preserve, true),
			(USDT, SELLER, NEW, USDT_MIN, Preserve, true),
			(USDT, SELLER, NEW, USDT_MIN - 1, Preserve, false),
			(USDT, SELLER, BUYER, START_USDT, Expendable, true),
			(USDT, SELLER, BUYER, START_USDT, Preserve, false),
			(USDT, SELLER, BUYER, START_USDT - USDT_MIN / 2, Preserve, false),
			(USDT, SELLER, BUYER, START_USDT + 1, Expendable, false),
			(USDT, NEW, BUYER, 1, Expendable, false),
			(USDT, OTHER, BUYER, 1, Expendable, false),
			(NATIVE, SELLER, NEW, ED, Preserve, true),
			(NATIVE, SELLER, BUYER, START_NATIVE, Preserve, false),
		];
		let root = || sp_io::storage::root(sp_runtime::StateVersion::V1);
		for (asset, from, to, amount, preservation, succeeds) in cases {
			// Runs a transfer (none, the direct one or the generic one) in a storage layer that
			// is rolled back; returns what it saw in the layer.
			let run = |how: Option<bool>| {
				let mut seen = None;
				let _ = frame_support::storage::with_storage_layer::<(), DispatchError, _>(|| {
					let result = match how {
						None => Ok(()),
						Some(true) => Direct::transfer(&asset, &from, &to, amount, preservation),
						Some(false) => Generic::transfer(&asset, &from, &to, amount, preservation),
					};
					seen = Some((
						result.is_ok(),
						root(),
						bal(asset.clone(), from),
						bal(asset.clone(), to),
					));
					Err(DispatchError::Other("rolled back"))
				});
				seen.expect("the layer ran")
			};
			let case = format!("{asset:?} {from} -> {to}, {amount}, {preservation:?}");
			let (untouched, direct) = (run(None), run(Some(true)));
			assert_eq!(direct, run(Some(false)), "{case}");
			assert_eq!(direct.0, succeeds, "{case}");
			assert_eq!(direct.1 == untouched.1, !succeeds, "{case}: a failure changes nothing");
		}
	});
}
