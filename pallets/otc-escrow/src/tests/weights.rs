//! Weights: each call is weighed before dispatch on its dearest path and charged after it the
//! path it took (`weight.rs`): the asset (native, hot, or neither) and, for settlements, the
//! storage items its benchmark touched and it did not.

use super::*;
use crate::{mock::*, WeightInfo};
use frame_support::{
	assert_ok,
	dispatch::{DispatchResultWithPostInfo, GetDispatchInfo},
	traits::Hooks,
	weights::Weight,
};
use sp_core::H256;

type W = <Test as Config>::WeightInfo;

/// `n` storage items read and written.
fn items(n: u64) -> Weight {
	<Test as frame_system::Config>::DbWeight::get().reads_writes(n, n)
}

/// The escrow-side keys of an asset that is not hot: 3 in the mock.
fn cold() -> Weight {
	items(4)
}

/// What a call that succeeded was charged after dispatch.
fn charged(r: DispatchResultWithPostInfo) -> Weight {
	r.expect("the call succeeds").actual_weight.expect("the call says what it used")
}

/// What `call` is weighed before dispatch.
fn before(call: Call<Test>) -> Weight {
	call.get_dispatch_info().call_weight
}

#[test]
fn a_release_is_charged_the_items_its_path_touched() {
	run_test(|| {
		let release = |order| charged(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		// A bonded advert: the buyer's bond comes back, which writes its `System` account.
		let t = AdvertTerms { buyer_bond: 1_000, seller_bond: 1_000, ..terms() };
		assert_ok!(OtcEscrow::create_advert(
			RuntimeOrigin::signed(SELLER),
			USDT,
			500 * USDT_UNIT,
			t
		));
		// To a buyer who holds USDT, the advert staying: no seller's bond, no seller's record.
		let order = open(BUYER, 0, 10 * USDT_UNIT);
		assert_eq!(release(order), W::release() - items(2));
		// Without bonds: no holds either, and no `System` account of a buyer that holds USDT.
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		let order = open(BUYER, id, 10 * USDT_UNIT);
		assert_eq!(release(order), W::release() - items(4));
		// To a buyer who holds none: its account is opened.
		let order = open(FRESH, id, 10 * USDT_UNIT);
		assert_eq!(release(order), W::release() - items(3));
		// The last order of a closed advert, to a buyer who holds none: the benchmark's path but
		// for the bonds.
		give_away_usdt(OTHER);
		let order = open(OTHER, id, 10 * USDT_UNIT);
		close(SELLER, id);
		assert_eq!(release(order), W::release() - items(2));
		// The native token: its benchmark, whatever the buyer held.
		let native = create(SELLER, NATIVE, 500 * USDT_UNIT);
		let order = open(BUYER, native, 10 * USDT_UNIT);
		assert_eq!(release(order), W::release_native() - items(3));
		// Before dispatch: the dearest of the native and a cold asset's path.
		let dearest = W::release_native().max(W::release() + cold());
		assert_eq!(before(Call::release { order_id: 0 }), dearest);
	});
}

#[test]
fn a_cancellation_on_an_open_advert_is_charged_no_payout() {
	run_test(|| {
		let cancel =
			|who, order| charged(OtcEscrow::cancel_order(RuntimeOrigin::signed(who), order));
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		// Back to the open advert: no payout, no account, no seller's record, no bonds.
		let order = open(BUYER, id, 10 * USDT_UNIT);
		assert_eq!(cancel(BUYER, order), W::cancel_order() - items(5));
		// Back to the seller of a closed advert, who holds USDT, the advert staying.
		let first = open(BUYER, id, 10 * USDT_UNIT);
		let last = open(OTHER, id, 10 * USDT_UNIT);
		close(SELLER, id);
		assert_eq!(cancel(BUYER, first), W::cancel_order() - items(4));
		// Its last order, to a seller who holds none: the benchmark's path but for the bonds.
		give_away_usdt(SELLER);
		assert_eq!(cancel(OTHER, last), W::cancel_order() - items(2));
		assert!(!Adverts::<Test>::contains_key(id));
	});
}

#[test]
fn a_resolution_is_charged_the_payouts_it_made() {
	run_test(|| {
		let resolve = |order, bps| {
			pay(BUYER, order);
			assert_ok!(OtcEscrow::open_dispute(RuntimeOrigin::signed(SELLER), order, H256::zero()));
			charged(OtcEscrow::resolve_dispute(RuntimeOrigin::root(), order, bps, Fault::Neither))
		};
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		// Both hold USDT, the advert stays.
		let order = open(BUYER, id, 10 * USDT_UNIT);
		assert_eq!(resolve(order, 5_000), W::resolve_dispute() - items(5));
		// All to the buyer: no payout to the seller.
		let order = open(BUYER, id, 10 * USDT_UNIT);
		assert_eq!(resolve(order, 10_000), W::resolve_dispute() - items(6));
	});
}

#[test]
fn an_asset_that_is_neither_native_nor_hot_pays_its_escrow_side_keys() {
	run_test(|| {
		let token = new_token(2, true);
		let create_call = |asset| Call::<Test>::create_advert { asset, amount: 1, terms: terms() };
		assert_eq!(before(create_call(USDT)), W::create_advert());
		assert_eq!(before(create_call(NATIVE)), W::create_advert_native());
		assert_eq!(before(create_call(token.clone())), W::create_advert() + cold());
		let id = create(SELLER, token.clone(), 500 * USDT_UNIT);
		let top_up = OtcEscrow::top_up_advert(RuntimeOrigin::signed(SELLER), id, USDT_UNIT);
		assert_eq!(charged(top_up), W::top_up_advert() + cold());
		let order = open(BUYER, id, 10 * USDT_UNIT);
		let release = OtcEscrow::release(RuntimeOrigin::signed(SELLER), order);
		assert_eq!(charged(release), W::release() + cold() - items(3));
		let sweep = Call::<Test>::sweep_fees { asset: token };
		assert_eq!(before(sweep), W::sweep_fees() + cold());
	});
}

#[test]
fn the_hook_charges_its_expiries_and_the_block_s_hot_keys() {
	new_test_ext().execute_with(|| {
		// The pallet's hot keys and USDT's escrow-side keys, once a block.
		let hot = <Test as frame_system::Config>::DbWeight::get().reads_writes(8, 5) + items(4);
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		let closed = create(SELLER, USDT, 100 * USDT_UNIT);
		open(BUYER, id, 10 * USDT_UNIT);
		let paid = open(OTHER, id, 10 * USDT_UNIT);
		pay(OTHER, paid);
		open(BUYER, closed, 10 * USDT_UNIT);
		close(SELLER, closed);
		let due = 1 + WINDOW + 1;
		run_to_block(due - 1);
		System::set_block_number(due);
		// Three entries, each charged as an expiry: an expiry back to the open advert (no
		// payout, no account, no record), the closed advert's last order paid back to its
		// seller, who holds USDT, and the draw of the arbiter of the paid order, which the chain
		// put in dispute in the block before (its seller let the release window pass).
		let weight = OtcEscrow::on_initialize(due);
		let expected = W::scan_expiry_queue(1) + W::expire_orders(3) - items(5) - items(3) + hot;
		assert_eq!(weight, expected);
		assert!(!Adverts::<Test>::contains_key(closed));
		// A block with nothing due pays for looking at the queue only.
		System::set_block_number(due + 1);
		assert_eq!(OtcEscrow::on_initialize(due + 1), W::scan_expiry_queue(1) + hot);
	});
}
