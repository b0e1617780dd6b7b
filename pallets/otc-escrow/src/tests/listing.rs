//! Listed assets: only what governance listed trades, with its decimals and order sizes fixed;
//! delisting stops new business and lets open orders finish; junk tokens cannot lock escrow out.

use super::*;
use frame_support::{
	assert_noop,
	traits::{
		fungibles::{Create, Mutate},
		tokens::Preservation,
		Get,
	},
};
use sp_runtime::DispatchError;

/// A token `id` created by `issuer` (signed, as anyone may on the chain), named like USDT, with
/// a million minted to the issuer. Not listed.
fn issued_by(issuer: AccountId, id: u32, sufficient: bool) -> AssetKind {
	if sufficient {
		assert_ok!(Assets::force_create(RuntimeOrigin::root(), id, issuer, true, 1));
	} else {
		assert_ok!(Assets::create(RuntimeOrigin::signed(issuer), id, issuer, 1));
	}
	assert_ok!(Assets::set_metadata(
		RuntimeOrigin::signed(issuer),
		id,
		b"Tether USD".to_vec(),
		b"USDT".to_vec(),
		6
	));
	assert_ok!(<Assets as Mutate<AccountId>>::mint_into(id, &issuer, START_USDT));
	frame_support::traits::fungible::NativeOrWithId::WithId(id)
}

#[test]
fn a_token_its_issuer_created_cannot_be_sold_until_governance_lists_it() {
	run_test(|| {
		// Bob (OTHER) issues a token that calls itself Tether USD and offers it.
		let fake = issued_by(OTHER, 3, false);
		let call =
			Call::<Test>::create_advert { asset: fake, amount: 100 * USDT_UNIT, terms: terms() };
		assert_refused_untouched(RuntimeOrigin::signed(OTHER), call, Error::<Test>::AssetNotListed);
		// An asset that does not exist is refused the same way.
		let none = frame_support::traits::fungible::NativeOrWithId::WithId(77);
		let call = Call::<Test>::create_advert { asset: none, amount: 1, terms: terms() };
		assert_refused_untouched(RuntimeOrigin::signed(OTHER), call, Error::<Test>::AssetNotListed);
	});
}

#[test]
fn governance_lists_an_asset_with_its_decimals_fixed_and_its_order_sizes() {
	run_test(|| {
		let token = issued_by(OTHER, 3, true);
		let u = USDT_UNIT;
		assert_noop!(
			OtcEscrow::list_asset(RuntimeOrigin::signed(OTHER), token.clone(), u, 100 * u),
			DispatchError::BadOrigin
		);
		for (min, max) in [(0, u), (2 * u, u)] {
			assert_noop!(
				OtcEscrow::list_asset(RuntimeOrigin::root(), token.clone(), min, max),
				Error::<Test>::InvalidListing
			);
		}
		let none = frame_support::traits::fungible::NativeOrWithId::WithId(77);
		assert_noop!(
			OtcEscrow::list_asset(RuntimeOrigin::root(), none, u, 100 * u),
			Error::<Test>::UnknownAsset
		);
		// Escrow's account of the token is opened with a deposit from escrow's native balance.
		let deposit = <Test as pallet_assets::Config>::AssetAccountDeposit::get();
		assert_ok!(Balances::transfer_keep_alive(
			signed(OTHER),
			OtcEscrow::escrow_account(),
			deposit
		));
		assert_ok!(OtcEscrow::list_asset(RuntimeOrigin::root(), token.clone(), 10 * u, 500 * u));
		assert_eq!(
			last_event(),
			Event::AssetListed {
				asset: token.clone(),
				decimals: 6,
				min_order: 10 * u,
				max_order: 500 * u
			}
			.into()
		);
		// Escrow needs its reserve of the token, as of any asset.
		assert_ok!(<Assets as Mutate<AccountId>>::transfer(
			3,
			&OTHER,
			&OtcEscrow::escrow_account(),
			1,
			Preservation::Preserve
		));
		// The advert's limits must lie within the listed sizes.
		for t in [
			AdvertTerms { min_order: 10 * u - 1, ..terms() },
			AdvertTerms { max_order: 500 * u + 1, ..terms() },
		] {
			let call =
				Call::<Test>::create_advert { asset: token.clone(), amount: 600 * u, terms: t };
			assert_refused_untouched(
				RuntimeOrigin::signed(OTHER),
				call,
				Error::<Test>::OutsideListedLimits,
			);
		}
		let t = AdvertTerms { max_order: 500 * u, ..terms() };
		let id = NextAdvertId::<Test>::get();
		assert_ok!(OtcEscrow::create_advert(signed(OTHER), token.clone(), 600 * u, t));
		// The issuer changes the metadata's decimals: fiat totals keep the listed ones, also
		// when governance changes the sizes.
		assert_ok!(Assets::set_metadata(signed(OTHER), 3, b"T".to_vec(), b"T".to_vec(), 2));
		assert_ok!(OtcEscrow::list_asset(RuntimeOrigin::root(), token.clone(), 10 * u, 400 * u));
		assert_eq!(Listings::<Test>::get(&token).unwrap().decimals, 6);
		let order = open(BUYER, id, 100 * u);
		assert_eq!(Orders::<Test>::get(order).unwrap().fiat_total, 100 * PRICE);
		// Narrowed sizes refuse orders outside them, though the advert allows them.
		assert_noop!(
			OtcEscrow::open_order(signed(BUYER), id, 450 * u, m("SEPA"), 0),
			Error::<Test>::OutsideListedLimits
		);
	});
}

#[test]
fn delisting_stops_new_business_and_lets_every_open_order_finish() {
	run_test(|| {
		let u = USDT_UNIT;
		let id = create(SELLER, USDT, 300 * u);
		let paused = create(SELLER, USDT, 100 * u);
		assert_ok!(OtcEscrow::pause_advert(signed(SELLER), paused));
		let released = open(BUYER, id, 50 * u);
		let cancelled = open(OTHER, id, 50 * u);
		assert_noop!(OtcEscrow::delist_asset(signed(SELLER), USDT), DispatchError::BadOrigin);
		assert_ok!(OtcEscrow::delist_asset(RuntimeOrigin::root(), USDT));
		assert_eq!(last_event(), Event::AssetDelisted { asset: USDT }.into());
		assert_noop!(
			OtcEscrow::delist_asset(RuntimeOrigin::root(), USDT),
			Error::<Test>::AssetNotListed
		);
		// Off the book, and nothing new.
		assert!(OtcEscrow::advert_page(USDT, None, SellerFilter::default(), None, 100)
			.adverts
			.is_empty());
		let new_advert = Call::create_advert { asset: USDT, amount: 10 * u, terms: terms() };
		let refusals = [(SELLER, new_advert)].into_iter().chain(new_business(id, paused));
		for (who, call) in refusals {
			assert_refused_untouched(
				RuntimeOrigin::signed(who),
				call,
				Error::<Test>::AssetNotListed,
			);
		}
		// What is open finishes as usual.
		pay(BUYER, released);
		assert_ok!(OtcEscrow::release(signed(SELLER), released));
		assert_ok!(OtcEscrow::cancel_order(signed(OTHER), cancelled));
		assert_ok!(OtcEscrow::withdraw_from_advert(signed(SELLER), id, 100 * u));
		close(SELLER, id);
		close(SELLER, paused);
		assert_eq!(bal(USDT, BUYER), START_USDT + 50 * u - 50 * u / 1_000);
		assert_eq!(bal(USDT, SELLER), START_USDT - 50 * u);
		// Listed again, it trades again.
		assert_ok!(OtcEscrow::list_asset(RuntimeOrigin::root(), USDT, USDT_MIN, Balance::MAX));
		create(SELLER, USDT, 10 * u);
	});
}

#[test]
fn junk_tokens_sent_to_escrow_cannot_keep_it_from_holding_a_listed_asset() {
	run_test(|| {
		let escrow = OtcEscrow::escrow_account();
		// A stranger issues new non-sufficient tokens and mints one unit of each to escrow until
		// `pallet-assets` refuses another: each takes a consumer reference of escrow.
		let mut junk = 0;
		for id in 100..140 {
			assert_ok!(<Assets as Create<AccountId>>::create(id, OTHER, false, 1));
			if <Assets as Mutate<AccountId>>::mint_into(id, &escrow, 1).is_err() {
				break;
			}
			junk += 1;
		}
		assert!(junk > 0 && junk < 40, "pallet-assets caps consumers ({junk} junk tokens)");
		// A new token cannot reach escrow any more the plain way...
		let token = issued_by(SELLER, 3, false);
		let plain =
			<Assets as Mutate<AccountId>>::transfer(3, &SELLER, &escrow, 1, Preservation::Preserve);
		assert!(plain.is_err(), "the junk locked escrow out of a new token");
		// ...but listing opens escrow's account with a deposit, which takes no consumer.
		let deposit = <Test as pallet_assets::Config>::AssetAccountDeposit::get();
		assert_ok!(Balances::transfer_keep_alive(signed(OTHER), escrow, deposit));
		assert_ok!(OtcEscrow::list_asset(RuntimeOrigin::root(), token.clone(), 1, Balance::MAX));
		assert_ok!(<Assets as Mutate<AccountId>>::transfer(
			3,
			&SELLER,
			&escrow,
			1,
			Preservation::Preserve
		));
		let id = create(SELLER, token.clone(), 100 * USDT_UNIT);
		let order = open(BUYER, id, 100 * USDT_UNIT);
		assert_ok!(OtcEscrow::release(signed(SELLER), order));
		assert_eq!(bal(token, BUYER), 100 * USDT_UNIT - 100 * USDT_UNIT / 1_000);
		// The junk stays escrow's; `assert_escrow_exact` checks USDT and native only.
		assert_eq!(bal(frame_support::traits::fungible::NativeOrWithId::WithId(100), escrow), 1);
	});
}

#[test]
fn listing_without_the_deposit_for_escrow_s_account_is_refused() {
	run_test(|| {
		let token = issued_by(OTHER, 3, false);
		// Escrow holds only its native existential deposit, which it must keep.
		assert_noop!(
			OtcEscrow::list_asset(RuntimeOrigin::root(), token, 1, Balance::MAX),
			Error::<Test>::CannotOpenAccount
		);
	});
}
