//! The expiry hook: unpaid orders expire by themselves, a bounded number a block.

use super::*;
use crate::mock::*;
use frame_support::traits::Hooks;

#[test]
fn unpaid_orders_expire_by_themselves() {
	run_test(|| {
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		let unpaid = open(BUYER, id, 40 * USDT_UNIT);
		let paid = open(OTHER, id, 30 * USDT_UNIT);
		pay(OTHER, paid);
		run_to_block(1 + WINDOW);
		assert!(Orders::<Test>::get(unpaid).is_some(), "not yet: pay_by is inclusive");
		run_to_block(1 + WINDOW + 1);
		assert!(Orders::<Test>::get(unpaid).is_none());
		assert_eq!(settled(unpaid), (Outcome::Expired, 0, 0, 0, 40 * USDT_UNIT));
		assert!(Orders::<Test>::get(paid).is_some(), "a paid order does not expire");
		assert_eq!(Adverts::<Test>::get(id).unwrap().available, 70 * USDT_UNIT);
		// The paid order's seller let the release window pass: it is in dispute, with its
		// arbiter's deadline the only one left.
		let left: Vec<OrderId> = Deadlines::<Test>::iter().map(|(_, id, ())| id).collect();
		assert_eq!(left, vec![paid]);
		assert_eq!(record(BUYER).expired, 1);
	});
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
		// The mock's hook expires 4 a block; the rest a block later.
		assert_eq!(orders.iter().filter(|o| Orders::<Test>::contains_key(**o)).count(), 2);
		assert_eq!(
			DeadlineCursor::<Test>::get(),
			due,
			"the hook stays on the block it did not finish"
		);
		assert_eq!(Deadlines::<Test>::iter_key_prefix(due).count(), 2);
		run_to_block(due + 1);
		assert!(orders.iter().all(|o| !Orders::<Test>::contains_key(o)));
		assert_eq!(Deadlines::<Test>::iter().count(), 0);
		assert_eq!(DeadlineCursor::<Test>::get(), due + 2);
		for o in orders {
			assert_eq!(settled(o).0, Outcome::Expired);
		}
	});
}

#[test]
fn the_expiry_hook_catches_up_a_few_blocks_at_a_time() {
	run_test(|| {
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		let order = open(BUYER, id, 10 * USDT_UNIT);
		let due = 1 + WINDOW + 1;
		// The cursor is far behind (e.g. a chain that ran without the hook): each block looks
		// at 8 blocks of the queue at most.
		DeadlineCursor::<Test>::put(due - 10);
		System::set_block_number(due);
		OtcEscrow::on_initialize(due);
		assert_eq!(DeadlineCursor::<Test>::get(), due - 2);
		assert!(Orders::<Test>::contains_key(order));
		System::set_block_number(due + 1);
		OtcEscrow::on_initialize(due + 1);
		assert_eq!(settled(order).0, Outcome::Expired);
		assert_eq!(DeadlineCursor::<Test>::get(), due + 2);
	});
}

/// An expiry that cannot settle (here escrow's reserve is gone, so the refund to the seller of
/// a closed advert fails) leaves its order as it was, for anyone to cancel later, and the hook
/// goes on with the others.
#[test]
fn a_failed_expiry_leaves_its_order_for_later() {
	run_test(|| {
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		let stuck = open(BUYER, id, 10 * USDT_UNIT);
		let native = create(SELLER, NATIVE, 100 * USDT_UNIT);
		let fine = open(OTHER, native, 10 * USDT_UNIT);
		close(SELLER, id);
		let escrow = OtcEscrow::escrow_account();
		frame_support::assert_ok!(Assets::burn(
			RuntimeOrigin::signed(SELLER),
			USDT_ID,
			escrow,
			USDT_MIN
		));
		run_to_block(1 + WINDOW + 1);
		assert!(Orders::<Test>::contains_key(stuck));
		assert!(!Orders::<Test>::contains_key(fine));
		// With the reserve back, anyone expires it.
		frame_support::assert_ok!(<Assets as frame_support::traits::fungibles::Mutate<
			AccountId,
		>>::mint_into(USDT_ID, &escrow, USDT_MIN));
		frame_support::assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(OTHER), stuck));
		assert_eq!(settled(stuck), (Outcome::Expired, 0, 0, 10 * USDT_UNIT, 0));
		assert!(!Adverts::<Test>::contains_key(id));
	});
}

#[test]
fn churn_cannot_push_another_order_s_expiry_back() {
	run_test(|| {
		let victim_advert = create(SELLER, USDT, 1_000 * USDT_UNIT);
		let churned = create(SELLER, USDT, 1_000 * USDT_UNIT);
		let victim = open(BUYER, victim_advert, 10 * USDT_UNIT);
		// (Without the cooldown, which would stop the attacker after three.)
		Rules::<Test>::mutate(|r| r.max_strikes = u32::MAX);
		// In the same block (so due in the same block) an attacker opens and cancels orders
		// over and over, then keeps as many open as its caps allow.
		for _ in 0..40 {
			let order = open(OTHER, churned, 10 * USDT_UNIT);
			assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(OTHER), order));
		}
		for _ in 0..4 {
			open(OTHER, churned, 10 * USDT_UNIT);
		}
		let due = 1 + WINDOW + 1;
		// Settled orders left the queue: it holds the live unpaid orders only.
		assert_eq!(Deadlines::<Test>::iter_key_prefix(due).count(), 5);
		// The hook expires 4 a block: the victim's order is at most one block late.
		run_to_block(due + 1);
		assert!(!Orders::<Test>::contains_key(victim));
		assert_eq!(settled(victim).0, Outcome::Expired);
		assert_eq!(Deadlines::<Test>::iter().count(), 0);
	});
}
