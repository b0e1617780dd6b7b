//! Benchmarks (v2) of every call and of the expiry hook, each on its most expensive path:
//! full indexes (an advert's order ids, an account's adverts and orders), full expiry buckets,
//! refunds to the seller of a closed advert, payouts to accounts that do not hold the asset
//! yet. A call that moves assets has two benchmarks:
//! `<call>` on the asset path (an asset of the benchmark helper's kind, `pallet-assets` in the
//! runtime), its worst case and what it is weighed before dispatch, and `<call>_native` on the
//! native token (`NativeAsset`), what it is charged after dispatch when it moved that token.
//!
//! Like the benchmarks of `pallet-balances`, the yardstick of docs/performance.md, they run on
//! the dev chain's genesis state and a few accounts and adverts: what a large state costs is in
//! the runtime's database weights (measured on a state of 60 000 accounts) and in the scale
//! measurements (`scripts/bench.sh scale`: costs with 100 and with 100 000 adverts and orders).

use super::*;
use crate::expiry::MAX_EXPIRY_BLOCKS_PER_HOOK;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	dispatch::DispatchResultWithPostInfo,
	traits::{
		fungibles::{Inspect, Mutate},
		tokens::{Fortitude, Preservation},
		EnsureOrigin, Get,
	},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use pallet_kyc_registry::{KycGate, KycLevel};
use sp_core::H256;
use sp_runtime::traits::{One, Saturating, Zero};

/// The asset path's asset: the benchmark helper's (a token of another kind than the native
/// one, e.g. `pallet-assets`), one of the hot assets, whose escrow-side keys the runtime
/// whitelists (calls in other assets are charged them on top).
fn asset<T: Config>() -> T::AssetKind {
	let asset = T::BenchmarkHelper::asset();
	assert!(Pallet::<T>::is_hot(&asset), "the benchmark helper's asset must be in HotAssets");
	asset
}

/// The native path's asset.
fn native<T: Config>() -> T::AssetKind {
	T::NativeAsset::get()
}

/// One whole token of `asset`.
fn unit<T: Config>(asset: &T::AssetKind) -> BalanceOf<T> {
	let decimals = T::Decimals::decimals(asset).unwrap_or(0);
	BalanceOf::<T>::from(10u128.saturating_pow(u32::from(decimals)))
}

/// Gives `who` the highest KYC level.
fn with_kyc<T: Config>(who: T::AccountId) -> T::AccountId {
	T::Kyc::set_level_for_benchmarks(&who, KycLevel::Enhanced);
	who
}

/// A KYC'd account that holds nothing (a buyer needs no assets: it pays fiat).
fn kyc_account<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	with_kyc::<T>(account(name, i, 0))
}

/// Gives `who` KYC and funds it with `asset`.
fn fund<T: Config>(who: T::AccountId, asset: &T::AssetKind) -> T::AccountId {
	let who = with_kyc::<T>(who);
	let amount = unit::<T>(asset).saturating_mul(1_000_000u128.into());
	T::Assets::mint_into(asset.clone(), &who, amount).unwrap();
	who
}

/// A KYC'd account funded with `asset`.
fn trader<T: Config>(name: &'static str, i: u32, asset: &T::AssetKind) -> T::AccountId {
	fund::<T>(account(name, i, 0), asset)
}

/// The seller that signs an advert call: the whitelisted caller, KYC'd and funded with `asset`.
/// Every signed extrinsic reads and writes its signer's account (nonce and fee) before the call,
/// so the call's own use of it (locking or getting back the native token) costs no database
/// access: the benchmark of `transfer_keep_alive` whitelists its sender the same way.
fn signing_seller<T: Config>(asset: &T::AssetKind) -> T::AccountId {
	fund::<T>(whitelisted_caller(), asset)
}

/// The escrow account holds the asset's minimum balance, as the runtime's genesis gives it.
fn fund_escrow<T: Config>(asset: &T::AssetKind) {
	let escrow = Pallet::<T>::escrow_account();
	let min = T::Assets::minimum_balance(asset.clone());
	if T::Assets::balance(asset.clone(), &escrow) < min {
		T::Assets::mint_into(asset.clone(), &escrow, min).unwrap();
	}
}

/// Sends all of `who`'s `asset` to another account, so that the next payout to it opens its
/// account again: the dearest path (for a `pallet-assets` token an asset account and a reference
/// in the `System` account, for the native token the account itself).
fn hold_none<T: Config>(who: &T::AccountId, asset: &T::AssetKind) {
	let all = T::Assets::reducible_balance(
		asset.clone(),
		who,
		Preservation::Expendable,
		Fortitude::Polite,
	);
	let sink: T::AccountId = account("sink", 0, 0);
	T::Assets::transfer(asset.clone(), who, &sink, all, Preservation::Expendable).unwrap();
	assert!(T::Assets::balance(asset.clone(), who).is_zero());
}

fn methods<T: Config>() -> Vec<MethodCode> {
	(0..T::MaxPaymentMethods::get())
		.map(|i| {
			let mut code = vec![b'M'; MAX_METHOD_LEN as usize];
			code[0] = b'A' + (i % 26) as u8;
			code.try_into().unwrap()
		})
		.collect()
}

fn method<T: Config>() -> MethodCode {
	methods::<T>().pop().unwrap()
}

fn terms<T: Config>(asset: &T::AssetKind) -> AdvertTerms<BalanceOf<T>, BlockNumberFor<T>> {
	AdvertTerms {
		price: 92,
		currency: *b"EUR",
		min_order: unit::<T>(asset),
		max_order: unit::<T>(asset).saturating_mul(1_000u128.into()),
		payment_methods: methods::<T>(),
		payment_window: T::MaxPaymentWindow::get(),
		min_buyer_level: KycLevel::Verified,
		terms_hash: Some(H256::repeat_byte(1)),
	}
}

/// `n` ids from the top of the range, which no advert or order gets, to fill indexes with.
fn unused_ids(n: u32) -> Vec<u64> {
	(0..n).map(|i| u64::MAX - u64::from(i)).collect()
}

/// Fills `who`'s advert index to one below its cap with ids of no advert.
fn fill_seller_index<T: Config>(who: &T::AccountId) {
	let ids = unused_ids(T::MaxAdvertsPerAccount::get().saturating_sub(1));
	Traders::<T>::mutate(who, |t| t.adverts = BoundedVec::truncate_from(ids));
}

/// An advert of `seller` in `asset` with plenty available.
fn advert<T: Config>(seller: &T::AccountId, asset: &T::AssetKind) -> AdvertId {
	let id = NextAdvertId::<T>::get();
	let amount = unit::<T>(asset).saturating_mul(100_000u128.into());
	let terms = terms::<T>(asset);
	Pallet::<T>::do_create_advert(seller.clone(), asset.clone(), amount, terms).unwrap();
	id
}

/// Fills the advert's order ids to one below its cap with ids of no order.
fn fill_advert_orders<T: Config>(advert_id: AdvertId) {
	let ids = unused_ids(T::MaxOrdersPerAdvert::get().saturating_sub(1));
	Adverts::<T>::mutate(advert_id.to_be_bytes(), |a| {
		if let Some(a) = a {
			a.orders = BoundedVec::truncate_from(ids);
		}
	});
}

/// Fills the buyer's order index to one below its cap.
fn fill_order_indexes<T: Config>(buyer: &T::AccountId) {
	Traders::<T>::mutate(buyer, |t| {
		let mut ids = t.orders.to_vec();
		ids.extend(unused_ids(T::MaxOrdersPerAccount::get().saturating_sub(1 + ids.len() as u32)));
		t.orders = BoundedVec::truncate_from(ids);
	});
}

/// A seller, a buyer and an open order between them in `asset`, on the worst-case path: the
/// buyer's order index is full and the buyer holds none of the asset yet (a release creates
/// its account).
fn trade<T: Config>(asset: &T::AssetKind) -> (T::AccountId, T::AccountId, AdvertId, OrderId) {
	fund_escrow::<T>(asset);
	let seller = trader::<T>("seller", 0, asset);
	let buyer = kyc_account::<T>("buyer", 0);
	let advert_id = advert::<T>(&seller, asset);
	fill_order_indexes::<T>(&buyer);
	let order_id = NextOrderId::<T>::get();
	let amount = unit::<T>(asset);
	Pallet::<T>::do_open_order(buyer.clone(), advert_id, amount, method::<T>(), u128::MAX).unwrap();
	(seller, buyer, advert_id, order_id)
}

/// `create_advert`: the seller's advert index one below its cap. Returns the seller, the asset,
/// the amount and the terms.
fn create_advert_setup<T: Config>(
	asset: T::AssetKind,
) -> (T::AccountId, T::AssetKind, BalanceOf<T>, AdvertTerms<BalanceOf<T>, BlockNumberFor<T>>) {
	fund_escrow::<T>(&asset);
	let seller = signing_seller::<T>(&asset);
	fill_seller_index::<T>(&seller);
	let t = terms::<T>(&asset);
	let amount = unit::<T>(&asset).saturating_mul(1_000u128.into());
	(seller, asset, amount, t)
}

/// A seller with an advert in `asset`; returns the seller, the advert and one token.
fn advert_setup<T: Config>(asset: T::AssetKind) -> (T::AccountId, AdvertId, BalanceOf<T>) {
	fund_escrow::<T>(&asset);
	let seller = signing_seller::<T>(&asset);
	let id = advert::<T>(&seller, &asset);
	(seller, id, unit::<T>(&asset))
}

/// `close_advert`: the seller's advert index at its cap with the advert to close.
fn close_advert_setup<T: Config>(asset: T::AssetKind) -> (T::AccountId, AdvertId) {
	fund_escrow::<T>(&asset);
	let seller = signing_seller::<T>(&asset);
	fill_seller_index::<T>(&seller);
	(seller.clone(), advert::<T>(&seller, &asset))
}

/// `update_advert`: an advert of `asset` and new terms for it (another price).
fn update_setup<T: Config>(
	asset: T::AssetKind,
) -> (T::AccountId, AdvertId, AdvertTerms<BalanceOf<T>, BlockNumberFor<T>>) {
	let t = terms::<T>(&asset);
	let (seller, id, _) = advert_setup::<T>(asset);
	(seller, id, AdvertTerms { price: t.price.saturating_add(1), ..t })
}

/// `update_advert` by `seller` of advert `id` to terms `t`: what both of its benchmarks measure.
fn update<T: Config>(
	seller: T::AccountId,
	id: AdvertId,
	t: AdvertTerms<BalanceOf<T>, BlockNumberFor<T>>,
) -> DispatchResultWithPostInfo {
	Pallet::<T>::update_advert(
		RawOrigin::Signed(seller).into(),
		id,
		t.price,
		t.currency,
		t.min_order,
		t.max_order,
		t.payment_methods,
		t.payment_window,
		t.min_buyer_level,
		t.terms_hash,
	)
}

/// What a release must have done: the order gone, the sale counted in the advert, a fee kept,
/// the buyer paid.
struct Released<T: Config> {
	advert_id: AdvertId,
	asset: T::AssetKind,
	buyer: T::AccountId,
}

impl<T: Config> Released<T> {
	fn assert_released(&self, order: OrderId) {
		assert!(Orders::<T>::get(order.to_be_bytes()).is_none());
		assert_eq!(Adverts::<T>::get(self.advert_id.to_be_bytes()).unwrap().sales.sold, 1);
		assert!(!EscrowTotals::<T>::get(&self.asset).fees.is_zero());
		assert!(!T::Assets::balance(self.asset.clone(), &self.buyer).is_zero());
	}
}

/// `release`: a paid order; with `holder`, its buyer holds some of the asset already (and is
/// paid at once), else none (its payout waits). Returns the seller, the order and what to check.
fn release_setup<T: Config>(
	asset: T::AssetKind,
	holder: bool,
) -> (T::AccountId, OrderId, Released<T>) {
	let (seller, buyer, advert_id, order) = trade::<T>(&asset);
	Pallet::<T>::do_mark_paid(buyer.clone(), order, None).unwrap();
	if holder {
		T::Assets::mint_into(asset.clone(), &buyer, unit::<T>(&asset)).unwrap();
	}
	(seller, order, Released { advert_id, asset, buyer })
}

/// `resolve_dispute`: a disputed order, split between both parties: the buyer holds some of the
/// asset (its share is paid at once), the seller none (its share opens its account of it), the
/// dearest path. Returns the arbiter's origin and the order.
fn dispute_setup<T: Config>(asset: T::AssetKind) -> (T::RuntimeOrigin, OrderId) {
	let origin = T::ArbiterOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
	let (seller, buyer, _, order) = trade::<T>(&asset);
	Pallet::<T>::do_mark_paid(buyer.clone(), order, None).unwrap();
	Pallet::<T>::do_open_dispute(seller.clone(), order, H256::zero()).unwrap();
	T::Assets::mint_into(asset.clone(), &buyer, unit::<T>(&asset)).unwrap();
	hold_none::<T>(&seller, &asset);
	(origin, order)
}

/// `reap_advert`: a closed advert whose last order has ended, its seller's advert index at its
/// cap. With `waiting`, the order was cancelled after the advert closed: its amount waits in the
/// advert and the seller, who holds none of the asset any more, is paid it (opening the seller's
/// account of it); otherwise the order was released and nothing waits. Returns the seller and
/// the advert.
fn reap_setup<T: Config>(asset: T::AssetKind, waiting: bool) -> (T::AccountId, AdvertId) {
	fund_escrow::<T>(&asset);
	let seller = trader::<T>("seller", 0, &asset);
	fill_seller_index::<T>(&seller);
	let advert_id = advert::<T>(&seller, &asset);
	let buyer = kyc_account::<T>("buyer", 0);
	let order = NextOrderId::<T>::get();
	let amount = unit::<T>(&asset);
	Pallet::<T>::do_open_order(buyer.clone(), advert_id, amount, method::<T>(), u128::MAX).unwrap();
	Pallet::<T>::do_close_advert(seller.clone(), advert_id).unwrap();
	if waiting {
		Pallet::<T>::do_cancel(buyer, order).unwrap();
		hold_none::<T>(&seller, &asset);
		let advert = Adverts::<T>::get(advert_id.to_be_bytes()).unwrap();
		assert_eq!(advert.available, amount);
	} else {
		Pallet::<T>::do_mark_paid(buyer, order, None).unwrap();
		Pallet::<T>::do_release(seller.clone(), order).unwrap();
	}
	(seller, advert_id)
}

/// What a reap must have done: the advert gone from storage and from its seller's record, its
/// `sold` orders in the seller's statistics, and the seller holding `held` of `asset`.
fn assert_reaped<T: Config>(
	seller: &T::AccountId,
	id: AdvertId,
	sold: u32,
	(asset, held): (&T::AssetKind, BalanceOf<T>),
) {
	assert!(Adverts::<T>::get(id.to_be_bytes()).is_none());
	let record = Traders::<T>::get(seller);
	assert!(!record.adverts.contains(&id));
	assert_eq!(record.stats.sold, sold);
	assert_eq!(T::Assets::balance(asset.clone(), seller), held);
}

/// `sweep_fees`: fees of many trades wait in escrow next to what escrow owes to an advert; the
/// fee destination holds none of the asset yet. Returns the caller, the asset and the fees.
fn sweep_setup<T: Config>(asset: T::AssetKind) -> (T::AccountId, T::AssetKind, BalanceOf<T>) {
	let (seller, _, _) = advert_setup::<T>(asset.clone());
	let fees = unit::<T>(&asset).saturating_mul(10u128.into());
	T::Assets::mint_into(asset.clone(), &Pallet::<T>::escrow_account(), fees).unwrap();
	EscrowTotals::<T>::mutate(&asset, |t| t.fees = fees);
	(seller, asset, fees)
}

/// `n` unpaid orders of the helper's asset, each on an open advert of its own and all due in
/// the block it returns, where the expiry cursor is.
fn due_orders<T: Config>(n: u32) -> BlockNumberFor<T> {
	let asset = asset::<T>();
	fund_escrow::<T>(&asset);
	let mut slot = None;
	for i in 0..n {
		let seller = trader::<T>("seller", i, &asset);
		let id = advert::<T>(&seller, &asset);
		let buyer = kyc_account::<T>("buyer", i);
		let order_id = NextOrderId::<T>::get();
		let amount = unit::<T>(&asset);
		Pallet::<T>::do_open_order(buyer, id, amount, method::<T>(), u128::MAX).unwrap();
		let order = Orders::<T>::get(order_id.to_be_bytes()).unwrap();
		slot = Some(order.expiry_slot);
	}
	// All orders were opened in the same block: they are due in the same block.
	let now = slot.unwrap_or_else(|| {
		frame_system::Pallet::<T>::block_number()
			.saturating_add(T::MaxPaymentWindow::get())
			.saturating_add(One::one())
	});
	frame_system::Pallet::<T>::set_block_number(now);
	ExpiryCursor::<T>::put(now);
	now
}

/// Every order expired: no order, no queue entry, no amount held by an order.
fn assert_expired<T: Config>() {
	assert_eq!(Orders::<T>::iter().count(), 0);
	assert_eq!(ExpiryQueue::<T>::iter().count(), 0);
	assert!(Adverts::<T>::iter_values().all(|a| a.orders.is_empty() && a.in_orders.is_zero()));
}

#[benchmarks]
mod benchmarks {
	use super::*;

	// The calls that move assets have two benchmarks: `<call>` on the asset path and
	// `<call>_native` on the native token, each with the same setup.

	#[benchmark]
	fn create_advert() {
		let (seller, asset, amount, t) = create_advert_setup::<T>(asset::<T>());

		#[extrinsic_call]
		_(
			RawOrigin::Signed(seller.clone()),
			asset,
			amount,
			t.price,
			t.currency,
			t.min_order,
			t.max_order,
			t.payment_methods,
			t.payment_window,
			t.min_buyer_level,
			t.terms_hash,
		);

		assert_eq!(Traders::<T>::get(&seller).adverts.len() as u32, T::MaxAdvertsPerAccount::get());
	}

	#[benchmark]
	fn create_advert_native() {
		let (seller, asset, amount, t) = create_advert_setup::<T>(native::<T>());

		#[extrinsic_call]
		create_advert(
			RawOrigin::Signed(seller.clone()),
			asset,
			amount,
			t.price,
			t.currency,
			t.min_order,
			t.max_order,
			t.payment_methods,
			t.payment_window,
			t.min_buyer_level,
			t.terms_hash,
		);

		assert_eq!(Traders::<T>::get(&seller).adverts.len() as u32, T::MaxAdvertsPerAccount::get());
	}

	#[benchmark]
	fn top_up_advert() {
		let (seller, id, amount) = advert_setup::<T>(asset::<T>());

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), id, amount);
	}

	#[benchmark]
	fn top_up_advert_native() {
		let (seller, id, amount) = advert_setup::<T>(native::<T>());

		#[extrinsic_call]
		top_up_advert(RawOrigin::Signed(seller), id, amount);
	}

	#[benchmark]
	fn withdraw_from_advert() {
		let (seller, id, amount) = advert_setup::<T>(asset::<T>());
		// The signer's own account costs no database access, but opening its asset account
		// costs execution. (On the native token a signer has its account: it pays fees.)
		hold_none::<T>(&seller, &asset::<T>());

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), id, amount);
	}

	#[benchmark]
	fn withdraw_from_advert_native() {
		let (seller, id, amount) = advert_setup::<T>(native::<T>());

		#[extrinsic_call]
		withdraw_from_advert(RawOrigin::Signed(seller), id, amount);
	}

	#[benchmark]
	fn update_advert() {
		let (seller, id, t) = update_setup::<T>(asset::<T>());

		#[block]
		{
			update::<T>(seller, id, t).unwrap();
		}
	}

	#[benchmark]
	fn update_advert_native() {
		let (seller, id, t) = update_setup::<T>(native::<T>());

		#[block]
		{
			update::<T>(seller, id, t).unwrap();
		}
	}

	#[benchmark]
	fn pause_advert() {
		let (seller, id, _) = advert_setup::<T>(asset::<T>());

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), id);
	}

	#[benchmark]
	fn resume_advert() {
		let (seller, id, _) = advert_setup::<T>(asset::<T>());
		Pallet::<T>::do_set_paused(seller.clone(), id, true).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), id);
	}

	#[benchmark]
	fn close_advert() {
		let (seller, id) = close_advert_setup::<T>(asset::<T>());
		hold_none::<T>(&seller, &asset::<T>());

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), id);

		assert!(Adverts::<T>::get(id.to_be_bytes()).is_none());
	}

	#[benchmark]
	fn close_advert_native() {
		let (seller, id) = close_advert_setup::<T>(native::<T>());

		#[extrinsic_call]
		close_advert(RawOrigin::Signed(seller), id);

		assert!(Adverts::<T>::get(id.to_be_bytes()).is_none());
	}

	/// `reap_advert` paying the seller, who holds none of the asset, what waited in the advert.
	#[benchmark]
	fn reap_advert() {
		let asset = asset::<T>();
		let (seller, id) = reap_setup::<T>(asset.clone(), true);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);

		assert_reaped::<T>(&seller, id, 0, (&asset, unit::<T>(&asset)));
	}

	#[benchmark]
	fn reap_advert_native() {
		let asset = native::<T>();
		let (seller, id) = reap_setup::<T>(asset.clone(), true);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		reap_advert(RawOrigin::Signed(caller), id);

		assert_reaped::<T>(&seller, id, 0, (&asset, unit::<T>(&asset)));
	}

	/// `reap_advert` with nothing waiting in the advert (its last order was released).
	#[benchmark]
	fn reap_advert_empty() {
		let asset = asset::<T>();
		let (seller, id) = reap_setup::<T>(asset.clone(), false);
		let held = T::Assets::balance(asset.clone(), &seller);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		reap_advert(RawOrigin::Signed(caller), id);

		assert_reaped::<T>(&seller, id, 1, (&asset, held));
	}

	#[benchmark]
	fn open_order() {
		let asset = asset::<T>();
		fund_escrow::<T>(&asset);
		let seller = trader::<T>("seller", 0, &asset);
		let buyer = kyc_account::<T>("buyer", 0);
		let id = advert::<T>(&seller, &asset);
		fill_order_indexes::<T>(&buyer);
		fill_advert_orders::<T>(id);

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer.clone()), id, unit::<T>(&asset), method::<T>(), u128::MAX);

		assert_eq!(Traders::<T>::get(&buyer).orders.len() as u32, T::MaxOrdersPerAccount::get());
		assert_eq!(
			Adverts::<T>::get(id.to_be_bytes()).unwrap().open_orders(),
			T::MaxOrdersPerAdvert::get()
		);
	}

	#[benchmark]
	fn mark_paid() {
		let (_, buyer, _, order) = trade::<T>(&asset::<T>());

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), order, Some(H256::repeat_byte(2)));
	}

	/// `release` to a buyer who holds the asset: paid at once (the dearest path).
	#[benchmark]
	fn release() {
		let (seller, order, check) = release_setup::<T>(asset::<T>(), true);
		let held = T::Assets::balance(check.asset.clone(), &check.buyer);

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), order);

		check.assert_released(order);
		assert!(T::Assets::balance(check.asset.clone(), &check.buyer) > held);
	}

	/// `release` to a buyer who holds none of the asset: the payout waits in the order.
	#[benchmark]
	fn release_payout_waits() {
		let (seller, order, check) = release_setup::<T>(asset::<T>(), false);

		#[extrinsic_call]
		release(RawOrigin::Signed(seller), order);

		let waiting = Orders::<T>::get(order.to_be_bytes()).unwrap();
		assert_eq!(waiting.status, OrderStatus::PayoutWaiting);
		assert!(T::Assets::balance(check.asset.clone(), &check.buyer).is_zero());
	}

	/// `claim_payout` by someone other than the buyer, who holds none of the asset: the payout
	/// opens the buyer's account of it.
	#[benchmark]
	fn claim_payout() {
		let (seller, order, check) = release_setup::<T>(asset::<T>(), false);
		Pallet::<T>::do_release(seller, order).unwrap();
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), order);

		check.assert_released(order);
		assert!(
			Traders::<T>::get(&check.buyer).orders.len() < T::MaxOrdersPerAccount::get() as usize
		);
	}

	#[benchmark]
	fn release_native() {
		let (seller, order, check) = release_setup::<T>(native::<T>(), false);

		#[extrinsic_call]
		release(RawOrigin::Signed(seller), order);

		check.assert_released(order);
	}

	/// `cancel_order`: the amount goes back to its advert (closed or not), nothing leaves escrow
	/// (the same on any asset), the seller's record is not touched.
	#[benchmark]
	fn cancel_order() {
		let (_, buyer, advert_id, order) = trade::<T>(&asset::<T>());

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), order);

		assert!(Orders::<T>::get(order.to_be_bytes()).is_none());
		assert!(Adverts::<T>::get(advert_id.to_be_bytes()).unwrap().in_orders.is_zero());
	}

	#[benchmark]
	fn open_dispute() {
		let (seller, buyer, _, order) = trade::<T>(&asset::<T>());
		Pallet::<T>::do_mark_paid(buyer, order, None).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), order, H256::repeat_byte(3));
	}

	#[benchmark]
	fn resolve_dispute() {
		let (origin, order) = dispute_setup::<T>(asset::<T>());

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, order, 6_000);

		assert!(Orders::<T>::get(order.to_be_bytes()).is_none());
	}

	#[benchmark]
	fn resolve_dispute_native() {
		let (origin, order) = dispute_setup::<T>(native::<T>());

		#[extrinsic_call]
		resolve_dispute(origin as T::RuntimeOrigin, order, 6_000);

		assert!(Orders::<T>::get(order.to_be_bytes()).is_none());
	}

	#[benchmark]
	fn set_trade_fee() {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::MaxTradeFeeBps::get());
	}

	#[benchmark]
	fn sweep_fees() {
		let (who, asset, fees) = sweep_setup::<T>(asset::<T>());
		let before = T::Assets::balance(asset.clone(), &T::FeeDestination::get());

		#[extrinsic_call]
		_(RawOrigin::Signed(who), asset.clone());

		let after = T::Assets::balance(asset, &T::FeeDestination::get());
		assert_eq!(after, before.saturating_add(fees));
	}

	#[benchmark]
	fn sweep_fees_native() {
		let (who, asset, fees) = sweep_setup::<T>(native::<T>());
		let before = T::Assets::balance(asset.clone(), &T::FeeDestination::get());

		#[extrinsic_call]
		sweep_fees(RawOrigin::Signed(who), asset.clone());

		let after = T::Assets::balance(asset, &T::FeeDestination::get());
		assert_eq!(after, before.saturating_add(fees));
	}

	/// `n` unpaid orders due, each of an open advert: each expiry puts the amount back in the
	/// advert (as it would in a closed one), and nothing leaves escrow.
	#[benchmark]
	fn expire_orders(n: Linear<0, { T::MaxExpiriesPerBlock::get() }>) {
		let now = due_orders::<T>(n);

		#[block]
		{
			Pallet::<T>::expire_due(now);
		}

		assert_expired::<T>();
		assert!(Adverts::<T>::iter_values().all(|a| a.status == AdvertStatus::Open));
	}

	/// The hook looking at `b` blocks of the queue with nothing due.
	#[benchmark]
	fn scan_expiry_queue(b: Linear<1, MAX_EXPIRY_BLOCKS_PER_HOOK>) {
		let now = frame_system::Pallet::<T>::block_number().saturating_add(100u32.into());
		frame_system::Pallet::<T>::set_block_number(now);
		ExpiryCursor::<T>::put(now.saturating_sub((b - 1).into()));

		#[block]
		{
			Pallet::<T>::expire_due(now);
		}

		assert_eq!(ExpiryCursor::<T>::get(), now.saturating_add(One::one()));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
