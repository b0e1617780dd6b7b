//! Trade records, advert conditions on buyers, and limits by KYC level with the ramp for new
//! buyers.

use super::*;
use frame_support::{assert_noop, assert_ok};
use pallet_kyc_registry::KycLevel;

/// An advert of `seller` in USDT that asks `conditions` of its buyers.
fn advert_asking(seller: AccountId, conditions: BuyerConditions<u64>) -> AdvertId {
	let id = NextAdvertId::<Test>::get();
	let terms = AdvertTerms { buyer_conditions: conditions, ..terms() };
	assert_ok!(OtcEscrow::create_advert(
		RuntimeOrigin::signed(seller),
		USDT,
		500 * USDT_UNIT,
		terms
	));
	id
}

/// `buyer` buys 10 USDT from a fresh advert of `seller`, released at once.
fn trade(seller: AccountId, buyer: AccountId) {
	let id = create(seller, USDT, 10 * USDT_UNIT);
	let order = open(buyer, id, 10 * USDT_UNIT);
	assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(seller), order));
	close(seller, id);
}

fn open_call(buyer: AccountId, advert: AdvertId, amount: Balance) -> DispatchResult {
	OtcEscrow::open_order(RuntimeOrigin::signed(buyer), advert, amount, m("SEPA"), v(advert))
}

/// Asserts that `buyer`'s order of `amount` on `advert` is refused with `error`, changing
/// nothing.
fn refused(buyer: AccountId, advert: AdvertId, amount: Balance, error: Error<Test>) {
	let call = Call::open_order {
		advert_id: advert,
		amount,
		payment_method: m("SEPA"),
		terms_version: v(advert),
	};
	assert_refused_untouched(RuntimeOrigin::signed(buyer), call, error);
}

use sp_runtime::{DispatchError, DispatchResult};

#[test]
fn an_advert_asking_five_trades_refuses_a_new_buyer_and_takes_it_after_five() {
	run_test(|| {
		let conditions = BuyerConditions { min_trades: 5, ..Default::default() };
		let id = advert_asking(SELLER, conditions);
		refused(FRESH, id, 10 * USDT_UNIT, Error::<Test>::BuyerTooFewTrades);
		for _ in 0..4 {
			trade(OTHER, FRESH);
		}
		assert_noop!(open_call(FRESH, id, 10 * USDT_UNIT), Error::<Test>::BuyerTooFewTrades);
		trade(OTHER, FRESH);
		assert_eq!(record(FRESH).bought, 5);
		assert_ok!(open_call(FRESH, id, 10 * USDT_UNIT));
		// Sales count as completed trades too.
		let id = advert_asking(OTHER, conditions);
		for _ in 0..5 {
			trade(BUYER, FRESH);
		}
		assert_eq!((record(BUYER).sold, record(BUYER).bought), (5, 0));
		assert_ok!(open_call(BUYER, id, 10 * USDT_UNIT));
	});
}

#[test]
fn an_advert_refuses_a_buyer_who_cancels_too_often_until_its_window_passes() {
	run_test(|| {
		let id = create(OTHER, USDT, 500 * USDT_UNIT);
		// One completed purchase, then two cancellations: 2 of 3 recent orders failed.
		trade(SELLER, BUYER);
		for _ in 0..2 {
			let order = open(BUYER, id, 10 * USDT_UNIT);
			assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), order));
		}
		let conditions = BuyerConditions { max_failure_bps: Some(5_000), ..Default::default() };
		let strict = advert_asking(SELLER, conditions);
		assert_noop!(
			open_call(BUYER, strict, 10 * USDT_UNIT),
			Error::<Test>::BuyerFailureRateTooHigh
		);
		assert_eq!(OtcEscrow::trade_stats(&BUYER).failure_bps, 6_666);
		// The window is 6 buckets of RECENT_BUCKET blocks: once it has passed, the rate is 0
		// while the lifetime totals stay.
		System::set_block_number(1 + 6 * RECENT_BUCKET);
		let stats = OtcEscrow::trade_stats(&BUYER);
		assert_eq!((stats.failure_bps, stats.completion_bps), (0, None));
		assert_eq!((stats.record.bought, stats.record.cancelled), (1, 2));
		assert_ok!(open_call(BUYER, strict, 10 * USDT_UNIT));
	});
}

#[test]
fn the_recent_window_rolls_bucket_by_bucket() {
	let mut r = TradeRecord::<u64>::default();
	let done = TradeEntry { completed: true, ..Default::default() };
	let failed = TradeEntry { cancelled: true, ..Default::default() };
	r.add(Side::Buyer, &done, 10, 0);
	r.add(Side::Buyer, &failed, 60, 1);
	r.add(Side::Buyer, &failed, 61, 1);
	assert_eq!(
		r.recent_counts(1),
		RecentCounts { completed: 1, cancelled: 2, ..Default::default() }
	);
	// Epoch 5 still sees epoch 0; epoch 6 does not.
	assert_eq!(r.recent_counts(5).orders(), 3);
	assert_eq!(r.recent_counts(6).orders(), 2);
	// Epoch 6 reuses epoch 0's slot: the old counts go.
	r.add(Side::Seller, &done, 300, 6);
	assert_eq!(
		r.recent[0],
		RecentBucket { epoch: 6, counts: RecentCounts { completed: 1, ..Default::default() } }
	);
	assert_eq!(
		r.recent_counts(6),
		RecentCounts { completed: 1, cancelled: 2, ..Default::default() }
	);
	assert_eq!(r.recent_counts(7), RecentCounts { completed: 1, ..Default::default() });
	assert_eq!(r.recent_counts(12).orders(), 0);
	// Lifetime totals and first and last trade stay.
	assert_eq!(
		(r.bought, r.sold, r.cancelled, r.first_trade, r.last_trade),
		(1, 1, 2, Some(10), Some(300))
	);
}

#[test]
fn an_advert_asking_an_account_age_counts_from_kyc_or_the_first_trade() {
	run_test(|| {
		let conditions = BuyerConditions { min_account_age: 100, ..Default::default() };
		let id = advert_asking(SELLER, conditions);
		// Verified at block 1 (the mock's default): 100 blocks later it may buy.
		System::set_block_number(100);
		assert_noop!(open_call(BUYER, id, 10 * USDT_UNIT), Error::<Test>::BuyerAccountTooNew);
		System::set_block_number(101);
		assert_ok!(open_call(BUYER, id, 10 * USDT_UNIT));
		// Verified later, but it traded before: the first trade counts.
		set_verified_since(FRESH, Some(90));
		assert_eq!(OtcEscrow::trade_stats(&FRESH).account_age, 11);
		set_verified_since(FRESH, None);
		assert_eq!(OtcEscrow::trade_stats(&FRESH).account_age, 0);
		trade(OTHER, FRESH);
		System::set_block_number(201);
		set_verified_since(FRESH, Some(150));
		assert_eq!(OtcEscrow::trade_stats(&FRESH).account_age, 100);
		assert_ok!(open_call(FRESH, id, 10 * USDT_UNIT));
	});
}

#[test]
fn conditions_are_checked_when_the_advert_is_posted() {
	run_test(|| {
		let terms = AdvertTerms {
			buyer_conditions: BuyerConditions {
				max_failure_bps: Some(10_001),
				..Default::default()
			},
			..terms()
		};
		let call = Call::create_advert { asset: USDT, amount: 100 * USDT_UNIT, terms };
		assert_refused_untouched(
			RuntimeOrigin::signed(SELLER),
			call,
			Error::<Test>::InvalidConditions,
		);
	});
}

fn limit(max_order: Balance, max_open: Balance) -> Option<TradeLimitOf<Test>> {
	Some(TradeLimit { max_order: max_order * USDT_UNIT, max_open: max_open * USDT_UNIT })
}

fn set_limit(level: KycLevel, l: Option<TradeLimitOf<Test>>) {
	assert_ok!(OtcEscrow::set_limit(RuntimeOrigin::root(), USDT, level, l));
}

#[test]
fn a_buyer_s_limits_follow_its_kyc_level() {
	run_test(|| {
		let id = create(SELLER, USDT, 1_000 * USDT_UNIT);
		set_limit(KycLevel::Verified, limit(100, 150));
		assert_eq!(
			last_event(),
			Event::LimitSet { asset: USDT, level: KycLevel::Verified, limit: limit(100, 150) }
				.into()
		);
		assert_noop!(open_call(BUYER, id, 101 * USDT_UNIT), Error::<Test>::AboveOrderLimit);
		open(BUYER, id, 100 * USDT_UNIT);
		// The open total: 100 open, 50 more is the limit.
		assert_noop!(open_call(BUYER, id, 51 * USDT_UNIT), Error::<Test>::AboveOpenLimit);
		let second = open(BUYER, id, 50 * USDT_UNIT);
		assert_eq!(AssetRecords::<Test>::get(BUYER, USDT).buying, 150 * USDT_UNIT);
		// An order that ends frees its room.
		assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), second));
		open(BUYER, id, 50 * USDT_UNIT);
		// Another level has its own limits (none here); another asset is not limited.
		set_kyc(OTHER, KycLevel::Enhanced);
		open(OTHER, id, 500 * USDT_UNIT);
		// Removed, the limits no longer apply.
		set_limit(KycLevel::Verified, None);
		open(FRESH, id, 200 * USDT_UNIT);
	});
}

#[test]
fn a_new_buyer_climbs_the_ramp_with_its_account_age() {
	run_test(|| {
		let id = create(SELLER, USDT, 1_000 * USDT_UNIT);
		set_limit(KycLevel::Verified, limit(400, 1_000));
		// As Bisq: 4 % of the limit at first, half after 30 blocks, all after 60.
		let ramp: RampOf<Test> = vec![
			RampStep { from_age: 0, share_bps: 400 },
			RampStep { from_age: 30, share_bps: 5_000 },
			RampStep { from_age: 60, share_bps: 10_000 },
		]
		.try_into()
		.unwrap();
		assert_ok!(OtcEscrow::set_ramp(RuntimeOrigin::root(), ramp.clone()));
		assert_eq!(last_event(), Event::RampSet { ramp }.into());
		// Verified at block 1: 16 USDT (4 % of 400).
		refused(BUYER, id, 17 * USDT_UNIT, Error::<Test>::AboveOrderLimit);
		let small = open(BUYER, id, 16 * USDT_UNIT);
		assert_ok!(OtcEscrow::cancel_order(RuntimeOrigin::signed(BUYER), small));
		System::set_block_number(31);
		assert_noop!(open_call(BUYER, id, 201 * USDT_UNIT), Error::<Test>::AboveOrderLimit);
		open(BUYER, id, 200 * USDT_UNIT);
		System::set_block_number(61);
		open(BUYER, id, 400 * USDT_UNIT);
	});
}

#[test]
fn a_seller_s_limits_bound_its_adverts_and_what_it_has_in_escrow() {
	run_test(|| {
		set_limit(KycLevel::Verified, limit(500, 1_500));
		// `terms()` offer orders up to 1 000 USDT: above the seller's single-order limit.
		let call = Call::create_advert { asset: USDT, amount: 100 * USDT_UNIT, terms: terms() };
		assert_refused_untouched(
			RuntimeOrigin::signed(SELLER),
			call,
			Error::<Test>::AboveOrderLimit,
		);
		let small = AdvertTerms { max_order: 500 * USDT_UNIT, ..terms() };
		let create = |amount| {
			OtcEscrow::create_advert(RuntimeOrigin::signed(SELLER), USDT, amount, small.clone())
		};
		assert_ok!(create(1_000 * USDT_UNIT));
		let id = NextAdvertId::<Test>::get() - 1;
		assert_noop!(create(501 * USDT_UNIT), Error::<Test>::AboveOpenLimit);
		assert_ok!(create(500 * USDT_UNIT));
		assert_eq!(AssetRecords::<Test>::get(SELLER, USDT).selling, 1_500 * USDT_UNIT);
		assert_noop!(
			OtcEscrow::top_up_advert(RuntimeOrigin::signed(SELLER), id, 1),
			Error::<Test>::AboveOpenLimit
		);
		assert_noop!(
			OtcEscrow::update_advert(RuntimeOrigin::signed(SELLER), id, terms()),
			Error::<Test>::AboveOrderLimit
		);
		// A sale frees room: 100 sold, 100 may be added again.
		let order = open(BUYER, id, 100 * USDT_UNIT);
		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		assert_ok!(OtcEscrow::top_up_advert(RuntimeOrigin::signed(SELLER), id, 100 * USDT_UNIT));
		// Withdrawing and closing free it too.
		assert_ok!(OtcEscrow::withdraw_from_advert(
			RuntimeOrigin::signed(SELLER),
			id,
			200 * USDT_UNIT
		));
		close(SELLER, id);
		assert_eq!(AssetRecords::<Test>::get(SELLER, USDT).selling, 500 * USDT_UNIT);
	});
}

#[test]
fn governance_sets_valid_limits_and_ramps_only() {
	run_test(|| {
		let token = new_token(9, true);
		assert_ok!(OtcEscrow::delist_asset(RuntimeOrigin::root(), token.clone()));
		let refused = [
			(
				OtcEscrow::set_limit(
					RuntimeOrigin::signed(SELLER),
					USDT,
					KycLevel::Basic,
					limit(1, 1),
				),
				DispatchError::BadOrigin,
			),
			(
				OtcEscrow::set_limit(RuntimeOrigin::root(), token, KycLevel::Basic, limit(1, 1)),
				Error::<Test>::AssetNotListed.into(),
			),
			(
				OtcEscrow::set_limit(RuntimeOrigin::root(), USDT, KycLevel::Basic, limit(0, 1)),
				Error::<Test>::InvalidLimit.into(),
			),
			(
				OtcEscrow::set_limit(RuntimeOrigin::root(), USDT, KycLevel::Basic, limit(2, 1)),
				Error::<Test>::InvalidLimit.into(),
			),
		];
		for (result, error) in refused {
			assert_eq!(result, Err(error));
		}
		let ramp = |steps: &[(u64, Bps)]| -> RampOf<Test> {
			steps
				.iter()
				.map(|(a, s)| RampStep { from_age: *a, share_bps: *s })
				.collect::<Vec<_>>()
				.try_into()
				.unwrap()
		};
		for bad in [&[(1, 100)][..], &[(0, 100), (0, 200)], &[(0, 500), (10, 100)], &[(0, 10_001)]]
		{
			assert_noop!(
				OtcEscrow::set_ramp(RuntimeOrigin::root(), ramp(bad)),
				Error::<Test>::InvalidRamp
			);
		}
		assert_noop!(
			OtcEscrow::set_ramp(RuntimeOrigin::signed(SELLER), ramp(&[])),
			DispatchError::BadOrigin
		);
		assert_ok!(OtcEscrow::set_ramp(RuntimeOrigin::root(), ramp(&[(0, 0), (10, 10_000)])));
		assert_ok!(OtcEscrow::set_ramp(RuntimeOrigin::root(), ramp(&[])));
		assert!(Limits::<Test>::iter().next().is_none());
	});
}

#[test]
fn the_book_filters_sellers_by_their_records() {
	run_test(|| {
		let proven = create(SELLER, USDT, 100 * USDT_UNIT);
		let new = create(OTHER, USDT, 100 * USDT_UNIT);
		for _ in 0..2 {
			let order = open(BUYER, proven, 10 * USDT_UNIT);
			assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), order));
		}
		let page = |filter| page_ids(&OtcEscrow::advert_page(USDT, None, filter, None, 10));
		assert_eq!(page(SellerFilter::default()), vec![proven, new]);
		assert_eq!(page(SellerFilter { min_trades: 2, min_completion_bps: None }), vec![proven]);
		assert_eq!(
			page(SellerFilter { min_trades: 3, min_completion_bps: None }),
			Vec::<AdvertId>::new()
		);
		// A seller without recent orders has no rate: a minimum leaves it out.
		assert_eq!(
			page(SellerFilter { min_trades: 0, min_completion_bps: Some(9_000) }),
			vec![proven]
		);
	});
}
