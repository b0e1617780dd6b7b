//! A way out of a stuck asset: governance delists it and ends its adverts; every payout that
//! cannot move becomes a recorded claim, paid when the asset moves again or settled by
//! governance. `run_test`'s `try_state` proves escrow owes exactly adverts, orders and claims.

use super::*;
use frame_support::assert_noop;
use sp_core::H256;
use sp_runtime::DispatchError;

const TOKEN_ID: u32 = 3;
const U: Balance = USDT_UNIT;

/// An advert of SELLER in a new listed token (SELLER is its issuer: owner, admin, freezer)
/// with an unpaid order of BUYER, a paid order of OTHER and a disputed order of FRESH, 50 each.
fn stuck_market() -> (AssetKind, AdvertId, [OrderId; 3]) {
	let token = new_token(TOKEN_ID, true);
	let id = create(SELLER, token.clone(), 400 * U);
	let unpaid = open(BUYER, id, 50 * U);
	let paid = open(OTHER, id, 50 * U);
	pay(OTHER, paid);
	let disputed = open(FRESH, id, 50 * U);
	pay(FRESH, disputed);
	assert_ok!(OtcEscrow::open_dispute(signed(SELLER), disputed, H256::zero()));
	(token, id, [unpaid, paid, disputed])
}

fn claim_of(asset: &AssetKind, who: AccountId) -> Balance {
	Claims::<Test>::get(asset, who)
}

#[test]
fn a_frozen_asset_ends_in_claims_that_are_paid_once_it_moves_again() {
	run_test(|| {
		let (token, id, [unpaid, paid, disputed]) = stuck_market();
		// The issuer freezes the token: while listed, nothing that moves it can end.
		assert_ok!(Assets::freeze_asset(signed(SELLER), TOKEN_ID));
		assert!(OtcEscrow::release(signed(SELLER), paid).is_err());
		assert!(OtcEscrow::close_advert(signed(SELLER), id).is_err());
		assert_noop!(
			OtcEscrow::end_advert(RuntimeOrigin::root(), id),
			Error::<Test>::AssetStillListed
		);
		assert_ok!(OtcEscrow::delist_asset(RuntimeOrigin::root(), token.clone()));
		assert_noop!(OtcEscrow::end_advert(signed(SELLER), id), DispatchError::BadOrigin);
		assert_noop!(
			OtcEscrow::end_advert(RuntimeOrigin::root(), 99),
			Error::<Test>::UnknownAdvert
		);
		// Governance ends the advert: the available 250 and the unpaid order's 50 become the
		// seller's claim; the unpaid order's buyer is not counted as cancelling.
		assert_ok!(OtcEscrow::end_advert(RuntimeOrigin::root(), id));
		assert_eq!(settled(unpaid), (Outcome::Ended, 0, 0, 50 * U, 0));
		assert_eq!(claim_of(&token, SELLER), 300 * U);
		assert_eq!(record(BUYER), TradeRecord::default());
		assert_eq!(Adverts::<Test>::get(id).unwrap().status, AdvertStatus::Closed);
		// Paid and disputed orders go on, and end in claims.
		assert_ok!(OtcEscrow::release(signed(SELLER), paid));
		let fee = 50 * U / 1_000;
		assert_eq!(claim_of(&token, OTHER), 50 * U - fee);
		run_to_block(System::block_number() + 1);
		assert_ok!(OtcEscrow::resolve_dispute(signed(ARBITER), disputed, 5_000, Fault::Neither));
		assert_eq!(claim_of(&token, FRESH), 25 * U - 25 * U / 1_000);
		assert_eq!(claim_of(&token, SELLER), 325 * U);
		assert!(emitted(Event::ClaimRecorded {
			asset: token.clone(),
			who: FRESH,
			amount: 25 * U - 25 * U / 1_000,
			claim: 25 * U - 25 * U / 1_000,
		}));
		// Every slot is free.
		assert!(!Adverts::<Test>::contains_key(id));
		assert!(Orders::<Test>::iter().next().is_none());
		for who in [SELLER, BUYER, OTHER, FRESH] {
			let trader = Traders::<Test>::get(who);
			assert!(trader.adverts.is_empty() && trader.orders.is_empty());
		}
		let total = EscrowTotals::<Test>::get(&token);
		assert_eq!(
			(total.owed, total.claims),
			(0, 325 * U + 50 * U - fee + 25 * U - 25 * U / 1_000)
		);
		// While frozen, a claim cannot be paid, and stays.
		assert!(OtcEscrow::claim(signed(OTHER), token.clone()).is_err());
		assert_eq!(claim_of(&token, OTHER), 50 * U - fee);
		// Thawed, every claimant is paid in full.
		assert_ok!(Assets::thaw_asset(signed(SELLER), TOKEN_ID));
		for who in [SELLER, OTHER, FRESH] {
			let (before, owed) = (bal(token.clone(), who), claim_of(&token, who));
			assert_ok!(OtcEscrow::claim(signed(who), token.clone()));
			assert_eq!(
				last_event(),
				Event::ClaimPaid { asset: token.clone(), who, amount: owed }.into()
			);
			assert_eq!(bal(token.clone(), who), before + owed);
		}
		assert_noop!(OtcEscrow::claim(signed(OTHER), token.clone()), Error::<Test>::NoClaim);
		assert_eq!(bal(token.clone(), SELLER), START_USDT - 100 * U + 25 * U);
		// Only the fees are left in escrow's books.
		let total = EscrowTotals::<Test>::get(&token);
		assert_eq!((total.owed, total.claims, total.fees), (0, 0, fee + 25 * U / 1_000));
	});
}

#[test]
fn a_destroyed_asset_s_claims_stand_until_governance_settles_them() {
	run_test(|| {
		let (token, id, [_, paid, disputed]) = stuck_market();
		assert_ok!(OtcEscrow::delist_asset(RuntimeOrigin::root(), token.clone()));
		// The issuer destroys the token, escrow's holding with it.
		assert_ok!(Assets::freeze_asset(signed(SELLER), TOKEN_ID));
		assert_ok!(Assets::start_destroy(signed(SELLER), TOKEN_ID));
		assert_ok!(Assets::destroy_accounts(signed(SELLER), TOKEN_ID));
		assert_ok!(Assets::destroy_approvals(signed(SELLER), TOKEN_ID));
		assert_ok!(Assets::finish_destroy(signed(SELLER), TOKEN_ID));
		assert_eq!(bal(token.clone(), OtcEscrow::escrow_account()), 0);
		// Every trade still ends, in claims.
		assert_ok!(OtcEscrow::end_advert(RuntimeOrigin::root(), id));
		assert_ok!(OtcEscrow::release(signed(SELLER), paid));
		assert_ok!(OtcEscrow::resolve_dispute(
			RuntimeOrigin::root(),
			disputed,
			10_000,
			Fault::Neither
		));
		assert!(Orders::<Test>::iter().next().is_none() && !Adverts::<Test>::contains_key(id));
		let fee = 50 * U / 1_000;
		assert_eq!(claim_of(&token, SELLER), 300 * U);
		assert_eq!(claim_of(&token, OTHER), 50 * U - fee);
		assert_eq!(claim_of(&token, FRESH), 50 * U - fee);
		assert!(OtcEscrow::claim(signed(OTHER), token.clone()).is_err());
		// Governance settles each claim off the chain's books, on the record.
		assert_noop!(
			OtcEscrow::settle_claim(signed(OTHER), token.clone(), OTHER),
			DispatchError::BadOrigin
		);
		assert_noop!(
			OtcEscrow::settle_claim(RuntimeOrigin::root(), token.clone(), BUYER),
			Error::<Test>::NoClaim
		);
		assert_ok!(OtcEscrow::settle_claim(RuntimeOrigin::root(), token.clone(), OTHER));
		assert_eq!(
			last_event(),
			Event::ClaimSettled { asset: token.clone(), who: OTHER, amount: 50 * U - fee }.into()
		);
		assert_eq!(claim_of(&token, OTHER), 0);
		assert_eq!(EscrowTotals::<Test>::get(&token).claims, 300 * U + 50 * U - fee);
	});
}

#[test]
fn a_listed_asset_never_turns_payouts_into_claims() {
	run_test(|| {
		let id = create(SELLER, USDT, 100 * U);
		let order = open(BUYER, id, 50 * U);
		assert_ok!(Assets::freeze_asset(signed(SELLER), USDT_ID));
		// USDT is frozen: the release fails as a whole while USDT is listed.
		assert!(OtcEscrow::release(signed(SELLER), order).is_err());
		assert!(Orders::<Test>::contains_key(order));
		assert_eq!(Claims::<Test>::iter().count(), 0);
		assert_ok!(Assets::thaw_asset(signed(SELLER), USDT_ID));
	});
}
