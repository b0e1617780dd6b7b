//! Unit tests by concern, on the mock runtime. `run_test` checks `try_state` and that escrow holds
//! exactly what it owes after each. Shared helpers are here.

mod adverts;
mod bonds;
mod claims;
mod disputes;
mod expiry;
mod invariants;
mod kyc;
mod listing;
mod orders;
mod property;
mod reads;
mod reputation;
mod scale;
mod settlement;
mod weights;

use crate::{mock::*, *};
use frame_support::{assert_ok, traits::fungibles::Inspect};
use pallet_kyc_registry::KycLevel;

/// Price of one USDT: 0.92 EUR.
pub const PRICE: u128 = 92;
/// Payment window of the adverts the tests create, in blocks.
pub const WINDOW: u64 = 10;
/// KYC'd (the mock's default level) and holding nothing at all.
pub const FRESH: AccountId = 5;

/// A payment method code.
pub fn m(code: &str) -> MethodCode {
	code.as_bytes().to_vec().try_into().unwrap()
}

/// A currency code.
pub fn cur(code: &str) -> CurrencyCode {
	code.as_bytes().to_vec().try_into().unwrap()
}

/// The terms the tests' adverts have unless a test says otherwise: 0.92 EUR a USDT, orders of
/// 10 to 1 000 USDT, SEPA or REVOLUT, a window of 10 blocks, any KYC'd buyer.
pub fn terms() -> AdvertTermsOf<Test> {
	AdvertTerms {
		price: PRICE,
		currency: cur("EUR"),
		min_order: 10 * USDT_UNIT,
		max_order: 1_000 * USDT_UNIT,
		payment_methods: vec![m("SEPA"), m("REVOLUT")].try_into().unwrap(),
		payment_window: WINDOW,
		min_buyer_level: KycLevel::None,
		terms_hash: None,
		buyer_bond: 0,
		seller_bond: 0,
		buyer_conditions: BuyerConditions::default(),
	}
}

/// A signed origin of `who`.
pub fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

/// The ids of a page of the book.
pub fn page_ids(page: &AdvertPage<AdvertOf<Test>>) -> Vec<AdvertId> {
	page.adverts.iter().map(|(id, _)| *id).collect()
}

/// `who`'s trade record.
pub fn record(who: AccountId) -> TradeRecordOf<Test> {
	Traders::<Test>::get(who).record
}

/// `who`'s balance of `asset`.
pub fn bal(asset: AssetKind, who: AccountId) -> Balance {
	Union::balance(asset, &who)
}

/// Creates an advert of `amount` with [`terms`]; returns its id.
pub fn create(seller: AccountId, asset: AssetKind, amount: Balance) -> AdvertId {
	let id = NextAdvertId::<Test>::get();
	assert_ok!(OtcEscrow::create_advert(RuntimeOrigin::signed(seller), asset, amount, terms()));
	id
}

/// The terms version `advert` has now (0 if it does not exist).
pub fn v(advert: AdvertId) -> TermsVersion {
	Adverts::<Test>::get(advert).map_or(0, |a| a.terms_version)
}

/// Opens an order of `amount` paid by SEPA on the advert's current terms; returns its id.
pub fn open(buyer: AccountId, advert: AdvertId, amount: Balance) -> OrderId {
	let id = NextOrderId::<Test>::get();
	assert_ok!(OtcEscrow::open_order(
		RuntimeOrigin::signed(buyer),
		advert,
		amount,
		m("SEPA"),
		v(advert)
	));
	id
}

/// What adds to an open advert `id` or reopens the paused advert `paused`: an order of BUYER on
/// version 0 of the terms, a top-up, an update, a resume (by SELLER).
pub fn new_business(id: AdvertId, paused: AdvertId) -> [(AccountId, Call<Test>); 4] {
	let amount = 10 * USDT_UNIT;
	let order =
		Call::open_order { advert_id: id, amount, payment_method: m("SEPA"), terms_version: 0 };
	[
		(BUYER, order),
		(SELLER, Call::top_up_advert { advert_id: id, amount }),
		(SELLER, Call::update_advert { advert_id: id, terms: terms() }),
		(SELLER, Call::resume_advert { advert_id: paused }),
	]
}

/// Marks `order` paid by its buyer.
pub fn pay(buyer: AccountId, order: OrderId) {
	assert_ok!(OtcEscrow::mark_paid(RuntimeOrigin::signed(buyer), order, None));
}

/// Closes `advert` by its seller.
pub fn close(seller: AccountId, advert: AdvertId) {
	assert_ok!(OtcEscrow::close_advert(RuntimeOrigin::signed(seller), advert));
}

pub fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

/// Whether `event` was deposited.
pub fn emitted(event: Event<Test>) -> bool {
	let event: RuntimeEvent = event.into();
	System::events().iter().any(|r| r.event == event)
}

/// What `OrderSettled` said of `order_id`: outcome, to buyer, fee, to seller, to advert.
pub fn settled(order_id: OrderId) -> (Outcome, Balance, Balance, Balance, Balance) {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| match r.event {
			RuntimeEvent::OtcEscrow(Event::OrderSettled {
				order_id: id,
				outcome,
				to_buyer,
				fee,
				to_seller,
				to_advert,
				..
			}) if id == order_id => Some((outcome, to_buyer, fee, to_seller, to_advert)),
			_ => None,
		})
		.expect("OrderSettled event")
}

/// Where [`give_away_usdt`] sends USDT.
pub const SINK: AccountId = 98;

/// Moves all of `who`'s USDT to [`SINK`]: `who` holds none of it any more.
pub fn give_away_usdt(who: AccountId) {
	use frame_support::traits::{fungibles::Mutate, tokens::Preservation};
	let all = bal(USDT, who);
	assert_ok!(<Assets as Mutate<AccountId>>::transfer(
		USDT_ID,
		&who,
		&SINK,
		all,
		Preservation::Expendable
	));
	assert_eq!(bal(USDT, who), 0);
}

/// A `pallet-assets` token `id` (6 decimals, minimum balance 1), not one of the mock's hot assets,
/// created now by SELLER (its owner, admin and freezer), who holds a million of it; listed with
/// any order size; with `reserve`, escrow holds its minimum balance.
pub fn new_token(id: u32, reserve: bool) -> AssetKind {
	use frame_support::traits::fungibles::Mutate;
	use frame_support::traits::Get;
	assert_ok!(Assets::force_create(RuntimeOrigin::root(), id, SELLER, true, 1));
	assert_ok!(Assets::force_set_metadata(
		RuntimeOrigin::root(),
		id,
		b"Token".to_vec(),
		b"TKN".to_vec(),
		6,
		false
	));
	assert_ok!(<Assets as Mutate<AccountId>>::mint_into(id, &SELLER, START_USDT));
	let escrow = OtcEscrow::escrow_account();
	if reserve {
		assert_ok!(<Assets as Mutate<AccountId>>::mint_into(id, &escrow, 1));
	} else {
		// Escrow has no account of it: listing opens one with a deposit from escrow's native
		// balance, which someone sends first.
		let deposit = <Test as pallet_assets::Config>::AssetAccountDeposit::get();
		assert_ok!(Balances::transfer_keep_alive(RuntimeOrigin::signed(OTHER), escrow, deposit));
	}
	let token = frame_support::traits::fungible::NativeOrWithId::WithId(id);
	assert_ok!(OtcEscrow::list_asset(RuntimeOrigin::root(), token.clone(), 1, Balance::MAX));
	token
}

/// Runs `call` as an extrinsic is run (in a storage layer) and asserts that it fails with
/// `error` and leaves the state exactly as it was.
pub fn assert_refused_untouched(
	origin: RuntimeOrigin,
	call: Call<Test>,
	error: impl Into<sp_runtime::DispatchError>,
) {
	use frame_support::traits::UnfilteredDispatchable;
	let root = || sp_io::storage::root(sp_runtime::StateVersion::V1);
	let before = root();
	let result = frame_support::storage::with_storage_layer(|| {
		call.dispatch_bypass_filter(origin).map_err(|e| e.error)
	});
	assert_eq!(result, Err(error.into()));
	assert_eq!(before, root(), "a refused call changes nothing");
}
