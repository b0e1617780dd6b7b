//! `try_state` finds each kind of corruption it checks for.

use super::*;
use crate::mock::*;
use frame_support::BoundedVec;

#[test]
fn try_state_detects_corruption() {
	run_test(|| {
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		let order = open(BUYER, id, 10 * USDT_UNIT);
		let broken = || assert!(OtcEscrow::do_try_state().is_err());
		let fine = || OtcEscrow::do_try_state().unwrap();
		// What escrow owes, and fees it does not hold.
		EscrowTotals::<Test>::insert(USDT, EscrowTotal { owed: 1, fees: 0, claims: 0 });
		broken();
		EscrowTotals::<Test>::insert(
			USDT,
			EscrowTotal { owed: 100 * USDT_UNIT, fees: 1, claims: 0 },
		);
		broken();
		EscrowTotals::<Test>::insert(
			USDT,
			EscrowTotal { owed: 100 * USDT_UNIT, fees: 0, claims: 0 },
		);
		fine();
		// The buyer's index; an empty record kept; the id counter.
		Traders::<Test>::remove(BUYER);
		broken();
		Traders::<Test>::mutate(BUYER, |t| t.orders.try_push(order).unwrap());
		Traders::<Test>::insert(NO_KYC, TraderOf::<Test>::default());
		broken();
		Traders::<Test>::remove(NO_KYC);
		NextOrderId::<Test>::put(0);
		broken();
		NextOrderId::<Test>::put(1);
		fine();
		// The open book.
		OpenAdverts::<Test>::remove(USDT, book_key(id));
		broken();
		OpenAdverts::<Test>::insert(NATIVE, book_key(id), ());
		broken();
		OpenAdverts::<Test>::remove(NATIVE, book_key(id));
		OpenAdverts::<Test>::insert(USDT, book_key(id), ());
		fine();
		// The advert's order ids: one missing, one of no order, one twice.
		let ids = |list: Vec<OrderId>| {
			Adverts::<Test>::mutate(id, |a| {
				a.as_mut().unwrap().orders = BoundedVec::truncate_from(list)
			})
		};
		for list in [vec![], vec![order, order + 7], vec![order, order]] {
			ids(list);
			broken();
		}
		ids(vec![order]);
		fine();
		// A closed advert without open orders (it should be gone).
		let lonely = create(SELLER, USDT, 10 * USDT_UNIT);
		let set_status =
			|status| Adverts::<Test>::mutate(lonely, |a| a.as_mut().unwrap().status = status);
		set_status(AdvertStatus::Closed);
		OpenAdverts::<Test>::remove(USDT, book_key(lonely));
		broken();
		set_status(AdvertStatus::Paused);
		fine();
		close(SELLER, lonely);
		// An unpaid order missing from the expiry queue.
		Deadlines::<Test>::remove(1 + WINDOW + 1, order);
		broken();
		Deadlines::<Test>::insert(1 + WINDOW + 1, order, ());
		fine();
		// A bond on hold that no advert or order owes (a trader's hold left behind).
		use frame_support::traits::fungible::MutateHold;
		let reason = RuntimeHoldReason::OtcEscrow(HoldReason::BuyerBond);
		assert_ok!(Balances::hold(&reason, &BUYER, 5));
		broken();
		assert_ok!(Balances::release(
			&reason,
			&BUYER,
			5,
			frame_support::traits::tokens::Precision::Exact
		));
	});
}
