//! Orders: opening, refusals, caps, fiat totals, marking paid.

use super::*;
use crate::mock::*;
use frame_support::{assert_noop, assert_ok};
use pallet_kyc_registry::KycLevel;
use sp_core::H256;

#[test]
fn open_order_records_fiat_total_and_deadline() {
	run_test(|| {
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		System::set_block_number(7);
		// 123.456789 USDT at 0.92 EUR = 113.58024588 EUR -> rounded up to 11 359 cents.
		let amount = 123_456_789;
		let order_id = open(BUYER, id, amount);
		let order = Orders::<Test>::get(order_id).unwrap();
		assert_eq!((order.fiat_total, order.pay_by, order.deadline()), (11_359, 17, Some(18)));
		assert_eq!(order.status, OrderStatus::AwaitingPayment);
		assert!(Deadlines::<Test>::contains_key(18, order_id));
		assert_eq!(Traders::<Test>::get(BUYER).orders.to_vec(), vec![order_id]);
		let advert = Adverts::<Test>::get(id).unwrap();
		assert_eq!(advert.orders.to_vec(), vec![order_id]);
		assert_eq!((advert.available, advert.in_orders), (500 * USDT_UNIT - amount, amount));
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
				currency: cur("EUR"),
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
		let refused = |who, advert, amount, method: &str, terms_version, error: Error<Test>| {
			let call = Call::<Test>::open_order {
				advert_id: advert,
				amount,
				payment_method: m(method),
				terms_version,
			};
			assert_refused_untouched(RuntimeOrigin::signed(who), call, error);
		};
		let u = USDT_UNIT;
		refused(BUYER, 9, 10 * u, "SEPA", 0, Error::UnknownAdvert);
		refused(SELLER, id, 10 * u, "SEPA", 0, Error::SelfTrade);
		refused(NO_KYC, id, 10 * u, "SEPA", 0, Error::BuyerKycTooLow);
		set_kyc(OTHER, KycLevel::Basic);
		refused(OTHER, id, 10 * u, "SEPA", 0, Error::BuyerKycTooLow);
		refused(BUYER, id, 10 * u, "SEPA", 1, Error::TermsChanged);
		refused(BUYER, id, 10 * u - 1, "SEPA", 0, Error::AmountOutOfLimits);
		refused(BUYER, id, 1_000 * u + 1, "SEPA", 0, Error::AmountOutOfLimits);
		refused(BUYER, id, 10 * u, "WIRE", 0, Error::PaymentMethodNotAccepted);
		refused(BUYER, id, 101 * u, "SEPA", 0, Error::InsufficientAvailable);
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
		let order = |who, advert| {
			OtcEscrow::open_order(RuntimeOrigin::signed(who), advert, 10 * USDT_UNIT, m("SEPA"), 0)
		};
		assert_noop!(order(BUYER, b), Error::<Test>::TooManyOrders);
		assert_noop!(order(OTHER, a), Error::<Test>::TooManyOrdersOnAdvert);
		// Orders opened in the same block with the same window are all due in the same block,
		// however many (more than the 4 the mock's hook expires at once).
		let fifth = open(OTHER, b, 10 * USDT_UNIT);
		let due = Orders::<Test>::get(fifth).unwrap().deadline().unwrap();
		assert_eq!(Deadlines::<Test>::iter_key_prefix(due).count(), 5);
	});
}

#[test]
fn fiat_totals_beyond_128_bits_are_refused() {
	run_test(|| {
		let unit = 1_000_000_000_000;
		let t = AdvertTerms { price: u128::MAX, min_order: unit, max_order: 3 * unit, ..terms() };
		assert_ok!(OtcEscrow::create_advert(RuntimeOrigin::signed(SELLER), NATIVE, 3 * unit, t));
		// Two whole tokens at u128::MAX cents each: beyond 128 bits.
		assert_noop!(
			OtcEscrow::open_order(RuntimeOrigin::signed(BUYER), 0, 2 * unit, m("SEPA"), 0),
			Error::<Test>::Overflow
		);
	});
}

#[test]
fn mark_paid_within_the_window_by_the_buyer() {
	run_test(|| {
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		let order = open(BUYER, id, 10 * USDT_UNIT);
		let signed = RuntimeOrigin::signed;
		assert_noop!(OtcEscrow::mark_paid(signed(OTHER), order, None), Error::<Test>::NotBuyer);
		assert_noop!(OtcEscrow::mark_paid(signed(BUYER), 77, None), Error::<Test>::UnknownOrder);
		let proof = Some(H256::repeat_byte(3));
		System::set_block_number(3);
		assert_ok!(OtcEscrow::mark_paid(signed(BUYER), order, proof));
		assert_eq!(last_event(), Event::OrderPaid { order_id: order, payment_ref: proof }.into());
		assert_eq!(
			Orders::<Test>::get(order).unwrap().status,
			OrderStatus::Paid { at: 3, payment_ref: proof, dispute_from: 3 + RELEASE_WINDOW }
		);
		assert_noop!(
			OtcEscrow::mark_paid(signed(BUYER), order, None),
			Error::<Test>::WrongOrderStatus
		);
		// pay_by is the last block it may; after it, too late.
		let late = open(BUYER, id, 10 * USDT_UNIT);
		System::set_block_number(3 + WINDOW + 1);
		assert_noop!(
			OtcEscrow::mark_paid(signed(BUYER), late, None),
			Error::<Test>::PaymentWindowPassed
		);
		System::set_block_number(3 + WINDOW);
		assert_ok!(OtcEscrow::mark_paid(signed(BUYER), late, None));
	});
}

/// The order's rules are its methods: each state allows what it says, to whom it says.
#[test]
fn an_order_s_rules_by_state() {
	use crate::types::OrderRefusal::*;
	let order = |status| Order {
		advert_id: 0,
		seller: SELLER,
		buyer: BUYER,
		asset: USDT,
		amount: 10,
		price: PRICE,
		currency: cur("EUR"),
		fiat_total: 1,
		fee_bps: 0,
		payment_method: m("SEPA"),
		bond: 0,
		opened_at: 1u64,
		pay_by: 10,
		status,
	};
	let unpaid = order(OrderStatus::AwaitingPayment);
	let paid = order(OrderStatus::Paid { at: 5, payment_ref: None, dispute_from: 15 });
	let mut disputed = paid.clone();
	let ev = Some(H256::zero());
	assert_eq!(disputed.open_dispute(Some(&BUYER), 7, ev), Err(ReleaseWindowOpen));
	assert_eq!(disputed.open_dispute(Some(&OTHER), 7, ev), Err(NotParty));
	assert_eq!(disputed.open_dispute(Some(&SELLER), 7, ev), Ok(()));
	assert_eq!(
		disputed.status,
		OrderStatus::Disputed(Dispute {
			paid_at: 5,
			payment_ref: None,
			opened_by: Some(SELLER),
			opened_at: 7,
			buyer_evidence: None,
			seller_evidence: ev,
			stage: DisputeStage::Drawing,
		})
	);
	assert_eq!(unpaid.clone().open_dispute(Some(&SELLER), 7, ev), Err(WrongStatus));
	// The chain opens one once the release window has passed, the buyer may then too.
	let mut by_chain = paid.clone();
	assert_eq!(by_chain.open_dispute(None, 15, None), Ok(()));
	assert_eq!(by_chain.dispute().map(|d| d.opened_by), Ok(None));
	assert_eq!(paid.clone().open_dispute(Some(&BUYER), 15, ev), Ok(()));

	// Release: the seller, unless disputed.
	assert_eq!(unpaid.ensure_releasable_by(&SELLER), Ok(()));
	assert_eq!(paid.ensure_releasable_by(&BUYER), Err(NotSeller));
	assert_eq!(disputed.ensure_releasable_by(&SELLER), Err(WrongStatus));
	// Cancel: the buyer unless disputed; anyone once unpaid past pay_by (an expiry).
	assert_eq!(unpaid.cancellation_by(&BUYER, 10), Ok(Outcome::Cancelled));
	assert_eq!(unpaid.cancellation_by(&OTHER, 10), Err(NotBuyer));
	assert_eq!(unpaid.cancellation_by(&OTHER, 11), Ok(Outcome::Expired));
	assert_eq!(paid.cancellation_by(&OTHER, 11), Err(NotBuyer));
	assert_eq!(paid.cancellation_by(&BUYER, 11), Ok(Outcome::Cancelled));
	assert_eq!(disputed.cancellation_by(&BUYER, 11), Err(WrongStatus));
	// Expiry and resolution.
	assert!(!unpaid.is_expired(10) && unpaid.is_expired(11) && !paid.is_expired(11));
	assert_eq!(unpaid.deadline(), Some(11));
	assert!(disputed.dispute().is_ok());
	assert_eq!(paid.dispute(), Err(WrongStatus));
	// Deadlines: unpaid after pay_by, paid after the release window, a dispute's draw in the
	// next block.
	assert_eq!((paid.deadline(), disputed.deadline()), (Some(15), Some(8)));
	assert_eq!((unpaid.due(10), unpaid.due(11)), (None, Some(DeadlineStep::Expire)));
	assert_eq!((paid.due(14), paid.due(15)), (None, Some(DeadlineStep::Dispute)));
	assert_eq!(disputed.due(8), Some(DeadlineStep::Draw));
	// Deciding: governance (None) at any stage; an arbiter only when assigned, or once
	// escalated to every arbiter; never a party.
	assert_eq!(disputed.ensure_decidable_by(None), Ok(()));
	assert_eq!(disputed.ensure_decidable_by(Some(&ARBITER)), Err(NotAssignedArbiter));
	let mut assigned = disputed.clone();
	assigned.set_stage(DisputeStage::Assigned { arbiter: ARBITER, until: 20 });
	assert_eq!(assigned.deadline(), Some(20));
	assert_eq!(assigned.due(20), Some(DeadlineStep::Escalate));
	assert_eq!(assigned.ensure_decidable_by(Some(&ARBITER)), Ok(()));
	assert_eq!(assigned.ensure_decidable_by(Some(&OTHER)), Err(NotAssignedArbiter));
	assert_eq!(assigned.ensure_decidable_by(Some(&BUYER)), Err(ArbiterIsParty));
	assigned.set_stage(DisputeStage::Arbiters { until: 40 });
	assert_eq!(assigned.ensure_decidable_by(Some(&OTHER)), Ok(()));
	assigned.set_stage(DisputeStage::Governance);
	assert_eq!(assigned.deadline(), None);
	assert_eq!(assigned.ensure_decidable_by(Some(&ARBITER)), Err(EscalatedToGovernance));
	assert_eq!(assigned.ensure_decidable_by(None), Ok(()));
	// Evidence: each party its own, replaceable; strangers refused.
	assert_eq!(assigned.submit_evidence(&BUYER, H256::repeat_byte(1)), Ok(()));
	assert_eq!(assigned.submit_evidence(&OTHER, H256::repeat_byte(1)), Err(NotParty));
	assert_eq!(paid.clone().submit_evidence(&BUYER, H256::zero()), Err(WrongStatus));
	let d = assigned.dispute().unwrap();
	assert_eq!((d.buyer_evidence, d.seller_evidence), (Some(H256::repeat_byte(1)), ev));
}

#[test]
fn an_order_on_terms_that_changed_since_the_buyer_saw_them_is_refused() {
	run_test(|| {
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		assert_eq!(v(id), 0);
		// The buyer saw version 0; the seller front-runs with a longer payment window only.
		let t = AdvertTerms { payment_window: WINDOW + 5, ..terms() };
		assert_ok!(OtcEscrow::update_advert(RuntimeOrigin::signed(SELLER), id, t));
		assert_eq!(v(id), 1);
		let call = Call::<Test>::open_order {
			advert_id: id,
			amount: 10 * USDT_UNIT,
			payment_method: m("SEPA"),
			terms_version: 0,
		};
		assert_refused_untouched(RuntimeOrigin::signed(BUYER), call, Error::<Test>::TermsChanged);
		// Every change counts, whatever it touches (here the currency, then nothing at all).
		let t = AdvertTerms { currency: cur("USD"), payment_window: WINDOW + 5, ..terms() };
		assert_ok!(OtcEscrow::update_advert(RuntimeOrigin::signed(SELLER), id, t.clone()));
		assert_ok!(OtcEscrow::update_advert(RuntimeOrigin::signed(SELLER), id, t));
		assert_eq!(v(id), 3);
		assert_noop!(
			OtcEscrow::open_order(RuntimeOrigin::signed(BUYER), id, 10 * USDT_UNIT, m("SEPA"), 1),
			Error::<Test>::TermsChanged
		);
		// On the terms it saw, the order is opened.
		let order = open(BUYER, id, 10 * USDT_UNIT);
		assert_eq!(Orders::<Test>::get(order).unwrap().currency, cur("USD"));
	});
}
