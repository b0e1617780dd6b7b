//! Bonds and cooldowns: held in the trader's own account, released on a good end, slashed on
//! fault (half to the wronged party, half to the fee destination, in the mock's rules), never
//! paid back to the party that lost them; serial cancellers cool down.

use super::*;
use crate::mock::*;
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect as _, InspectHold},
};
use sp_core::H256;

/// Native units.
const N: Balance = 1_000_000_000_000;
const BUYER_BOND: Balance = 2 * N;
const SELLER_BOND: Balance = 10 * N;

fn bonded_terms() -> AdvertTermsOf<Test> {
	AdvertTerms { buyer_bond: BUYER_BOND, seller_bond: SELLER_BOND, ..terms() }
}

fn create_bonded(seller: AccountId, amount: Balance) -> AdvertId {
	let id = NextAdvertId::<Test>::get();
	assert_ok!(OtcEscrow::create_advert(
		RuntimeOrigin::signed(seller),
		USDT,
		amount,
		bonded_terms()
	));
	id
}

fn held(reason: HoldReason, who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::OtcEscrow(reason), &who)
}

/// Native balance, free and held.
fn total(who: AccountId) -> Balance {
	Balances::total_balance(&who)
}

fn free(who: AccountId) -> Balance {
	Balances::balance(&who)
}

#[test]
fn bonds_are_held_while_trading_and_released_on_a_good_end() {
	run_test(|| {
		let id = create_bonded(SELLER, 500 * USDT_UNIT);
		assert_eq!(held(HoldReason::SellerBond, SELLER), SELLER_BOND);
		assert_eq!(free(SELLER), START_NATIVE - SELLER_BOND);
		assert_eq!(Adverts::<Test>::get(id).unwrap().bond, SELLER_BOND);
		let order = open(BUYER, id, 100 * USDT_UNIT);
		assert_eq!(held(HoldReason::BuyerBond, BUYER), BUYER_BOND);
		assert_eq!(Orders::<Test>::get(order).unwrap().bond, BUYER_BOND);
		pay(BUYER, order);
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		// Released whole: nothing moved.
		assert_eq!((held(HoldReason::BuyerBond, BUYER), total(BUYER)), (0, START_NATIVE));
		// The seller's stays held while the advert lives, and comes back when it goes.
		assert_eq!(held(HoldReason::SellerBond, SELLER), SELLER_BOND);
		close(SELLER, id);
		assert_eq!((held(HoldReason::SellerBond, SELLER), total(SELLER)), (0, START_NATIVE));
	});
}

#[test]
fn a_buyer_who_never_pays_loses_its_bond_by_expiry_alone() {
	run_test(|| {
		let id = create_bonded(SELLER, 500 * USDT_UNIT);
		let order = open(BUYER, id, 100 * USDT_UNIT);
		let treasury = total(TREASURY);
		run_to_block(1 + WINDOW + 1);
		assert_eq!(settled(order).0, Outcome::Expired);
		let half = BUYER_BOND / 2;
		assert!(emitted(Event::BondSlashed {
			order_id: order,
			who: BUYER,
			amount: BUYER_BOND,
			wronged: SELLER,
			to_wronged: half,
			to_fees: half
		}));
		assert_eq!(total(BUYER), START_NATIVE - BUYER_BOND);
		assert_eq!(held(HoldReason::BuyerBond, BUYER), 0);
		assert_eq!(free(SELLER), START_NATIVE - SELLER_BOND + half);
		assert_eq!(total(TREASURY), treasury + half);
	});
}

#[test]
fn a_cancellation_within_the_grace_period_is_free_and_after_it_costs_the_bond() {
	run_test(|| {
		let id = create_bonded(SELLER, 500 * USDT_UNIT);
		// Grace: 3 blocks after opening.
		let early = open(BUYER, id, 100 * USDT_UNIT);
		run_to_block(1 + 3);
		assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), early));
		assert_eq!(total(BUYER), START_NATIVE);
		let late = open(BUYER, id, 100 * USDT_UNIT);
		run_to_block(4 + 4);
		assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), late));
		assert_eq!(total(BUYER), START_NATIVE - BUYER_BOND);
		assert_eq!(total(SELLER), START_NATIVE + BUYER_BOND / 2);
		// A paid order the buyer cancels (it admits it did not pay) costs the bond too.
		let paid = open(BUYER, id, 100 * USDT_UNIT);
		pay(BUYER, paid);
		run_to_block(8 + 4);
		assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), paid));
		assert_eq!(total(BUYER), START_NATIVE - 2 * BUYER_BOND);
	});
}

/// The arbiter names the party at fault: a seller who ignored a payment loses its advert's
/// bond, part of it to the buyer, and its advert leaves the book until it puts the bond up
/// again.
#[test]
fn a_seller_at_fault_loses_its_bond_and_its_advert_pauses() {
	run_test(|| {
		let id = create_bonded(SELLER, 500 * USDT_UNIT);
		let order = open(BUYER, id, 100 * USDT_UNIT);
		pay(BUYER, order);
		run_to_block(12); // disputed by the chain at 11, arbiter drawn at 12
		assert_ok!(OtcEscrow::resolve_dispute(
			RuntimeOrigin::signed(ARBITER),
			order,
			10_000,
			Fault::Seller
		));
		let half = SELLER_BOND / 2;
		assert!(emitted(Event::BondSlashed {
			order_id: order,
			who: SELLER,
			amount: SELLER_BOND,
			wronged: BUYER,
			to_wronged: half,
			to_fees: half
		}));
		assert_eq!(total(BUYER), START_NATIVE + half);
		assert_eq!(total(SELLER), START_NATIVE - SELLER_BOND);
		assert_eq!(bal(USDT, BUYER), START_USDT + 100 * USDT_UNIT - 100 * USDT_UNIT / 1_000);
		let advert = Adverts::<Test>::get(id).unwrap();
		assert_eq!((advert.status, advert.bond), (AdvertStatus::Paused, 0));
		assert!(!OpenAdverts::<Test>::contains_key(USDT, book_key(id)));
		// Resuming holds the bond again.
		assert_ok!(OtcEscrow::resume_advert(RuntimeOrigin::signed(SELLER), id));
		assert_eq!(held(HoldReason::SellerBond, SELLER), SELLER_BOND);
		assert_eq!(Adverts::<Test>::get(id).unwrap().bond, SELLER_BOND);
	});
}

#[test]
fn a_buyer_at_fault_loses_its_bond_and_a_faultless_dispute_costs_no_one() {
	run_test(|| {
		let id = create_bonded(SELLER, 500 * USDT_UNIT);
		let (a, b) = (open(BUYER, id, 100 * USDT_UNIT), open(BUYER, id, 100 * USDT_UNIT));
		for order in [a, b] {
			pay(BUYER, order);
			assert_ok!(OtcEscrow::open_dispute(RuntimeOrigin::signed(SELLER), order, H256::zero()));
		}
		assert_ok!(OtcEscrow::resolve_dispute(RuntimeOrigin::root(), a, 0, Fault::Buyer));
		assert_eq!(total(BUYER), START_NATIVE - BUYER_BOND);
		assert_ok!(OtcEscrow::resolve_dispute(RuntimeOrigin::root(), b, 5_000, Fault::Neither));
		assert_eq!(total(BUYER), START_NATIVE - BUYER_BOND);
		assert_eq!(held(HoldReason::BuyerBond, BUYER), 0);
		assert_eq!(held(HoldReason::SellerBond, SELLER), SELLER_BOND);
	});
}

/// A seller buying from itself through a second account and letting the order expire gets
/// back only the wronged party's half: the self-trade loses the rest.
#[test]
fn a_self_trade_through_a_second_account_gains_nothing() {
	run_test(|| {
		let id = create_bonded(SELLER, 500 * USDT_UNIT);
		let both = || total(SELLER) + total(OTHER);
		let before = both();
		open(OTHER, id, 100 * USDT_UNIT);
		run_to_block(1 + WINDOW + 1);
		assert_eq!(both(), before - BUYER_BOND / 2);
	});
}

#[test]
fn bonds_outside_governance_s_bounds_or_beyond_the_means_are_refused() {
	run_test(|| {
		let rules = TradeRules {
			min_buyer_bond: N,
			max_buyer_bond: 5 * N,
			min_seller_bond: N,
			max_seller_bond: 50 * N,
			..rules()
		};
		assert_noop!(
			OtcEscrow::set_rules(RuntimeOrigin::signed(SELLER), rules),
			sp_runtime::DispatchError::BadOrigin
		);
		let bad = TradeRules { min_buyer_bond: 6 * N, ..rules };
		assert_noop!(OtcEscrow::set_rules(RuntimeOrigin::root(), bad), Error::<Test>::InvalidRules);
		let bad = TradeRules { to_wronged_bps: 10_001, ..rules };
		assert_noop!(OtcEscrow::set_rules(RuntimeOrigin::root(), bad), Error::<Test>::InvalidRules);
		assert_ok!(OtcEscrow::set_rules(RuntimeOrigin::root(), rules));
		assert_eq!(last_event(), Event::RulesSet { rules }.into());
		let create_with = |t: AdvertTermsOf<Test>| Call::<Test>::create_advert {
			asset: USDT,
			amount: 100 * USDT_UNIT,
			terms: t,
		};
		for t in [
			AdvertTerms { buyer_bond: 0, ..bonded_terms() },
			AdvertTerms { buyer_bond: 6 * N, ..bonded_terms() },
			AdvertTerms { seller_bond: 51 * N, ..bonded_terms() },
		] {
			assert_refused_untouched(
				RuntimeOrigin::signed(SELLER),
				create_with(t),
				Error::<Test>::BondOutsideLimits,
			);
		}
		let id = create_bonded(SELLER, 500 * USDT_UNIT);
		// A buyer without the native funds for its bond is refused, and nothing changes.
		let open_call = Call::<Test>::open_order {
			advert_id: id,
			amount: 10 * USDT_UNIT,
			payment_method: m("SEPA"),
			terms_version: 0,
		};
		assert_refused_untouched(
			RuntimeOrigin::signed(FRESH),
			open_call.clone(),
			Error::<Test>::CannotHoldBond,
		);
		// Governance raises the least buyer bond: the advert takes no orders until it follows.
		assert_ok!(OtcEscrow::set_rules(
			RuntimeOrigin::root(),
			TradeRules { min_buyer_bond: 3 * N, ..rules }
		));
		assert_refused_untouched(
			RuntimeOrigin::signed(BUYER),
			open_call,
			Error::<Test>::BondOutsideLimits,
		);
		let t = AdvertTerms { buyer_bond: 3 * N, seller_bond: 20 * N, ..bonded_terms() };
		assert_ok!(OtcEscrow::update_advert(RuntimeOrigin::signed(SELLER), id, t));
		assert_eq!(held(HoldReason::SellerBond, SELLER), 20 * N);
		open(BUYER, id, 10 * USDT_UNIT);
		assert_eq!(held(HoldReason::BuyerBond, BUYER), 3 * N);
	});
}

/// Three cancellations or expiries a window are allowed; the fourth cools the buyer down, each
/// cooldown one step longer; a clean window after a cooldown starts the steps again.
#[test]
fn serial_cancellers_cool_down_longer_each_time() {
	run_test(|| {
		let id = create(SELLER, USDT, 100_000 * USDT_UNIT);
		let cancel = |n: u32| {
			for _ in 0..n {
				let order = open(BUYER, id, 10 * USDT_UNIT);
				assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), order));
			}
		};
		let open_call = || Call::<Test>::open_order {
			advert_id: id,
			amount: 10 * USDT_UNIT,
			payment_method: m("SEPA"),
			terms_version: 0,
		};
		cancel(4);
		let until = 1 + COOLDOWNS[0];
		assert!(emitted(Event::BuyerCooledDown { who: BUYER, until }));
		assert_refused_untouched(
			RuntimeOrigin::signed(BUYER),
			open_call(),
			Error::<Test>::CoolingDown,
		);
		// Others trade on.
		open(OTHER, id, 10 * USDT_UNIT);
		run_to_block(until);
		// The next cooldown is longer; an expiry counts like a cancellation.
		cancel(3);
		let order = open(BUYER, id, 10 * USDT_UNIT);
		run_to_block(until + WINDOW + 1);
		assert_eq!(settled(order).0, Outcome::Expired);
		let second = until + WINDOW + 1 + COOLDOWNS[1];
		assert!(emitted(Event::BuyerCooledDown { who: BUYER, until: second }));
		assert_refused_untouched(
			RuntimeOrigin::signed(BUYER),
			open_call(),
			Error::<Test>::CoolingDown,
		);
		// A clean window after the cooldown: the steps start again.
		run_to_block(second + STRIKE_WINDOW);
		cancel(4);
		let now = System::block_number();
		assert!(emitted(Event::BuyerCooledDown { who: BUYER, until: now + COOLDOWNS[0] }));
	});
}
