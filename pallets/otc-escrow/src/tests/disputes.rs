//! Disputes: who may open one and when, the chain opening one the seller left, the arbiter
//! drawn for it, evidence from both sides, escalation, and the decision.

use super::*;
use crate::mock::*;
use frame_support::{assert_noop, assert_ok};
use sp_core::H256;
use sp_runtime::DispatchError;

/// Runs the next block's hook.
fn next_block() {
	run_to_block(System::block_number() + 1);
}

/// Who may decide `order`'s dispute now.
fn stage(order: OrderId) -> DisputeStage<AccountId, u64> {
	Orders::<Test>::get(order).unwrap().dispute().unwrap().stage.clone()
}

/// A paid order of 100 USDT on a new advert of SELLER's, disputed by SELLER; its id.
fn disputed_by_the_seller() -> OrderId {
	let id = create(SELLER, USDT, 500 * USDT_UNIT);
	let order = open(BUYER, id, 100 * USDT_UNIT);
	pay(BUYER, order);
	assert_ok!(OtcEscrow::open_dispute(RuntimeOrigin::signed(SELLER), order, H256::zero()));
	order
}

fn resolve(
	origin: RuntimeOrigin,
	order: OrderId,
	bps: Bps,
) -> sp_runtime::DispatchResultWithInfo<frame_support::dispatch::PostDispatchInfo> {
	OtcEscrow::resolve_dispute(origin, order, bps, Fault::Neither)
}

#[test]
fn a_dispute_gets_an_arbiter_in_the_next_block_who_splits_the_amount() {
	run_test(|| {
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		let order = open(BUYER, id, 100 * USDT_UNIT);
		let ev = H256::repeat_byte(9);
		let dispute = |who| OtcEscrow::open_dispute(RuntimeOrigin::signed(who), order, ev);
		// Not before it is paid.
		assert_noop!(dispute(SELLER), Error::<Test>::WrongOrderStatus);
		pay(BUYER, order);
		assert_noop!(dispute(OTHER), Error::<Test>::NotParty);
		// The buyer waits ReleaseWindow blocks after marking paid; the seller may at once.
		assert_noop!(dispute(BUYER), Error::<Test>::ReleaseWindowOpen);
		assert_ok!(dispute(SELLER));
		assert_eq!(
			last_event(),
			Event::DisputeOpened { order_id: order, opened_by: Some(SELLER), evidence: Some(ev) }
				.into()
		);
		assert_eq!(stage(order), DisputeStage::Drawing);
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
		// No arbiter before the draw.
		assert_noop!(
			resolve(RuntimeOrigin::signed(ARBITER), order, 6_000),
			Error::<Test>::NotAssignedArbiter
		);
		next_block();
		let until = 2 + ARBITER_WINDOW;
		assert!(emitted(Event::ArbiterAssigned { order_id: order, arbiter: ARBITER, until }));
		assert_eq!(stage(order), DisputeStage::Assigned { arbiter: ARBITER, until });
		// Each party gives its evidence, and may replace it.
		let (b1, b2) = (H256::repeat_byte(1), H256::repeat_byte(2));
		assert_ok!(OtcEscrow::submit_evidence(RuntimeOrigin::signed(BUYER), order, b1));
		assert_ok!(OtcEscrow::submit_evidence(RuntimeOrigin::signed(BUYER), order, b2));
		assert_eq!(
			last_event(),
			Event::EvidenceSubmitted { order_id: order, by: BUYER, evidence: b2 }.into()
		);
		assert_noop!(
			OtcEscrow::submit_evidence(RuntimeOrigin::signed(OTHER), order, b1),
			Error::<Test>::NotParty
		);
		let d = Orders::<Test>::get(order).unwrap().dispute().unwrap().clone();
		assert_eq!((d.buyer_evidence, d.seller_evidence), (Some(b2), Some(ev)));
		// Only an arbiter decides, with a share of at most 100 %.
		assert_noop!(
			resolve(RuntimeOrigin::signed(SELLER), order, 6_000),
			DispatchError::BadOrigin
		);
		assert_noop!(resolve(RuntimeOrigin::root(), order, 10_001), Error::<Test>::InvalidShare);
		assert_noop!(resolve(RuntimeOrigin::root(), 99, 5_000), Error::<Test>::UnknownOrder);
		let seller_before = bal(USDT, SELLER);
		assert_ok!(resolve(RuntimeOrigin::signed(ARBITER), order, 6_000));
		let (buyer_share, fee) = (60 * USDT_UNIT, 60 * USDT_UNIT / 1_000);
		assert_eq!(
			settled(order),
			(
				Outcome::Resolved { buyer_share_bps: 6_000, fault: Fault::Neither },
				buyer_share - fee,
				fee,
				40 * USDT_UNIT,
				0
			)
		);
		assert_eq!(bal(USDT, BUYER), START_USDT + buyer_share - fee);
		assert_eq!(bal(USDT, SELLER), seller_before + 40 * USDT_UNIT);
		assert_eq!(EscrowTotals::<Test>::get(USDT).fees, fee);
		// A sale for both; no fault, so nobody lost the dispute.
		let (b, s) = (record(BUYER), record(SELLER));
		assert_eq!((b.bought, s.sold, s.disputes_lost, b.disputes_lost), (1, 1, 0, 0));
		assert_eq!((b.disputes_opened, s.disputes_opened), (0, 1));
		// A non-disputed order cannot be resolved.
		let other = open(BUYER, id, 100 * USDT_UNIT);
		assert_noop!(resolve(RuntimeOrigin::root(), other, 5_000), Error::<Test>::WrongOrderStatus);
	});
}

/// The buyer no longer has to act: a seller who neither releases nor disputes within
/// `ReleaseWindow` finds its order in dispute, opened by the chain.
#[test]
fn the_chain_disputes_a_paid_order_the_seller_left() {
	run_test(|| {
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		let order = open(BUYER, id, 100 * USDT_UNIT);
		pay(BUYER, order);
		run_to_block(10);
		assert!(matches!(Orders::<Test>::get(order).unwrap().status, OrderStatus::Paid { .. }));
		run_to_block(11);
		assert!(emitted(Event::DisputeOpened { order_id: order, opened_by: None, evidence: None }));
		assert_eq!(stage(order), DisputeStage::Drawing);
		assert_noop!(
			OtcEscrow::open_dispute(RuntimeOrigin::signed(BUYER), order, H256::zero()),
			Error::<Test>::WrongOrderStatus
		);
		run_to_block(12);
		assert!(matches!(stage(order), DisputeStage::Assigned { arbiter: ARBITER, .. }));
		assert_ok!(resolve(RuntimeOrigin::signed(ARBITER), order, 10_000));
	});
}

/// The buyer may open the dispute itself once the window has passed, if the chain has not yet.
#[test]
fn the_buyer_disputes_after_the_release_window() {
	run_test(|| {
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		let order = open(BUYER, id, 100 * USDT_UNIT);
		pay(BUYER, order);
		// (The hook of block 11 has not run: the extrinsic comes first here.)
		System::set_block_number(11);
		let ev = H256::repeat_byte(5);
		assert_ok!(OtcEscrow::open_dispute(RuntimeOrigin::signed(BUYER), order, ev));
		let d = Orders::<Test>::get(order).unwrap().dispute().unwrap().clone();
		assert_eq!(
			(d.opened_by, d.buyer_evidence, d.seller_evidence),
			(Some(BUYER), Some(ev), None)
		);
		assert_ok!(resolve(RuntimeOrigin::root(), order, 10_000));
	});
}

/// An arbiter who does not decide in time loses the dispute to every arbiter, and they to
/// governance; events say so.
#[test]
fn an_undecided_dispute_escalates_to_every_arbiter_then_to_governance() {
	run_test(|| {
		ArbiterMembers::set(vec![ARBITER, OTHER]);
		let order = disputed_by_the_seller();
		next_block();
		let DisputeStage::Assigned { arbiter, until } = stage(order) else { panic!("assigned") };
		let not_assigned = if arbiter == ARBITER { OTHER } else { ARBITER };
		assert_noop!(
			resolve(RuntimeOrigin::signed(not_assigned), order, 5_000),
			Error::<Test>::NotAssignedArbiter
		);
		run_to_block(until);
		let second = until + ARBITER_WINDOW;
		assert_eq!(stage(order), DisputeStage::Arbiters { until: second });
		assert!(emitted(Event::DisputeEscalated {
			order_id: order,
			stage: DisputeStage::Arbiters { until: second }
		}));
		run_to_block(second);
		assert_eq!(stage(order), DisputeStage::Governance);
		assert!(emitted(Event::DisputeEscalated {
			order_id: order,
			stage: DisputeStage::Governance
		}));
		for a in [ARBITER, OTHER] {
			assert_noop!(
				resolve(RuntimeOrigin::signed(a), order, 5_000),
				Error::<Test>::EscalatedToGovernance
			);
		}
		// Nothing more happens by itself.
		assert_eq!(Deadlines::<Test>::iter().count(), 0);
		assert_ok!(resolve(RuntimeOrigin::root(), order, 5_000));
	});
}

#[test]
fn once_escalated_any_arbiter_who_is_no_party_decides() {
	run_test(|| {
		ArbiterMembers::set(vec![ARBITER, OTHER]);
		let order = disputed_by_the_seller();
		next_block();
		let DisputeStage::Assigned { arbiter, until } = stage(order) else { panic!("assigned") };
		run_to_block(until);
		let other = if arbiter == ARBITER { OTHER } else { ARBITER };
		assert_ok!(resolve(RuntimeOrigin::signed(other), order, 5_000));
	});
}

/// Without an arbiter who is no party, the dispute goes to governance at once.
#[test]
fn a_dispute_without_an_eligible_arbiter_goes_to_governance() {
	run_test(|| {
		ArbiterMembers::set(vec![SELLER]);
		let order = disputed_by_the_seller();
		next_block();
		assert_eq!(stage(order), DisputeStage::Governance);
		assert_ok!(resolve(RuntimeOrigin::root(), order, 5_000));
	});
}

/// The draw never names a party, and spreads disputes over the arbiters.
#[test]
fn the_draw_spreads_disputes_over_arbiters_and_skips_parties() {
	run_test(|| {
		const A2: AccountId = 8;
		const A3: AccountId = 9;
		ArbiterMembers::set(vec![ARBITER, A2, A3, SELLER, BUYER]);
		let id = create(SELLER, USDT, 500_000 * USDT_UNIT);
		let mut drawn = std::collections::BTreeMap::new();
		for round in 0..8u64 {
			let mut orders = vec![];
			for _ in 0..4 {
				let order = open(BUYER, id, 10 * USDT_UNIT);
				pay(BUYER, order);
				assert_ok!(OtcEscrow::open_dispute(
					RuntimeOrigin::signed(SELLER),
					order,
					H256::zero()
				));
				orders.push(order);
			}
			System::set_parent_hash(H256::repeat_byte(round as u8 + 1));
			next_block();
			for order in orders {
				let DisputeStage::Assigned { arbiter, .. } = stage(order) else {
					panic!("assigned")
				};
				assert!(![SELLER, BUYER].contains(&arbiter), "a party was drawn");
				*drawn.entry(arbiter).or_insert(0u32) += 1;
				assert_ok!(resolve(RuntimeOrigin::signed(arbiter), order, 10_000));
			}
		}
		assert_eq!(drawn.len(), 3, "every eligible arbiter gets disputes: {drawn:?}");
	});
}

/// A member of the arbiters body decides disputes of others, never its own; anyone else signed
/// is refused, and the body's origin (Root here) is no party.
#[test]
fn no_arbiter_decides_a_dispute_it_is_a_party_to() {
	run_test(|| {
		ArbiterMembers::set(vec![ARBITER, SELLER, BUYER]);
		let order = disputed_by_the_seller();
		next_block();
		assert!(matches!(stage(order), DisputeStage::Assigned { arbiter: ARBITER, .. }));
		for party in [SELLER, BUYER] {
			assert_noop!(
				resolve(RuntimeOrigin::signed(party), order, 5_000),
				Error::<Test>::ArbiterIsParty
			);
		}
		assert_noop!(resolve(RuntimeOrigin::signed(OTHER), order, 5_000), DispatchError::BadOrigin);
		assert_ok!(resolve(RuntimeOrigin::signed(ARBITER), order, 5_000));
		assert!(Orders::<Test>::get(order).is_none());
	});
}

#[test]
fn the_seller_disputes_at_once_and_loses_nothing_on_a_zero_share() {
	run_test(|| {
		let order = disputed_by_the_seller();
		assert_ok!(resolve(RuntimeOrigin::root(), order, 0));
		assert_eq!(
			settled(order),
			(
				Outcome::Resolved { buyer_share_bps: 0, fault: Fault::Neither },
				0,
				0,
				100 * USDT_UNIT,
				0
			)
		);
		// No fault: a zero share is no dispute lost, and no purchase.
		assert_eq!((record(BUYER).disputes_lost, record(BUYER).bought), (0, 0));
		assert_eq!(record(SELLER).disputes_opened, 1);
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
		assert_ok!(resolve(RuntimeOrigin::root(), order, 2_500));
		let fee = 25 * USDT_UNIT / 1_000;
		assert_eq!(bal(USDT, FRESH), 25 * USDT_UNIT - fee);
		assert_eq!(bal(USDT, SELLER), 75 * USDT_UNIT);
		assert_eq!(last_event(), Event::AdvertRemoved { advert_id: id }.into());
		// The buyer lost: the seller's record counts no sale.
		assert_eq!(record(SELLER).sold, 0);
		assert_eq!(record(FRESH).bought, 0);
	});
}

/// Governance changes the release window for orders paid from then on; an order paid before
/// keeps the deadline it was paid with.
#[test]
fn a_new_release_window_applies_to_orders_paid_after_it() {
	run_test(|| {
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		let (before, after) = (open(BUYER, id, 100 * USDT_UNIT), open(BUYER, id, 100 * USDT_UNIT));
		pay(BUYER, before);
		assert_ok!(OtcEscrow::set_rules(
			RuntimeOrigin::root(),
			TradeRules { release_window: 3, ..rules() }
		));
		pay(BUYER, after);
		let deadline = |o| Orders::<Test>::get(o).unwrap().deadline();
		assert_eq!((deadline(before), deadline(after)), (Some(1 + RELEASE_WINDOW), Some(1 + 3)));
		run_to_block(4);
		assert!(Orders::<Test>::get(after).unwrap().dispute().is_ok());
		assert!(Orders::<Test>::get(before).unwrap().dispute().is_err());
		let zero = TradeRules { release_window: 0, ..rules() };
		assert_noop!(
			OtcEscrow::set_rules(RuntimeOrigin::root(), zero),
			Error::<Test>::InvalidRules
		);
		let zero = TradeRules { arbiter_window: 0, ..rules() };
		assert_noop!(
			OtcEscrow::set_rules(RuntimeOrigin::root(), zero),
			Error::<Test>::InvalidRules
		);
	});
}
