//! Settlement: release, cancellation, fees and their sweep, statistics, escrow's reserve, and
//! escrow's own transfer.

use super::*;
use crate::mock::*;
use frame_support::{assert_noop, assert_ok};
use sp_core::H256;
use sp_runtime::DispatchError;

#[test]
fn release_pays_the_buyer_and_keeps_the_fee_in_escrow_until_swept() {
	run_test(|| {
		let escrow = OtcEscrow::escrow_account();
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		let escrow_before = bal(USDT, escrow);
		let amount = 200 * USDT_UNIT;
		let order = open(BUYER, id, amount);
		pay(BUYER, order);
		assert_noop!(
			OtcEscrow::release(RuntimeOrigin::signed(BUYER), order),
			Error::<Test>::NotSeller
		);
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		let fee = amount / 1_000; // 10 bps
		assert_eq!(settled(order), (Outcome::Released, amount - fee, fee, 0, 0));
		assert_eq!(bal(USDT, BUYER), START_USDT + amount - fee);
		assert_eq!(bal(USDT, escrow), escrow_before - amount + fee);
		assert_eq!(
			EscrowTotals::<Test>::get(USDT),
			EscrowTotal { owed: 300 * USDT_UNIT, fees: fee, claims: 0 }
		);
		assert!(Orders::<Test>::get(order).is_none());
		assert!(Traders::<Test>::get(BUYER).orders.is_empty());
		let stats = (record(BUYER), record(SELLER));
		assert_eq!((stats.0.bought, stats.1.sold), (1, 1));
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
		assert_eq!(
			EscrowTotals::<Test>::get(USDT),
			EscrowTotal { owed: 300 * USDT_UNIT, fees: 0, claims: 0 }
		);
		for asset in [USDT, NATIVE] {
			assert_noop!(
				OtcEscrow::sweep_fees(RuntimeOrigin::signed(OTHER), asset),
				Error::<Test>::NoFeesToSweep
			);
		}
	});
}

/// The first-time buyer, who never held the token, gets it in the seller's release: no claim,
/// no step of its own.
#[test]
fn a_first_time_buyer_gets_its_tokens_in_the_seller_s_release() {
	run_test(|| {
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		assert_eq!(bal(USDT, FRESH), 0);
		let order = open(FRESH, id, 100 * USDT_UNIT);
		pay(FRESH, order);
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		let fee = 100 * USDT_UNIT / 1_000;
		assert_eq!(bal(USDT, FRESH), 100 * USDT_UNIT - fee);
		assert_eq!(settled(order), (Outcome::Released, 100 * USDT_UNIT - fee, fee, 0, 0));
		assert!(Orders::<Test>::get(order).is_none());
		assert!(!Traders::<Test>::get(FRESH).orders.contains(&order));
		// The same for a buyer who gave all of its USDT away since its last trade.
		give_away_usdt(BUYER);
		let order = open(BUYER, id, 10 * USDT_UNIT);
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		assert_eq!(bal(USDT, BUYER), 10 * USDT_UNIT - 10 * USDT_UNIT / 1_000);
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
fn both_records_count_each_settlement_at_once() {
	run_test(|| {
		let kept = create(SELLER, USDT, 500 * USDT_UNIT);
		let closed = create(SELLER, NATIVE, 500 * USDT_UNIT);
		// A release paid at block 3 and released at block 7: a sale, at once.
		let order = open(BUYER, kept, 10 * USDT_UNIT);
		System::set_block_number(3);
		pay(BUYER, order);
		System::set_block_number(7);
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		let seller = record(SELLER);
		assert_eq!((seller.sold, seller.first_trade, seller.last_trade), (1, Some(7), Some(7)));
		assert_eq!(seller.time_to_release, Timing { count: 1, total_blocks: 4 });
		assert_eq!(record(BUYER).time_to_pay, Timing { count: 1, total_blocks: 2 });
		// A dispute the seller opens and loses by its fault.
		let order = open(BUYER, kept, 10 * USDT_UNIT);
		pay(BUYER, order);
		assert_ok!(OtcEscrow::open_dispute(RuntimeOrigin::signed(SELLER), order, H256::zero()));
		assert_ok!(OtcEscrow::resolve_dispute(RuntimeOrigin::root(), order, 10_000, Fault::Seller));
		// A release on the other advert, which is then closed: its sales stay counted.
		let order = open(OTHER, closed, 10 * USDT_UNIT);
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		// A cancellation counts for the buyer only.
		let order = open(BUYER, closed, 10 * USDT_UNIT);
		assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), order));
		close(SELLER, closed);
		let seller = record(SELLER);
		assert_eq!(
			(seller.sold, seller.disputes_opened, seller.disputes_lost, seller.cancelled),
			(3, 1, 1, 0)
		);
		let buyer = record(BUYER);
		assert_eq!((buyer.bought, buyer.cancelled, buyer.disputes_lost), (2, 1, 0));
		assert_eq!(record(OTHER).bought, 1);
		// The recent window: the seller completed 3 and lost 1; the buyer completed 2 of 3.
		let epoch = OtcEscrow::epoch(System::block_number());
		let recent = record(SELLER).recent_counts(epoch);
		assert_eq!(
			(recent.completed, recent.disputes_lost, recent.completion_bps()),
			(3, 1, Some(10_000))
		);
		let recent = record(BUYER).recent_counts(epoch);
		assert_eq!((recent.completion_bps(), recent.failure_bps()), (Some(6_666), 3_333));
		// Per asset: volumes before the fee, and nothing open any more.
		let usdt = AssetRecords::<Test>::get(SELLER, USDT);
		assert_eq!((usdt.sold, usdt.selling), (20 * USDT_UNIT, 480 * USDT_UNIT));
		assert_eq!(AssetRecords::<Test>::get(BUYER, USDT).bought, 20 * USDT_UNIT);
		assert_eq!(AssetRecords::<Test>::get(SELLER, NATIVE).selling, 0);
		// What the runtime API shows.
		let stats = OtcEscrow::trade_stats(&SELLER);
		assert_eq!((stats.record, stats.avg_time_to_release), (record(SELLER), Some(4)));
		assert_eq!(stats.assets.len(), 2);
	});
}

#[test]
fn fees_of_any_size_sweep_to_the_fee_destination_whose_account_listing_opened() {
	run_test(|| {
		// Listing opened the fee destination's account of USDT with a deposit of its own.
		assert!(pallet_assets::Account::<Test>::contains_key(USDT_ID, TREASURY));
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		let t = AdvertTerms { min_order: 2 * USDT_MIN, ..terms() };
		assert_ok!(OtcEscrow::update_advert(RuntimeOrigin::signed(SELLER), id, t));
		// 10 bps of 99 999 is 99, below USDT's minimum balance of 100: it still sweeps.
		let order = open(BUYER, id, 99_999);
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		assert_eq!(settled(order), (Outcome::Released, 99_900, 99, 0, 0));
		assert_ok!(OtcEscrow::sweep_fees(RuntimeOrigin::signed(OTHER), USDT));
		assert_eq!(bal(USDT, TREASURY), 99);
		assert_eq!(EscrowTotals::<Test>::get(USDT).fees, 0);
	});
}

#[test]
fn a_buyer_cancels_and_the_amount_returns_to_the_open_advert() {
	run_test(|| {
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		let order = open(BUYER, id, 40 * USDT_UNIT);
		for who in [OTHER, SELLER] {
			assert_noop!(
				OtcEscrow::cancel_order(RuntimeOrigin::signed(who), order),
				Error::<Test>::NotBuyer
			);
		}
		let escrow_before = bal(USDT, OtcEscrow::escrow_account());
		assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), order));
		assert_eq!(settled(order), (Outcome::Cancelled, 0, 0, 0, 40 * USDT_UNIT));
		assert_eq!(bal(USDT, OtcEscrow::escrow_account()), escrow_before);
		let advert = Adverts::<Test>::get(id).unwrap();
		assert_eq!(
			(advert.available, advert.in_orders, advert.open_orders()),
			(100 * USDT_UNIT, 0, 0)
		);
		// The order leaves the expiry queue with its settlement.
		assert!(!Deadlines::<Test>::contains_key(1 + WINDOW + 1, order));
		assert_eq!(record(BUYER).cancelled, 1);
		assert_eq!(record(SELLER), TradeRecord::default());
		// A paid order can still be cancelled by its buyer (e.g. the transfer bounced).
		let paid = open(BUYER, id, 40 * USDT_UNIT);
		pay(BUYER, paid);
		assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), paid));
	});
}

#[test]
fn anyone_expires_an_unpaid_order_after_pay_by() {
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
		assert_eq!(record(BUYER).expired, 1);
	});
}

#[test]
fn set_trade_fee_by_governance_up_to_the_cap() {
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
		let fee_of = |order: OrderId| Orders::<Test>::get(order).unwrap().fee_bps;
		assert_eq!((fee_of(early), fee_of(late)), (10, 300));
		// Lowered now: neither open order follows.
		assert_ok!(OtcEscrow::set_trade_fee(RuntimeOrigin::root(), 0));
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), early));
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), late));
		assert_eq!(settled(early), (Outcome::Released, 10 * USDT_UNIT - 10_000, 10_000, 0, 0));
		assert_eq!(settled(late), (Outcome::Released, 10 * USDT_UNIT - 300_000, 300_000, 0, 0));
		assert_eq!(EscrowTotals::<Test>::get(USDT).fees, 310_000);
		// A dispute's buyer share pays its own order's fee: 100 bps of the buyer's half.
		let disputed = open(OTHER, id, 10 * USDT_UNIT);
		assert_ok!(OtcEscrow::set_trade_fee(RuntimeOrigin::root(), 100));
		pay(OTHER, disputed);
		assert_ok!(OtcEscrow::open_dispute(RuntimeOrigin::signed(SELLER), disputed, H256::zero()));
		assert_ok!(OtcEscrow::resolve_dispute(
			RuntimeOrigin::root(),
			disputed,
			5_000,
			Fault::Neither
		));
		assert_eq!(
			settled(disputed),
			(
				Outcome::Resolved { buyer_share_bps: 5_000, fault: Fault::Neither },
				5 * USDT_UNIT,
				0,
				5 * USDT_UNIT,
				0
			)
		);
	});
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
		assert_eq!(Adverts::<Test>::get(id).unwrap().available, USDT_MIN / 2);
		assert_eq!(bal(USDT, escrow), USDT_MIN + USDT_MIN / 2);
		// The seller gets the rest back.
		close(SELLER, id);
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
		assert_refused_untouched(
			RuntimeOrigin::signed(SELLER),
			Call::release { order_id: order },
			pallet_assets::Error::<Test>::BalanceLow,
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
	use crate::transfer::{NativeOrAssets, TransferAssets};
	use frame_support::traits::{
		fungibles::Mutate,
		tokens::Preservation::{self, Expendable, Preserve},
	};
	type Direct = NativeOrAssets<Balances, Test>;
	const NEW: AccountId = FRESH;
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
						Some(false) => {
							Union::transfer(asset.clone(), &from, &to, amount, preservation)
								.map(|_| ())
						},
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
