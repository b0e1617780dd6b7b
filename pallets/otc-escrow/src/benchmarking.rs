//! Benchmarks (v2) of every call and of the expiry hook, each on its most expensive path:
//! full indexes, full expiry buckets, closed adverts removed on their last order. Thousands of
//! other adverts and orders are stored first (component `n` where it applies) to show that the
//! cost does not grow with the size of the book.

use super::*;
use crate::expiry::MAX_EXPIRY_BLOCKS_PER_HOOK;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungibles::{Inspect, Mutate},
		EnsureOrigin, Get,
	},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use pallet_kyc_registry::{KycGate, KycLevel};
use sp_core::H256;
use sp_runtime::traits::{One, Saturating, Zero};

/// Other adverts and orders stored before the measured call.
const BOOK: u32 = 2_000;

fn asset<T: Config>() -> T::AssetKind {
	T::BenchmarkHelper::asset()
}

fn unit<T: Config>() -> BalanceOf<T> {
	let decimals = T::Decimals::decimals(&asset::<T>()).unwrap_or(0);
	BalanceOf::<T>::from(10u128.saturating_pow(u32::from(decimals)))
}

/// A funded, KYC'd account.
fn trader<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, 0);
	let amount = unit::<T>().saturating_mul(1_000_000u128.into());
	T::Assets::mint_into(asset::<T>(), &who, amount).unwrap();
	T::Kyc::set_level_for_benchmarks(&who, KycLevel::Enhanced);
	who
}

/// The escrow account holds the asset's minimum balance, as the runtime's genesis gives it.
fn fund_escrow<T: Config>() {
	let escrow = Pallet::<T>::escrow_account();
	let min = T::Assets::minimum_balance(asset::<T>());
	if T::Assets::balance(asset::<T>(), &escrow) < min {
		T::Assets::mint_into(asset::<T>(), &escrow, min).unwrap();
	}
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

fn terms<T: Config>() -> AdvertTerms<BalanceOf<T>, BlockNumberFor<T>> {
	AdvertTerms {
		price: 92,
		currency: *b"EUR",
		min_order: unit::<T>(),
		max_order: unit::<T>().saturating_mul(1_000u128.into()),
		payment_methods: methods::<T>(),
		payment_window: T::MaxPaymentWindow::get(),
		min_buyer_level: KycLevel::Verified,
		terms_hash: Some(H256::repeat_byte(1)),
	}
}

/// Stores `n` adverts and `n` orders of other accounts, straight into storage.
fn fill_book<T: Config>(n: u32) {
	let other: T::AccountId = account("book", 0, 0);
	let base = NextAdvertId::<T>::get();
	let order_base = NextOrderId::<T>::get();
	for i in 0..n {
		let id = base + u64::from(i);
		let advert = Advert {
			seller: other.clone(),
			asset: asset::<T>(),
			decimals: 12,
			price: 1,
			currency: *b"EUR",
			min_order: unit::<T>(),
			max_order: unit::<T>(),
			available: unit::<T>(),
			in_orders: unit::<T>(),
			payment_methods: BoundedVec::truncate_from(methods::<T>()),
			payment_window: One::one(),
			min_buyer_level: KycLevel::None,
			terms_hash: None,
			status: AdvertStatus::Open,
			open_orders: 1,
			created_at: One::one(),
		};
		Adverts::<T>::insert(id, advert);
		OpenAdverts::<T>::insert(asset::<T>(), id.to_be_bytes(), ());
		let order = Order {
			advert_id: id,
			seller: other.clone(),
			buyer: other.clone(),
			asset: asset::<T>(),
			amount: unit::<T>(),
			price: 1,
			currency: *b"EUR",
			fiat_total: 1,
			payment_method: method::<T>(),
			status: OrderStatus::Paid,
			opened_at: One::one(),
			pay_by: One::one(),
			expiry_slot: One::one(),
			paid_at: None,
			payment_ref: None,
			dispute: None,
		};
		Orders::<T>::insert(order_base + u64::from(i), order);
	}
	NextAdvertId::<T>::put(base + u64::from(n));
	NextOrderId::<T>::put(order_base + u64::from(n));
}

/// Fills `who`'s advert index to one below its cap with ids of no advert.
fn fill_seller_index<T: Config>(who: &T::AccountId) {
	let ids: Vec<AdvertId> =
		(0..T::MaxAdvertsPerAccount::get().saturating_sub(1)).map(|i| u64::MAX - u64::from(i)).collect();
	Traders::<T>::mutate(who, |t| t.adverts = BoundedVec::truncate_from(ids));
}

/// An advert of `seller` with plenty available.
fn advert<T: Config>(seller: &T::AccountId) -> AdvertId {
	let id = NextAdvertId::<T>::get();
	let amount = unit::<T>().saturating_mul(100_000u128.into());
	Pallet::<T>::do_create_advert(seller.clone(), asset::<T>(), amount, terms::<T>()).unwrap();
	id
}

/// Fills the buyer's order index to one below its cap. (An advert's index is one key per order:
/// how many it holds does not change the cost of adding or removing one.)
fn fill_order_indexes<T: Config>(buyer: &T::AccountId) {
	let fake = |n: u32| -> Vec<OrderId> { (0..n).map(|i| u64::MAX - u64::from(i)).collect() };
	Traders::<T>::mutate(buyer, |t| {
		let mut ids = t.orders.to_vec();
		ids.extend(fake(T::MaxOrdersPerAccount::get().saturating_sub(1 + ids.len() as u32)));
		t.orders = BoundedVec::truncate_from(ids);
	});
}

/// A seller, a buyer and an open order between them on the worst-case path.
fn trade<T: Config>() -> (T::AccountId, T::AccountId, AdvertId, OrderId) {
	fund_escrow::<T>();
	let seller = trader::<T>("seller", 0);
	let buyer = trader::<T>("buyer", 0);
	let advert_id = advert::<T>(&seller);
	fill_order_indexes::<T>(&buyer);
	let order_id = NextOrderId::<T>::get();
	Pallet::<T>::do_open_order(buyer.clone(), advert_id, unit::<T>(), method::<T>(), u128::MAX)
		.unwrap();
	(seller, buyer, advert_id, order_id)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_advert() {
		fill_book::<T>(BOOK);
		fund_escrow::<T>();
		let seller = trader::<T>("seller", 0);
		fill_seller_index::<T>(&seller);
		let t = terms::<T>();
		let amount = unit::<T>().saturating_mul(1_000u128.into());

		#[extrinsic_call]
		_(
			RawOrigin::Signed(seller.clone()),
			asset::<T>(),
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
		fund_escrow::<T>();
		let seller = trader::<T>("seller", 0);
		let id = advert::<T>(&seller);

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), id, unit::<T>());
	}

	#[benchmark]
	fn withdraw_from_advert() {
		fund_escrow::<T>();
		let seller = trader::<T>("seller", 0);
		let id = advert::<T>(&seller);

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), id, unit::<T>());
	}

	#[benchmark]
	fn update_advert() {
		fund_escrow::<T>();
		let seller = trader::<T>("seller", 0);
		let id = advert::<T>(&seller);
		let t = terms::<T>();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(seller),
			id,
			t.price.saturating_add(1),
			t.currency,
			t.min_order,
			t.max_order,
			t.payment_methods,
			t.payment_window,
			t.min_buyer_level,
			t.terms_hash,
		);
	}

	#[benchmark]
	fn pause_advert() {
		fund_escrow::<T>();
		let seller = trader::<T>("seller", 0);
		let id = advert::<T>(&seller);

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), id);
	}

	#[benchmark]
	fn resume_advert() {
		fund_escrow::<T>();
		let seller = trader::<T>("seller", 0);
		let id = advert::<T>(&seller);
		Pallet::<T>::do_set_paused(seller.clone(), id, true).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), id);
	}

	#[benchmark]
	fn close_advert() {
		fund_escrow::<T>();
		let seller = trader::<T>("seller", 0);
		fill_seller_index::<T>(&seller);
		let id = advert::<T>(&seller);

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), id);

		assert!(Adverts::<T>::get(id).is_none());
	}

	#[benchmark]
	fn open_order() {
		fill_book::<T>(BOOK);
		fund_escrow::<T>();
		let seller = trader::<T>("seller", 0);
		let buyer = trader::<T>("buyer", 0);
		let id = advert::<T>(&seller);
		fill_order_indexes::<T>(&buyer);

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer.clone()), id, unit::<T>(), method::<T>(), u128::MAX);

		assert_eq!(Traders::<T>::get(&buyer).orders.len() as u32, T::MaxOrdersPerAccount::get());
	}

	#[benchmark]
	fn mark_paid() {
		let (_, buyer, _, order) = trade::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), order, Some(H256::repeat_byte(2)));
	}

	#[benchmark]
	fn release() {
		fill_book::<T>(BOOK);
		let (seller, buyer, advert_id, order) = trade::<T>();
		Pallet::<T>::do_mark_paid(buyer, order, None).unwrap();
		// The advert is closed: this release is its last order, so it is removed too.
		Pallet::<T>::do_close_advert(seller.clone(), advert_id).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), order);

		assert!(Orders::<T>::get(order).is_none());
		assert!(Adverts::<T>::get(advert_id).is_none());
		assert!(!EscrowTotals::<T>::get(asset::<T>()).fees.is_zero());
	}

	#[benchmark]
	fn cancel_order() {
		let (seller, buyer, advert_id, order) = trade::<T>();
		Pallet::<T>::do_close_advert(seller, advert_id).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), order);

		assert!(Orders::<T>::get(order).is_none());
	}

	#[benchmark]
	fn open_dispute() {
		let (seller, buyer, _, order) = trade::<T>();
		Pallet::<T>::do_mark_paid(buyer, order, None).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), order, H256::repeat_byte(3));
	}

	#[benchmark]
	fn resolve_dispute() {
		let origin = T::ArbiterOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		let (seller, buyer, advert_id, order) = trade::<T>();
		Pallet::<T>::do_mark_paid(buyer, order, None).unwrap();
		Pallet::<T>::do_open_dispute(seller.clone(), order, H256::zero()).unwrap();
		Pallet::<T>::do_close_advert(seller, advert_id).unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, order, 6_000);

		assert!(Orders::<T>::get(order).is_none());
	}

	#[benchmark]
	fn set_trade_fee() {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::MaxTradeFeeBps::get());
	}

	#[benchmark]
	fn sweep_fees() {
		// Fees of many trades wait in escrow, next to what escrow owes to an advert.
		fund_escrow::<T>();
		let seller = trader::<T>("seller", 0);
		advert::<T>(&seller);
		let fees = unit::<T>().saturating_mul(10u128.into());
		T::Assets::mint_into(asset::<T>(), &Pallet::<T>::escrow_account(), fees).unwrap();
		EscrowTotals::<T>::mutate(asset::<T>(), |t| t.fees = fees);
		let destination = T::FeeDestination::get();
		let before = T::Assets::balance(asset::<T>(), &destination);

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), asset::<T>());

		assert_eq!(T::Assets::balance(asset::<T>(), &destination), before.saturating_add(fees));
	}

	#[benchmark]
	fn expire_orders(n: Linear<0, { T::MaxExpiriesPerBlock::get() }>) {
		fund_escrow::<T>();
		let mut slot = None;
		for i in 0..n {
			let seller = trader::<T>("seller", i);
			let id = advert::<T>(&seller);
			let buyer = trader::<T>("buyer", i);
			let order_id = NextOrderId::<T>::get();
			Pallet::<T>::do_open_order(buyer, id, unit::<T>(), method::<T>(), u128::MAX).unwrap();
			let order = Orders::<T>::get(order_id).unwrap();
			slot = Some(order.expiry_slot);
		}
		// All orders were opened in the same block: they are due in the same block, the one the
		// cursor is at.
		let now = slot.unwrap_or_else(|| {
			frame_system::Pallet::<T>::block_number()
				.saturating_add(T::MaxPaymentWindow::get())
				.saturating_add(One::one())
		});
		frame_system::Pallet::<T>::set_block_number(now);
		ExpiryCursor::<T>::put(now);

		#[block]
		{
			Pallet::<T>::expire_due(now);
		}

		assert_eq!(Orders::<T>::iter().count(), 0);
		assert_eq!(ExpiryQueue::<T>::iter().count(), 0);
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
