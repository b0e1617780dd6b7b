//! Disputes: who may open one and when, and the arbiter's split.

use super::*;
use crate::mock::*;
use frame_support::{assert_noop, assert_ok};
use sp_core::H256;
use sp_runtime::DispatchError;

#[test]
fn a_dispute_is_opened_by_a_party_and_split_by_the_arbiter() {
	run_test(|| {
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		let order = open(BUYER, id, 100 * USDT_UNIT);
		let ev = H256::repeat_byte(9);
		let dispute = |who| OtcEscrow::open_dispute(RuntimeOrigin::signed(who), order, ev);
		// Not before it is paid.
		assert_noop!(dispute(SELLER), Error::<Test>::WrongOrderStatus);
		pay(BUYER, order);
		assert_noop!(dispute(OTHER), Error::<Test>::NotParty);
		// The buyer waits ReleaseWindow blocks after marking paid.
		assert_noop!(dispute(BUYER), Error::<Test>::ReleaseWindowOpen);
		System::set_block_number(1 + 10);
		assert_ok!(dispute(BUYER));
		assert_eq!(
			last_event(),
			Event::DisputeOpened { order_id: order, opened_by: BUYER, evidence: ev }.into()
		);
		assert!(matches!(
			Orders::<Test>::get(order).unwrap().status,
			OrderStatus::Disputed { paid_at: 1, opened_by: BUYER, opened_at: 11, .. }
		));
		// Disputed: no release, no cancel, no second dispute.
		assert_noop!(
			OtcEscrow::release(RuntimeOrigin::signed(SELLER), order),
			Error::<Test>::WrongOrderStatus
		);
		assert_noop!(
			OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), order),
			Error::<Test>::WrongOrderStatus
		);
		assert_noop!(dispute(SELLER), Error::<Test>::WrongOrderStatus);
		// Only the arbiter resolves, with a share of at most 100 %.
		assert_noop!(
			OtcEscrow::resolve_dispute(RuntimeOrigin::signed(SELLER), order, 6_000),
			DispatchError::BadOrigin
		);
		assert_noop!(
			OtcEscrow::resolve_dispute(RuntimeOrigin::root(), order, 10_001),
			Error::<Test>::InvalidShare
		);
		assert_noop!(
			OtcEscrow::resolve_dispute(RuntimeOrigin::root(), 99, 5_000),
			Error::<Test>::UnknownOrder
		);
		let seller_before = bal(USDT, SELLER);
		assert_ok!(OtcEscrow::resolve_dispute(RuntimeOrigin::signed(ARBITER), order, 6_000));
		let (buyer_share, fee) = (60 * USDT_UNIT, 60 * USDT_UNIT / 1_000);
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
fn the_seller_disputes_at_once_and_loses_nothing_on_a_zero_share() {
	run_test(|| {
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		let order = open(BUYER, id, 100 * USDT_UNIT);
		pay(BUYER, order);
		assert_ok!(OtcEscrow::open_dispute(RuntimeOrigin::signed(SELLER), order, H256::zero()));
		assert_ok!(OtcEscrow::resolve_dispute(RuntimeOrigin::root(), order, 0));
		assert_eq!(
			settled(order),
			(Outcome::Resolved { buyer_share_bps: 0 }, 0, 0, 100 * USDT_UNIT, 0)
		);
		assert_eq!(OtcEscrow::trade_stats(&BUYER).disputes_lost, 1);
	});
}

/// Both shares are paid in the arbiter's call, to parties that held none of the token too; a
/// closed advert goes with its last order.
#[test]
fn a_split_pays_parties_who_hold_none_of_the_token_at_once() {
	run_test(|| {
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		let order = open(FRESH, id, 100 * USDT_UNIT);
		close(SELLER, id);
		give_away_usdt(SELLER);
		pay(FRESH, order);
		assert_ok!(OtcEscrow::open_dispute(RuntimeOrigin::signed(SELLER), order, H256::zero()));
		assert_ok!(OtcEscrow::resolve_dispute(RuntimeOrigin::root(), order, 2_500));
		let fee = 25 * USDT_UNIT / 1_000;
		assert_eq!(bal(USDT, FRESH), 25 * USDT_UNIT - fee);
		assert_eq!(bal(USDT, SELLER), 75 * USDT_UNIT);
		assert_eq!(last_event(), Event::AdvertRemoved { advert_id: id }.into());
		// The buyer lost: the seller's record counts no sale.
		assert_eq!(OtcEscrow::trade_stats(&SELLER).sold, 0);
		assert_eq!(OtcEscrow::trade_stats(&FRESH).disputes_lost, 1);
	});
}

/// A member of the arbiters body decides disputes of others, never its own; anyone else signed
/// is refused, and the body's origin (Root here) is no party.
#[test]
fn no_arbiter_decides_a_dispute_it_is_a_party_to() {
	run_test(|| {
		ArbiterMembers::set(vec![ARBITER, SELLER, BUYER]);
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		let order = open(BUYER, id, 100 * USDT_UNIT);
		pay(BUYER, order);
		assert_ok!(OtcEscrow::open_dispute(RuntimeOrigin::signed(SELLER), order, H256::zero()));
		for party in [SELLER, BUYER] {
			assert_noop!(
				OtcEscrow::resolve_dispute(RuntimeOrigin::signed(party), order, 5_000),
				Error::<Test>::ArbiterIsParty
			);
		}
		assert_noop!(
			OtcEscrow::resolve_dispute(RuntimeOrigin::signed(OTHER), order, 5_000),
			DispatchError::BadOrigin
		);
		assert_ok!(OtcEscrow::resolve_dispute(RuntimeOrigin::signed(ARBITER), order, 5_000));
		assert!(Orders::<Test>::get(order).is_none());
	});
}
