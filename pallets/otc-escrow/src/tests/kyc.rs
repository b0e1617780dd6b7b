//! KYC for the life of a trade: a seller whose level drops keeps its adverts off the book and
//! takes no new business, while what is open finishes and its assets stay its own.

use super::*;
use frame_support::assert_noop;

#[test]
fn a_seller_whose_level_drops_leaves_the_book_and_takes_no_new_business() {
	run_test(|| {
		let u = USDT_UNIT;
		let id = create(SELLER, USDT, 300 * u);
		let paused = create(SELLER, USDT, 100 * u);
		assert_ok!(OtcEscrow::pause_advert(signed(SELLER), paused));
		let open_order = open(BUYER, id, 50 * u);
		let paid_order = open(OTHER, id, 50 * u);
		pay(OTHER, paid_order);
		// Suspended, revoked, expired or its provider removed: the gate reads a level below
		// the sellers' minimum.
		set_kyc(SELLER, KycLevel::Basic);
		assert!(OtcEscrow::advert_page(USDT, None, SellerFilter::default(), None, 100)
			.adverts
			.is_empty());
		for (who, call) in new_business(id, paused) {
			assert_refused_untouched(signed(who), call, Error::<Test>::SellerKycTooLow);
		}
		// The seller may still pause, withdraw and close.
		assert_ok!(OtcEscrow::withdraw_from_advert(signed(SELLER), id, 50 * u));
		// Its level back, the advert is on the book again.
		set_kyc(SELLER, KycLevel::Verified);
		assert_eq!(
			OtcEscrow::advert_page(USDT, None, SellerFilter::default(), None, 100)
				.adverts
				.len(),
			1
		);
		set_kyc(SELLER, KycLevel::None);
		assert_ok!(OtcEscrow::pause_advert(signed(SELLER), id));
		close(SELLER, id);
		close(SELLER, paused);
		// Orders already open finish as usual: nothing is stranded.
		assert_ok!(OtcEscrow::release(signed(SELLER), paid_order));
		assert_ok!(OtcEscrow::cancel_order(signed(BUYER), open_order));
		assert_eq!(bal(USDT, SELLER), START_USDT - 50 * u);
		assert_eq!(bal(USDT, OTHER), START_USDT + 50 * u - 50 * u / 1_000);
		assert!(Adverts::<Test>::iter().next().is_none());
	});
}

#[test]
fn a_buyer_whose_level_drops_finishes_its_open_orders() {
	run_test(|| {
		let id = create(SELLER, USDT, 100 * USDT_UNIT);
		let order = open(BUYER, id, 50 * USDT_UNIT);
		set_kyc(BUYER, KycLevel::None);
		assert_noop!(
			OtcEscrow::open_order(signed(BUYER), id, 10 * USDT_UNIT, m("SEPA"), 0),
			Error::<Test>::BuyerKycTooLow
		);
		pay(BUYER, order);
		assert_ok!(OtcEscrow::release(signed(SELLER), order));
		assert_eq!(bal(USDT, BUYER), START_USDT + 50 * USDT_UNIT - 50 * USDT_UNIT / 1_000);
	});
}
