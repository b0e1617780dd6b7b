//! Adverts: create with escrow, refusals, top-up, withdrawal, terms, pause, close.

use super::*;
use crate::mock::*;
use frame_support::{assert_noop, assert_ok};
use pallet_kyc_registry::KycLevel;
use sp_core::H256;

#[test]
fn create_advert_locks_the_assets_in_escrow() {
	run_test(|| {
		let escrow = OtcEscrow::escrow_account();
		let amount = 5_000 * USDT_UNIT;
		let id = create(SELLER, USDT, amount);
		assert_eq!((id, NextAdvertId::<Test>::get()), (0, 1));
		assert_eq!(bal(USDT, SELLER), START_USDT - amount);
		// Escrow held its reserve, the minimum balance, before.
		assert_eq!(bal(USDT, escrow), USDT_MIN + amount);
		assert_eq!(
			EscrowTotals::<Test>::get(USDT),
			EscrowTotal { owed: amount, fees: 0, claims: 0 }
		);
		assert_eq!(Traders::<Test>::get(SELLER).adverts.to_vec(), vec![id]);
		let advert = Adverts::<Test>::get(id).unwrap();
		assert_eq!(
			(advert.available, advert.in_orders, advert.status, advert.terms.clone()),
			(amount, 0, AdvertStatus::Open, terms())
		);
		assert_eq!(
			last_event(),
			Event::AdvertCreated {
				advert_id: id,
				seller: SELLER,
				asset: USDT,
				amount,
				terms: terms()
			}
			.into()
		);
		// The native token works the same way.
		let native_id = create(SELLER, NATIVE, 1_000_000_000_000);
		assert_eq!(Adverts::<Test>::get(native_id).unwrap().asset, NATIVE);
	});
}

#[test]
fn create_advert_refuses_bad_terms_and_changes_nothing() {
	run_test(|| {
		let u = USDT_UNIT;
		let call = |asset, amount, terms| Call::<Test>::create_advert { asset, amount, terms };
		let with = |f: &dyn Fn(&mut AdvertTermsOf<Test>)| {
			let mut t = terms();
			f(&mut t);
			t
		};
		let refused = |who, asset, amount, t, error: Error<Test>| {
			assert_refused_untouched(RuntimeOrigin::signed(who), call(asset, amount, t), error)
		};
		set_kyc(OTHER, KycLevel::Basic);
		refused(NO_KYC, USDT, 100 * u, terms(), Error::SellerKycTooLow);
		refused(OTHER, USDT, 100 * u, terms(), Error::SellerKycTooLow);
		refused(SELLER, USDT, 0, terms(), Error::ZeroAmount);
		refused(SELLER, USDT, 100 * u, with(&|t| t.price = 0), Error::ZeroPrice);
		for bad in ["eur", "EU", "E1R", ""] {
			refused(
				SELLER,
				USDT,
				100 * u,
				with(&|t| t.currency = cur(bad)),
				Error::InvalidCurrency,
			);
		}
		// min above max; min below the asset's minimum balance once the highest fee (5 % in the
		// mock) is taken: 105 units leave 99, below USDT's minimum of 100.
		for (min, max) in [(0, 50 * u), (60 * u, 50 * u), (USDT_MIN, 50 * u), (105, 50 * u)] {
			let t = with(&|t| (t.min_order, t.max_order) = (min, max));
			refused(SELLER, USDT, 100 * u, t, Error::InvalidOrderLimits);
		}
		for window in [4, 101] {
			let t = with(&|t| t.payment_window = window);
			refused(SELLER, USDT, 100 * u, t, Error::InvalidPaymentWindow);
		}
		let t = with(&|t| t.payment_methods = Default::default());
		refused(SELLER, USDT, 100 * u, t, Error::NoPaymentMethod);
		for bad in ["sepa", "SE PA", ""] {
			let t = with(&|t| t.payment_methods = vec![m(bad)].try_into().unwrap());
			refused(SELLER, USDT, 100 * u, t, Error::InvalidPaymentMethod);
		}
		let unknown = frame_support::traits::fungible::NativeOrWithId::WithId(77);
		refused(SELLER, unknown, 100 * u, terms(), Error::AssetNotListed);
		for _ in 0..4 {
			create(SELLER, USDT, 100 * u);
		}
		refused(SELLER, USDT, 100 * u, terms(), Error::TooManyAdverts);
		// Without the funds: the asset's error, nothing changed.
		assert_refused_untouched(
			RuntimeOrigin::signed(BUYER),
			call(USDT, START_USDT + 1, terms()),
			pallet_assets::Error::<Test>::BalanceLow,
		);
		// The smallest limits that are accepted: 106 units leave 100 after a 5 % fee.
		let t = with(&|t| t.min_order = 106);
		assert_ok!(OtcEscrow::create_advert(RuntimeOrigin::signed(BUYER), USDT, 100 * u, t));
	});
}

#[test]
fn an_asset_trades_once_escrow_holds_its_reserve() {
	run_test(|| {
		use frame_support::traits::fungibles::Mutate;
		let token = new_token(3, false);
		let call = Call::<Test>::create_advert {
			asset: token.clone(),
			amount: 100 * USDT_UNIT,
			terms: terms(),
		};
		assert_refused_untouched(
			RuntimeOrigin::signed(SELLER),
			call,
			Error::<Test>::NoEscrowReserve,
		);
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
		// BUYER holds none of the token: the release opens its account of it.
		let order = open(BUYER, id, 100 * USDT_UNIT);
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		assert_eq!(bal(token.clone(), BUYER), 100 * USDT_UNIT - 100 * USDT_UNIT / 1_000);
		assert_ok!(OtcEscrow::sweep_fees(RuntimeOrigin::signed(OTHER), token.clone()));
		assert_eq!(bal(token.clone(), escrow), 1);
		assert_eq!(EscrowTotals::<Test>::get(token), EscrowTotal { owed: 0, fees: 0, claims: 0 });
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
		for (who, amount, advert, error) in [
			(OTHER, 1, id, Error::<Test>::NotSeller),
			(SELLER, 0, id, Error::<Test>::ZeroAmount),
			(SELLER, 1, 42, Error::<Test>::UnknownAdvert),
		] {
			let origin = || RuntimeOrigin::signed(who);
			let error: sp_runtime::DispatchError = error.into();
			assert_noop!(OtcEscrow::top_up_advert(origin(), advert, amount), error);
			assert_noop!(OtcEscrow::withdraw_from_advert(origin(), advert, amount), error);
		}
		// A closed advert has nothing available: neither is possible.
		close(SELLER, id);
		assert_noop!(
			OtcEscrow::top_up_advert(RuntimeOrigin::signed(SELLER), id, 1),
			Error::<Test>::AdvertClosed
		);
		assert_noop!(
			OtcEscrow::withdraw_from_advert(RuntimeOrigin::signed(SELLER), id, 1),
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
		let new_terms = AdvertTerms {
			price: 95,
			currency: cur("USD"),
			min_order: 20 * USDT_UNIT,
			max_order: 200 * USDT_UNIT,
			payment_methods: vec![m("WIRE")].try_into().unwrap(),
			payment_window: 20,
			min_buyer_level: KycLevel::Enhanced,
			terms_hash: Some(H256::repeat_byte(7)),
			buyer_conditions: BuyerConditions::default(),
			buyer_bond: 0,
			seller_bond: 0,
		};
		assert_ok!(OtcEscrow::update_advert(RuntimeOrigin::signed(SELLER), id, new_terms.clone()));
		assert_eq!(
			last_event(),
			Event::AdvertUpdated { advert_id: id, terms: new_terms.clone(), terms_version: 1 }
				.into()
		);
		assert_eq!(Adverts::<Test>::get(id).unwrap().terms, new_terms);
		// The open order keeps its terms.
		let order = Orders::<Test>::get(first).unwrap();
		assert_eq!((order.price, order.currency, order.fiat_total), (PRICE, cur("EUR"), 9_200));
		// New orders need the new level and method.
		let order_by = |method| {
			OtcEscrow::open_order(RuntimeOrigin::signed(OTHER), id, 50 * USDT_UNIT, m(method), 1)
		};
		assert_noop!(order_by("WIRE"), Error::<Test>::BuyerKycTooLow);
		set_kyc(OTHER, KycLevel::Enhanced);
		assert_noop!(order_by("SEPA"), Error::<Test>::PaymentMethodNotAccepted);
		assert_ok!(order_by("WIRE"));
		// Refusals.
		let update = |who, price| {
			OtcEscrow::update_advert(
				RuntimeOrigin::signed(who),
				id,
				AdvertTerms { price, ..new_terms.clone() },
			)
		};
		assert_noop!(update(OTHER, 90), Error::<Test>::NotSeller);
		assert_noop!(update(SELLER, 0), Error::<Test>::ZeroPrice);
		close(SELLER, id);
		assert_noop!(update(SELLER, 90), Error::<Test>::AdvertClosed);
	});
}

#[test]
fn pause_and_resume() {
	run_test(|| {
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		let signed = RuntimeOrigin::signed;
		assert_noop!(OtcEscrow::resume_advert(signed(SELLER), id), Error::<Test>::AdvertNotPaused);
		assert_noop!(OtcEscrow::pause_advert(signed(OTHER), id), Error::<Test>::NotSeller);
		assert_ok!(OtcEscrow::pause_advert(signed(SELLER), id));
		assert_eq!(last_event(), Event::AdvertPaused { advert_id: id }.into());
		assert_noop!(OtcEscrow::pause_advert(signed(SELLER), id), Error::<Test>::AdvertPaused);
		assert_noop!(
			OtcEscrow::open_order(signed(BUYER), id, 50 * USDT_UNIT, m("SEPA"), v(id)),
			Error::<Test>::AdvertPaused
		);
		assert_ok!(OtcEscrow::resume_advert(signed(SELLER), id));
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
		close(SELLER, id);
		assert!(emitted(Event::AdvertClosed {
			advert_id: id,
			returned: 500 * USDT_UNIT,
			open_orders: 0
		}));
		assert_eq!(last_event(), Event::AdvertRemoved { advert_id: id }.into());
		assert_eq!(bal(USDT, SELLER), START_USDT);
		assert!(Adverts::<Test>::get(id).is_none());
		assert!(!Traders::<Test>::contains_key(SELLER));
		assert_noop!(
			OtcEscrow::close_advert(RuntimeOrigin::signed(SELLER), id),
			Error::<Test>::UnknownAdvert
		);
	});
}

/// Orders open when their advert closes end as usual; each that ends without a sale pays the
/// seller back at once, and the advert is gone with the last, freeing the seller's slot.
#[test]
fn a_closed_advert_s_orders_finish_and_it_goes_with_the_last() {
	run_test(|| {
		for _ in 0..3 {
			create(SELLER, USDT, 100 * USDT_UNIT);
		}
		let id = create(SELLER, USDT, 500 * USDT_UNIT);
		let released = open(BUYER, id, 100 * USDT_UNIT);
		let cancelled = open(OTHER, id, 50 * USDT_UNIT);
		let expired = open(FRESH, id, 20 * USDT_UNIT);
		let before = bal(USDT, SELLER);
		close(SELLER, id);
		assert_eq!(
			last_event(),
			Event::AdvertClosed { advert_id: id, returned: 330 * USDT_UNIT, open_orders: 3 }.into()
		);
		assert_eq!(bal(USDT, SELLER), before + 330 * USDT_UNIT);
		let advert = Adverts::<Test>::get(id).unwrap();
		assert_eq!(
			(advert.status, advert.available, advert.in_orders),
			(AdvertStatus::Closed, 0, 170 * USDT_UNIT)
		);
		// Its slot is still taken.
		let call =
			Call::<Test>::create_advert { asset: USDT, amount: USDT_UNIT * 10, terms: terms() };
		assert_refused_untouched(
			RuntimeOrigin::signed(SELLER),
			call,
			Error::<Test>::TooManyAdverts,
		);
		assert_noop!(
			OtcEscrow::open_order(
				RuntimeOrigin::signed(BUYER),
				id,
				10 * USDT_UNIT,
				m("SEPA"),
				v(id)
			),
			Error::<Test>::AdvertClosed
		);

		// A cancellation pays the seller back at once.
		assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(OTHER), cancelled));
		assert_eq!(settled(cancelled), (Outcome::Cancelled, 0, 0, 50 * USDT_UNIT, 0));
		assert_eq!(bal(USDT, SELLER), before + 380 * USDT_UNIT);
		// A release pays the buyer.
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), released));
		assert!(Adverts::<Test>::contains_key(id));
		// The last order expires: the seller is paid back and the advert is gone.
		run_to_block(1 + WINDOW + 1);
		assert_eq!(settled(expired), (Outcome::Expired, 0, 0, 20 * USDT_UNIT, 0));
		assert_eq!(last_event(), Event::AdvertRemoved { advert_id: id }.into());
		assert_eq!(bal(USDT, SELLER), before + 400 * USDT_UNIT);
		assert!(Adverts::<Test>::get(id).is_none());
		let trader = Traders::<Test>::get(SELLER);
		assert_eq!((trader.adverts.len(), trader.record.sold), (3, 1));
		create(SELLER, USDT, 10 * USDT_UNIT);
	});
}
