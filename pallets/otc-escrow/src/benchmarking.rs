//! Benchmarks (v2) of every call and of the deadline hook, each on its dearest path: full indexes
//! (an advert's order ids, an account's adverts and orders), payouts to accounts that hold none
//! of the asset yet, and settlements that remove a closed advert with its last order (see
//! `weight.rs` for what the other paths are charged). A call that moves assets has two
//! benchmarks: `<call>` on the asset path (the benchmark helper's asset, a `pallet-assets` token
//! in the runtime) and `<call>_native` on the native token.

use super::*;
use crate::deadlines::MAX_EXPIRY_BLOCKS_PER_HOOK;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungibles::{Inspect, Mutate},
		tokens::{Fortitude, Preservation},
		EnsureOrigin, Get,
	},
	BoundedVec,
};
use frame_system::RawOrigin;
use pallet_kyc_registry::{KycGate, KycLevel};
use sp_core::H256;
use sp_runtime::traits::{Bounded, One, Saturating, Zero};

/// The asset path's asset: the benchmark helper's, one of the hot assets.
fn asset<T: Config>() -> T::AssetKind {
	let asset = T::BenchmarkHelper::asset();
	assert!(T::HotAssets::get().contains(&asset), "the benchmark helper's asset must be hot");
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

/// Gives `who` the highest KYC level and native funds for its bonds.
fn with_kyc<T: Config>(who: T::AccountId) -> T::AccountId {
	T::Kyc::set_level_for_benchmarks(&who, KycLevel::Enhanced);
	let native = native::<T>();
	let plenty = unit::<T>(&native).saturating_mul(1_000u128.into());
	T::Assets::mint_into(native, &who, plenty).unwrap();
	who
}

/// Rules that allow the benchmarks' bonds, send half of a slashed bond to the wronged party
/// and give no grace: a cancellation slashes.
fn bench_rules<T: Config>() {
	let native = native::<T>();
	let rules = TradeRules {
		min_buyer_bond: Zero::zero(),
		max_buyer_bond: unit::<T>(&native).saturating_mul(100u128.into()),
		min_seller_bond: Zero::zero(),
		max_seller_bond: unit::<T>(&native).saturating_mul(100u128.into()),
		to_wronged_bps: 5_000,
		cancel_grace: Zero::zero(),
		max_strikes: u32::MAX,
		// Shorter than the payment window: marking paid moves an order's deadline in the queue
		// (the benchmark sets the block number after the order was opened).
		release_window: (T::MaxPaymentWindow::get() / 2u32.into()).max(One::one()),
		arbiter_window: T::MaxPaymentWindow::get(),
	};
	Pallet::<T>::do_set_rules(rules).unwrap();
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
/// so the call's own use of it costs no database access: the benchmark of
/// `transfer_keep_alive` whitelists its sender the same way.
fn signing_seller<T: Config>(asset: &T::AssetKind) -> T::AccountId {
	fund::<T>(whitelisted_caller(), asset)
}

/// Gives the escrow account and the fee destination native funds for the deposits of their
/// accounts of listed assets.
fn fund_deposits<T: Config>() {
	let native = native::<T>();
	let plenty = unit::<T>(&native).saturating_mul(1_000u128.into());
	for who in [Pallet::<T>::escrow_account(), T::FeeDestination::get()] {
		T::Assets::mint_into(native.clone(), &who, plenty).unwrap();
	}
}

/// `asset` is listed with any order size from its minimum balance.
fn listed<T: Config>(asset: &T::AssetKind) {
	if !Listings::<T>::contains_key(asset) {
		fund_deposits::<T>();
		let min = T::Assets::minimum_balance(asset.clone()).max(One::one());
		Pallet::<T>::do_list_asset(asset.clone(), min, BalanceOf::<T>::max_value()).unwrap();
	}
}

/// `asset` has limits for the benchmarks' KYC level, none of which they reach, and new buyers
/// a ramp: every order and advert is checked against them.
fn with_limits<T: Config>(asset: &T::AssetKind) {
	let limit = TradeLimit {
		max_order: BalanceOf::<T>::max_value(),
		max_open: BalanceOf::<T>::max_value(),
	};
	Pallet::<T>::do_set_limit(asset.clone(), KycLevel::Enhanced, Some(limit)).unwrap();
	Pallet::<T>::do_set_ramp(full_ramp::<T>()).unwrap();
}

/// A ramp of `MAX_RAMP_STEPS` steps that gives every age its full limits.
fn full_ramp<T: Config>() -> RampOf<T> {
	let steps: Vec<_> = (0..MAX_RAMP_STEPS)
		.map(|i| RampStep { from_age: i.into(), share_bps: BPS_DENOMINATOR as Bps })
		.collect();
	steps.try_into().unwrap()
}

/// `asset` is listed and the escrow account holds its minimum balance, as the runtime's
/// genesis gives it.
fn fund_escrow<T: Config>(asset: &T::AssetKind) {
	listed::<T>(asset);
	bench_rules::<T>();
	with_limits::<T>(asset);
	let escrow = Pallet::<T>::escrow_account();
	let min = T::Assets::minimum_balance(asset.clone());
	if T::Assets::balance(asset.clone(), &escrow) < min {
		T::Assets::mint_into(asset.clone(), &escrow, min).unwrap();
	}
}

/// Sends all of `who`'s `asset` to another account, so that the next payout to it opens its
/// account again (for a `pallet-assets` token an asset account and a reference in the `System`
/// account, for the native token the account itself unless bonds keep it).
fn hold_none<T: Config>(who: &T::AccountId, asset: &T::AssetKind) {
	let all = T::Assets::reducible_balance(
		asset.clone(),
		who,
		Preservation::Expendable,
		Fortitude::Polite,
	);
	let sink: T::AccountId = account("sink", 0, 0);
	T::Assets::transfer(asset.clone(), who, &sink, all, Preservation::Expendable).unwrap();
	assert!(
		T::Assets::balance(asset.clone(), who).is_zero()
			|| (*asset == native::<T>() && !Pallet::<T>::bonds_held(who).is_zero())
	);
}

fn methods<T: Config>() -> BoundedVec<MethodCode, T::MaxPaymentMethods> {
	let codes: Vec<MethodCode> = (0..T::MaxPaymentMethods::get())
		.map(|i| {
			let mut code = vec![b'M'; MAX_METHOD_LEN as usize];
			code[0] = b'A' + (i % 26) as u8;
			code.try_into().unwrap()
		})
		.collect();
	codes.try_into().unwrap()
}

fn method<T: Config>() -> MethodCode {
	methods::<T>().last().cloned().unwrap()
}

fn terms<T: Config>(asset: &T::AssetKind) -> AdvertTermsOf<T> {
	AdvertTerms {
		price: 92,
		currency: b"EUR".to_vec().try_into().unwrap(),
		min_order: unit::<T>(asset),
		max_order: unit::<T>(asset).saturating_mul(1_000u128.into()),
		payment_methods: methods::<T>(),
		payment_window: T::MaxPaymentWindow::get(),
		min_buyer_level: KycLevel::Verified,
		terms_hash: Some(H256::repeat_byte(1)),
		buyer_bond: unit::<T>(&native::<T>()),
		seller_bond: unit::<T>(&native::<T>()).saturating_mul(10u128.into()),
		// Conditions every benchmark account meets, so that they are checked.
		buyer_conditions: BuyerConditions {
			min_trades: 0,
			max_failure_bps: Some(BPS_DENOMINATOR as Bps),
			min_account_age: Zero::zero(),
		},
	}
}

/// New terms (a price and a larger seller bond, which the update puts on hold).
fn bigger_bond<T: Config>(asset: &T::AssetKind) -> AdvertTermsOf<T> {
	let t = terms::<T>(asset);
	AdvertTerms { price: 93, seller_bond: t.seller_bond.saturating_mul(2u128.into()), ..t }
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

/// Fills the buyer's order index to one below its cap.
fn fill_buyer_index<T: Config>(buyer: &T::AccountId) {
	let ids = unused_ids(T::MaxOrdersPerAccount::get().saturating_sub(1));
	Traders::<T>::mutate(buyer, |t| t.orders = BoundedVec::truncate_from(ids));
}

/// An advert of `seller` in `asset` with plenty available.
fn advert<T: Config>(seller: &T::AccountId, asset: &T::AssetKind) -> AdvertId {
	let id = NextAdvertId::<T>::get();
	let amount = unit::<T>(asset).saturating_mul(100_000u128.into());
	Pallet::<T>::do_create_advert(seller.clone(), asset.clone(), amount, terms::<T>(asset))
		.unwrap();
	id
}

/// `buyer` orders one token from `advert_id`.
fn order<T: Config>(buyer: &T::AccountId, advert_id: AdvertId, asset: &T::AssetKind) -> OrderId {
	let id = NextOrderId::<T>::get();
	Pallet::<T>::do_open_order(buyer.clone(), advert_id, unit::<T>(asset), method::<T>(), 0)
		.unwrap();
	id
}

/// Which party signs the benchmarked call: the whitelisted caller, whose account the
/// extrinsic's fee payment reads and writes anyway (see [`signing_seller`]).
#[derive(Clone, Copy, PartialEq)]
enum Signs {
	Buyer,
	Seller,
	/// Governance or the hook: neither party's account is touched by a fee.
	Neither,
}

/// A trade in `asset` on its dearest path: the seller's and the buyer's indexes full, the
/// advert closed with this order its last, both parties bonded, and neither holding any of the
/// asset (every payout opens an account). Returns the seller, the buyer and the order.
fn closing_trade<T: Config>(
	asset: &T::AssetKind,
	i: u32,
	signs: Signs,
) -> (T::AccountId, T::AccountId, OrderId) {
	fund_escrow::<T>(asset);
	let seller = match signs {
		Signs::Seller => signing_seller::<T>(asset),
		_ => trader::<T>("seller", i, asset),
	};
	fill_seller_index::<T>(&seller);
	let buyer = match signs {
		Signs::Buyer => with_kyc::<T>(whitelisted_caller()),
		_ => kyc_account::<T>("buyer", i),
	};
	fill_buyer_index::<T>(&buyer);
	let advert_id = advert::<T>(&seller, asset);
	let order_id = order::<T>(&buyer, advert_id, asset);
	Pallet::<T>::do_close_advert(seller.clone(), advert_id).unwrap();
	hold_none::<T>(&seller, asset);
	(seller, buyer, order_id)
}

/// A paid order of a closing trade; returns the seller, the buyer and the order.
fn paid_trade<T: Config>(
	asset: &T::AssetKind,
	signs: Signs,
) -> (T::AccountId, T::AccountId, OrderId) {
	let (seller, buyer, order_id) = closing_trade::<T>(asset, 0, signs);
	Pallet::<T>::do_mark_paid(buyer.clone(), order_id, None).unwrap();
	(seller, buyer, order_id)
}

/// Moves past the rules' grace period of the orders opened in this block.
fn past_grace<T: Config>() {
	let now = frame_system::Pallet::<T>::block_number();
	frame_system::Pallet::<T>::set_block_number(now.saturating_add(One::one()));
}

/// A disputed order of a closing trade; returns the arbiter's origin and the order.
fn disputed_trade<T: Config>(asset: &T::AssetKind) -> (T::RuntimeOrigin, OrderId) {
	let origin = T::ArbiterOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
	let (seller, _, order_id) = paid_trade::<T>(asset, Signs::Neither);
	Pallet::<T>::do_open_dispute(seller, order_id, H256::zero()).unwrap();
	(origin, order_id)
}

/// The order is gone, its advert too, and `who` holds some of `asset`.
fn assert_settled<T: Config>(order_id: OrderId, who: &T::AccountId, asset: &T::AssetKind) {
	assert!(Orders::<T>::get(order_id).is_none());
	assert_eq!(Adverts::<T>::iter().count(), 0);
	assert!(!T::Assets::balance(asset.clone(), who).is_zero());
}

/// `create_advert`: the seller's advert index one below its cap.
fn create_setup<T: Config>(asset: &T::AssetKind) -> (T::AccountId, BalanceOf<T>) {
	fund_escrow::<T>(asset);
	let seller = signing_seller::<T>(asset);
	fill_seller_index::<T>(&seller);
	(seller, unit::<T>(asset).saturating_mul(1_000u128.into()))
}

/// A seller with an advert in `asset`; returns the seller, the advert and one token.
fn advert_setup<T: Config>(asset: &T::AssetKind) -> (T::AccountId, AdvertId, BalanceOf<T>) {
	fund_escrow::<T>(asset);
	let seller = signing_seller::<T>(asset);
	let id = advert::<T>(&seller, asset);
	(seller, id, unit::<T>(asset))
}

/// `close_advert` without open orders: the seller's advert index full, the seller holding none
/// of a `pallet-assets` token (on the native token a signer holds some: it pays fees).
fn close_setup<T: Config>(asset: &T::AssetKind) -> (T::AccountId, AdvertId) {
	fund_escrow::<T>(asset);
	let seller = signing_seller::<T>(asset);
	fill_seller_index::<T>(&seller);
	let id = advert::<T>(&seller, asset);
	if *asset != native::<T>() {
		hold_none::<T>(&seller, asset);
	}
	(seller, id)
}

/// `sweep_fees`: fees wait in escrow next to what escrow owes to an advert; the fee destination
/// holds none of the asset yet.
fn sweep_setup<T: Config>(asset: &T::AssetKind) -> (T::AccountId, BalanceOf<T>) {
	let (seller, _, _) = advert_setup::<T>(asset);
	let fees = unit::<T>(asset).saturating_mul(10u128.into());
	T::Assets::mint_into(asset.clone(), &Pallet::<T>::escrow_account(), fees).unwrap();
	EscrowTotals::<T>::mutate(asset, |t| t.fees = fees);
	(seller, fees)
}

/// `n` unpaid orders of the helper's asset on closing trades, all due in the block it returns,
/// where the deadline cursor is.
fn due_orders<T: Config>(n: u32) -> frame_system::pallet_prelude::BlockNumberFor<T> {
	let asset = asset::<T>();
	for i in 0..n {
		closing_trade::<T>(&asset, i, Signs::Neither);
	}
	// Opened in the same block: due in the same block.
	let now = frame_system::Pallet::<T>::block_number()
		.saturating_add(T::MaxPaymentWindow::get())
		.saturating_add(One::one());
	frame_system::Pallet::<T>::set_block_number(now);
	DeadlineCursor::<T>::put(now);
	now
}

/// Setting up a claim of `who` in `asset`, as a payout that could not move leaves it.
fn claim_of<T: Config>(who: &T::AccountId, asset: &T::AssetKind) -> BalanceOf<T> {
	fund_escrow::<T>(asset);
	let amount = unit::<T>(asset);
	T::Assets::mint_into(asset.clone(), &Pallet::<T>::escrow_account(), amount).unwrap();
	EscrowTotals::<T>::mutate(asset, |t| t.claims = amount);
	Claims::<T>::insert(asset, who, amount);
	amount
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_advert() {
		let asset = asset::<T>();
		let (seller, amount) = create_setup::<T>(&asset);
		let t = terms::<T>(&asset);

		#[extrinsic_call]
		_(RawOrigin::Signed(seller.clone()), asset, amount, t);

		assert_eq!(Traders::<T>::get(&seller).adverts.len() as u32, T::MaxAdvertsPerAccount::get());
	}

	#[benchmark]
	fn create_advert_native() {
		let asset = native::<T>();
		let (seller, amount) = create_setup::<T>(&asset);
		let t = terms::<T>(&asset);

		#[extrinsic_call]
		create_advert(RawOrigin::Signed(seller.clone()), asset, amount, t);

		assert_eq!(Traders::<T>::get(&seller).adverts.len() as u32, T::MaxAdvertsPerAccount::get());
	}

	#[benchmark]
	fn top_up_advert() {
		let (seller, id, amount) = advert_setup::<T>(&asset::<T>());

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), id, amount);
	}

	#[benchmark]
	fn top_up_advert_native() {
		let (seller, id, amount) = advert_setup::<T>(&native::<T>());

		#[extrinsic_call]
		top_up_advert(RawOrigin::Signed(seller), id, amount);
	}

	#[benchmark]
	fn withdraw_from_advert() {
		let asset = asset::<T>();
		let (seller, id, amount) = advert_setup::<T>(&asset);
		hold_none::<T>(&seller, &asset);

		#[extrinsic_call]
		_(RawOrigin::Signed(seller.clone()), id, amount);

		assert_eq!(T::Assets::balance(asset, &seller), amount);
	}

	#[benchmark]
	fn withdraw_from_advert_native() {
		let (seller, id, amount) = advert_setup::<T>(&native::<T>());

		#[extrinsic_call]
		withdraw_from_advert(RawOrigin::Signed(seller), id, amount);
	}

	#[benchmark]
	fn update_advert() {
		let asset = asset::<T>();
		let (seller, id, _) = advert_setup::<T>(&asset);
		let t = bigger_bond::<T>(&asset);

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), id, t);

		assert_eq!(Adverts::<T>::get(id).unwrap().terms.price, 93);
	}

	#[benchmark]
	fn update_advert_native() {
		let asset = native::<T>();
		let (seller, id, _) = advert_setup::<T>(&asset);
		let t = bigger_bond::<T>(&asset);

		#[extrinsic_call]
		update_advert(RawOrigin::Signed(seller), id, t);

		assert_eq!(Adverts::<T>::get(id).unwrap().terms.price, 93);
	}

	#[benchmark]
	fn pause_advert() {
		let (seller, id, _) = advert_setup::<T>(&asset::<T>());

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), id);
	}

	/// After a slash took its bond: resuming holds it again.
	#[benchmark]
	fn resume_advert() {
		let (seller, id, _) = advert_setup::<T>(&asset::<T>());
		Pallet::<T>::do_set_paused(seller.clone(), id, true).unwrap();
		let mut advert = Adverts::<T>::get(id).unwrap();
		Pallet::<T>::release_bond(HoldReason::SellerBond, &seller, advert.bond).unwrap();
		advert.bond = Zero::zero();
		Adverts::<T>::insert(id, advert);

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), id);
	}

	#[benchmark]
	fn close_advert() {
		let (seller, id) = close_setup::<T>(&asset::<T>());

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), id);

		assert!(Adverts::<T>::get(id).is_none());
	}

	#[benchmark]
	fn close_advert_native() {
		let (seller, id) = close_setup::<T>(&native::<T>());

		#[extrinsic_call]
		close_advert(RawOrigin::Signed(seller), id);

		assert!(Adverts::<T>::get(id).is_none());
	}

	#[benchmark]
	fn open_order() {
		let asset = asset::<T>();
		fund_escrow::<T>(&asset);
		let seller = trader::<T>("seller", 0, &asset);
		let buyer = with_kyc::<T>(whitelisted_caller());
		let id = advert::<T>(&seller, &asset);
		fill_buyer_index::<T>(&buyer);
		let ids = unused_ids(T::MaxOrdersPerAdvert::get().saturating_sub(1));
		Adverts::<T>::mutate(id, |a| {
			if let Some(a) = a {
				a.orders = BoundedVec::truncate_from(ids);
			}
		});

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer.clone()), id, unit::<T>(&asset), method::<T>(), 0);

		assert_eq!(Traders::<T>::get(&buyer).orders.len() as u32, T::MaxOrdersPerAccount::get());
		assert_eq!(Adverts::<T>::get(id).unwrap().open_orders(), T::MaxOrdersPerAdvert::get());
	}

	#[benchmark]
	fn mark_paid() {
		let (_, buyer, order) = closing_trade::<T>(&asset::<T>(), 0, Signs::Buyer);
		let unpaid = Orders::<T>::get(order).and_then(|o| o.deadline());

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), order, Some(H256::repeat_byte(2)));

		// The order's deadline moved in the queue: out of its unpaid block, into its paid one.
		let paid = Orders::<T>::get(order).and_then(|o| o.deadline());
		assert_ne!(unpaid, paid);
		assert!(!Deadlines::<T>::contains_key(unpaid.unwrap(), order));
		assert!(Deadlines::<T>::contains_key(paid.unwrap(), order));
	}

	/// The last order of a closed advert, to a buyer who holds none of the asset.
	#[benchmark]
	fn release() {
		let asset = asset::<T>();
		let (seller, buyer, order) = paid_trade::<T>(&asset, Signs::Seller);

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), order);

		assert_settled::<T>(order, &buyer, &asset);
		assert!(!EscrowTotals::<T>::get(&asset).fees.is_zero());
	}

	#[benchmark]
	fn release_native() {
		let asset = native::<T>();
		let (seller, buyer, order) = paid_trade::<T>(&asset, Signs::Seller);

		#[extrinsic_call]
		release(RawOrigin::Signed(seller), order);

		assert_settled::<T>(order, &buyer, &asset);
	}

	/// The last order of a closed advert, after the grace period: the amount goes back to its
	/// seller, who holds none, and the buyer's bond is slashed.
	#[benchmark]
	fn cancel_order() {
		let asset = asset::<T>();
		let (seller, buyer, order) = closing_trade::<T>(&asset, 0, Signs::Buyer);
		past_grace::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), order);

		assert_settled::<T>(order, &seller, &asset);
	}

	#[benchmark]
	fn cancel_order_native() {
		let asset = native::<T>();
		let (seller, buyer, order) = closing_trade::<T>(&asset, 0, Signs::Buyer);
		past_grace::<T>();

		#[extrinsic_call]
		cancel_order(RawOrigin::Signed(buyer), order);

		assert_settled::<T>(order, &seller, &asset);
	}

	#[benchmark]
	fn open_dispute() {
		let (seller, _, order) = paid_trade::<T>(&asset::<T>(), Signs::Seller);

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), order, H256::repeat_byte(3));
	}

	/// Split between both parties, neither of whom holds any of the asset; the seller at
	/// fault loses its bond, the buyer's is released.
	#[benchmark]
	fn resolve_dispute() {
		let asset = asset::<T>();
		let (origin, order) = disputed_trade::<T>(&asset);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, order, 6_000, Fault::Seller);

		assert!(Orders::<T>::get(order).is_none());
	}

	#[benchmark]
	fn resolve_dispute_native() {
		let (origin, order) = disputed_trade::<T>(&native::<T>());

		#[extrinsic_call]
		resolve_dispute(origin as T::RuntimeOrigin, order, 6_000, Fault::Seller);

		assert!(Orders::<T>::get(order).is_none());
	}

	#[benchmark]
	fn submit_evidence() {
		let (origin, order) = disputed_trade::<T>(&asset::<T>());
		drop(origin);
		let buyer = Orders::<T>::get(order).unwrap().buyer;

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), order, H256::repeat_byte(4));
	}

	#[benchmark]
	fn set_rules() {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		bench_rules::<T>();
		let rules = Rules::<T>::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, rules);
	}

	#[benchmark]
	fn set_limit() {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		let asset = asset::<T>();
		listed::<T>(&asset);
		let limit = TradeLimit { max_order: unit::<T>(&asset), max_open: unit::<T>(&asset) };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset.clone(), KycLevel::Basic, Some(limit));

		assert_eq!(Limits::<T>::get(&asset, KycLevel::Basic), Some(limit));
	}

	#[benchmark]
	fn set_ramp() {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		let ramp = full_ramp::<T>();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, ramp.clone());

		assert_eq!(BuyerRamp::<T>::get(), ramp);
	}

	#[benchmark]
	fn set_trade_fee() {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::MaxTradeFeeBps::get());
	}

	#[benchmark]
	fn sweep_fees() {
		let asset = asset::<T>();
		let (who, fees) = sweep_setup::<T>(&asset);

		#[extrinsic_call]
		_(RawOrigin::Signed(who), asset.clone());

		assert_eq!(T::Assets::balance(asset, &T::FeeDestination::get()), fees);
	}

	#[benchmark]
	fn sweep_fees_native() {
		let asset = native::<T>();
		let (who, fees) = sweep_setup::<T>(&asset);
		let before = T::Assets::balance(asset.clone(), &T::FeeDestination::get());

		#[extrinsic_call]
		sweep_fees(RawOrigin::Signed(who), asset.clone());

		let after = T::Assets::balance(asset, &T::FeeDestination::get());
		assert_eq!(after, before.saturating_add(fees));
	}

	/// `n` unpaid orders due, each the last of a closed advert whose seller holds none of the
	/// asset: each expiry pays its seller back and removes the advert.
	#[benchmark]
	fn expire_orders(n: Linear<0, { T::MaxExpiriesPerBlock::get() }>) {
		let now = due_orders::<T>(n);

		#[block]
		{
			Pallet::<T>::act_on_deadlines(now);
		}

		assert_eq!(Orders::<T>::iter().count(), 0);
		assert_eq!(Deadlines::<T>::iter().count(), 0);
		assert_eq!(Adverts::<T>::iter().count(), 0);
	}

	/// The hook looking at `b` blocks of the queue with nothing due.
	#[benchmark]
	fn scan_expiry_queue(b: Linear<1, MAX_EXPIRY_BLOCKS_PER_HOOK>) {
		let now = frame_system::Pallet::<T>::block_number().saturating_add(100u32.into());
		frame_system::Pallet::<T>::set_block_number(now);
		DeadlineCursor::<T>::put(now.saturating_sub((b - 1).into()));

		#[block]
		{
			Pallet::<T>::act_on_deadlines(now);
		}

		assert_eq!(DeadlineCursor::<T>::get(), now.saturating_add(One::one()));
	}

	/// Listing an asset whose escrow and fee destination accounts do not exist: both opened
	/// with a deposit.
	#[benchmark]
	fn list_asset() {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		let asset = T::BenchmarkHelper::unlisted_asset();
		fund_deposits::<T>();
		let min = T::Assets::minimum_balance(asset.clone()).max(One::one());
		let max = BalanceOf::<T>::max_value();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset.clone(), min, max);

		assert!(Listings::<T>::contains_key(&asset));
	}

	#[benchmark]
	fn delist_asset() {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		let asset = asset::<T>();
		listed::<T>(&asset);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset.clone());

		assert!(!Listings::<T>::contains_key(&asset));
	}

	/// Ending an advert of a delisted asset with `n` unpaid orders of distinct buyers: the
	/// advert is closed, every order ends, and the advert is removed with the last.
	#[benchmark]
	fn end_advert(n: Linear<0, { T::MaxOrdersPerAdvert::get() }>) {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		let asset = asset::<T>();
		fund_escrow::<T>(&asset);
		let seller = trader::<T>("seller", 0, &asset);
		fill_seller_index::<T>(&seller);
		let advert_id = advert::<T>(&seller, &asset);
		for i in 0..n {
			order::<T>(&kyc_account::<T>("buyer", i), advert_id, &asset);
		}
		hold_none::<T>(&seller, &asset);
		Pallet::<T>::do_delist_asset(asset.clone()).unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, advert_id);

		assert_eq!(Adverts::<T>::iter().count(), 0);
		assert!(!T::Assets::balance(asset, &seller).is_zero());
	}

	/// The claimant holds none of the asset: the payout opens its account.
	#[benchmark]
	fn claim() {
		let asset = asset::<T>();
		let who: T::AccountId = whitelisted_caller();
		let amount = claim_of::<T>(&who, &asset);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), asset.clone());

		assert_eq!(T::Assets::balance(asset, &who), amount);
	}

	#[benchmark]
	fn settle_claim() {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		let asset = asset::<T>();
		let who: T::AccountId = account("claimant", 0, 0);
		claim_of::<T>(&who, &asset);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset.clone(), who.clone());

		assert!(!Claims::<T>::contains_key(&asset, &who));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
