//! Storage migrations, one module per storage version.

/// Storage version 1 to 2: one [`crate::Trader`] record per account instead of three maps
/// (`SellerAdverts`, `BuyerOrders`, `AccountStats`), [`crate::EscrowTotals`] holding the fees
/// kept in escrow next to what escrow owes, and `AdvertOrders` one key per order instead of one
/// list per advert (version 3 moved them into the adverts: [`v3::v2::AdvertOrders`]), and
/// [`crate::ExpiryQueue`] one key per order with an [`crate::ExpiryCursor`] instead of one list
/// per block.
pub mod v2 {
	use crate::{pallet::*, types::*};
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, storage_alias,
		traits::UncheckedOnRuntimeUpgrade,
	};
	use frame_system::pallet_prelude::BlockNumberFor;
	use sp_runtime::{traits::Zero, Saturating};

	use super::v3::v2::AdvertOrders;

	/// The version 1 maps the migration folds into [`Traders`] and `AdvertOrders`.
	pub mod v1 {
		use super::*;

		/// A seller's adverts.
		#[storage_alias]
		pub type SellerAdverts<T: Config> = StorageMap<
			Pallet<T>,
			Blake2_128Concat,
			<T as frame_system::Config>::AccountId,
			BoundedVec<AdvertId, <T as Config>::MaxAdvertsPerAccount>,
			ValueQuery,
		>;

		/// A buyer's open orders.
		#[storage_alias]
		pub type BuyerOrders<T: Config> = StorageMap<
			Pallet<T>,
			Blake2_128Concat,
			<T as frame_system::Config>::AccountId,
			BoundedVec<OrderId, <T as Config>::MaxOrdersPerAccount>,
			ValueQuery,
		>;

		/// An advert's open orders, as one list.
		#[storage_alias]
		pub type AdvertOrders<T: Config> = StorageMap<
			Pallet<T>,
			Twox64Concat,
			AdvertId,
			BoundedVec<OrderId, <T as Config>::MaxOrdersPerAdvert>,
			ValueQuery,
		>;

		/// Orders to expire at the start of a block, as one list per block.
		#[storage_alias]
		pub type ExpiryQueue<T: Config> = StorageMap<
			Pallet<T>,
			Twox64Concat,
			BlockNumberFor<T>,
			BoundedVec<OrderId, <T as Config>::MaxExpiriesPerBlock>,
			ValueQuery,
		>;

		/// Per-account trade statistics.
		#[storage_alias]
		pub type AccountStats<T: Config> = StorageMap<
			Pallet<T>,
			Blake2_128Concat,
			<T as frame_system::Config>::AccountId,
			TradeStats,
			ValueQuery,
		>;
	}

	/// Moves every entry of the three version 1 account maps into [`Traders`], splits each
	/// advert's order list into `AdvertOrders` keys and each block's expiry list into
	/// [`ExpiryQueue`] keys (the [`ExpiryCursor`] starting at the upgrade's block), and turns each escrow total into an
	/// [`EscrowTotal`] with no fees (fees went to the fee destination at once in version 1). It runs in one block and reads every entry once: fine for the test networks that run
	/// version 1 (a few thousand accounts at most); a chain with millions of accounts would need
	/// a multi-block migration.
	pub struct InnerMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut reads = 0u64;
			let mut writes = 0u64;
			for (who, adverts) in v1::SellerAdverts::<T>::drain() {
				Traders::<T>::mutate(&who, |t| t.adverts = adverts);
				reads.saturating_inc();
				writes.saturating_accrue(2);
			}
			for (who, orders) in v1::BuyerOrders::<T>::drain() {
				Traders::<T>::mutate(&who, |t| t.orders = orders);
				reads.saturating_accrue(2);
				writes.saturating_accrue(2);
			}
			for (who, stats) in v1::AccountStats::<T>::drain() {
				if stats != TradeStats::default() {
					Traders::<T>::mutate(&who, |t| t.stats = stats);
					writes.saturating_inc();
				}
				reads.saturating_accrue(2);
				writes.saturating_inc();
			}
			// The lists share their prefix with the new keys: take them all out before writing.
			let lists: alloc::vec::Vec<_> = v1::AdvertOrders::<T>::drain().collect();
			for (advert_id, ids) in lists {
				reads.saturating_inc();
				writes.saturating_inc();
				for id in ids {
					AdvertOrders::<T>::insert(advert_id, id, ());
					writes.saturating_inc();
				}
			}
			let queues: alloc::vec::Vec<_> = v1::ExpiryQueue::<T>::drain().collect();
			for (block, ids) in queues {
				reads.saturating_inc();
				writes.saturating_inc();
				for id in ids {
					ExpiryQueue::<T>::insert(block, id, ());
					writes.saturating_inc();
				}
			}
			// Version 1 expired the queue of each block in that block: nothing before this one
			// is left.
			ExpiryCursor::<T>::put(frame_system::Pallet::<T>::block_number());
			writes.saturating_inc();
			EscrowTotals::<T>::translate::<BalanceOf<T>, _>(|_, owed| {
				reads.saturating_inc();
				writes.saturating_inc();
				(!owed.is_zero()).then(|| EscrowTotal { owed, fees: Zero::zero() })
			});
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			let accounts: alloc::collections::btree_set::BTreeSet<T::AccountId> =
				v1::SellerAdverts::<T>::iter_keys()
					.chain(v1::BuyerOrders::<T>::iter_keys())
					.chain(v1::AccountStats::<T>::iter_keys())
					.collect();
			Ok((accounts.len() as u64).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let before = u64::decode(&mut &state[..]).map_err(|_| "bad pre_upgrade state")?;
			let after = Traders::<T>::iter_keys().count() as u64;
			// Accounts whose only entry was all-zero statistics have no record now.
			ensure!(after <= before, "more trader records than accounts before");
			ensure!(v1::SellerAdverts::<T>::iter_keys().next().is_none(), "SellerAdverts left");
			ensure!(v1::BuyerOrders::<T>::iter_keys().next().is_none(), "BuyerOrders left");
			ensure!(v1::AccountStats::<T>::iter_keys().next().is_none(), "AccountStats left");
			// The adverts still have their version 2 layout: the state is checked after the
			// migration to version 3.
			Ok(())
		}
	}

	/// [`InnerMigrateV1ToV2`], run only on storage version 1, which it sets to 2.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		InnerMigrateV1ToV2<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Storage version 2 to 3: each advert keeps its open orders' ids ([`crate::Advert`]'s `orders`)
/// instead of a count, and the `AdvertOrders` keys are gone: opening and ending an order write
/// the advert anyway, so the index no longer costs a storage write of its own.
pub mod v3 {
	use crate::{pallet::*, types::*};
	use alloc::{collections::btree_map::BTreeMap, vec::Vec};
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, storage_alias,
		traits::UncheckedOnRuntimeUpgrade,
	};
	use frame_system::pallet_prelude::BlockNumberFor;
	use sp_runtime::Saturating;

	use super::v4::v3::{Advert as V3Advert, Adverts as V3Adverts};

	/// The version 2 layout of what the migration changes.
	pub mod v2 {
		use super::*;

		/// An advert as version 2 stores it: the number of its open orders, not their ids.
		#[derive(Clone, PartialEq, Eq, Encode, Decode, Debug)]
		pub struct Advert<AccountId, AssetKind, Balance, BlockNumber, Methods> {
			pub seller: AccountId,
			pub asset: AssetKind,
			pub decimals: u8,
			pub price: u128,
			pub currency: CurrencyCode,
			pub min_order: Balance,
			pub max_order: Balance,
			pub available: Balance,
			pub in_orders: Balance,
			pub payment_methods: Methods,
			pub payment_window: BlockNumber,
			pub min_buyer_level: pallet_kyc_registry::KycLevel,
			pub terms_hash: Option<sp_core::H256>,
			pub status: AdvertStatus,
			pub open_orders: u32,
			pub created_at: BlockNumber,
		}

		/// A version 2 advert of `T`.
		pub type AdvertOf<T> = Advert<
			<T as frame_system::Config>::AccountId,
			<T as Config>::AssetKind,
			BalanceOf<T>,
			BlockNumberFor<T>,
			MethodsOf<T>,
		>;

		/// Adverts in the version 2 layout.
		#[storage_alias]
		pub type Adverts<T: Config> =
			StorageMap<Pallet<T>, Twox64Concat, AdvertId, AdvertOf<T>, OptionQuery>;

		/// An advert's open orders, one key each.
		#[storage_alias]
		pub type AdvertOrders<T: Config> = StorageDoubleMap<
			Pallet<T>,
			Twox64Concat,
			AdvertId,
			Twox64Concat,
			OrderId,
			(),
			OptionQuery,
		>;
	}

	/// Moves each advert's `AdvertOrders` keys into its `orders` (ids ascending) and removes
	/// the keys. One block, every advert and order key read once: fine for the test networks on
	/// version 2 (a chain with millions of adverts would need a multi-block migration).
	pub struct InnerMigrateV2ToV3<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV2ToV3<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut reads = 0u64;
			let mut writes = 0u64;
			let mut lists: BTreeMap<AdvertId, Vec<OrderId>> = BTreeMap::new();
			for (advert_id, id, ()) in v2::AdvertOrders::<T>::drain() {
				lists.entry(advert_id).or_default().push(id);
				reads.saturating_inc();
				writes.saturating_inc();
			}
			V3Adverts::<T>::translate::<v2::AdvertOf<T>, _>(|id, old| {
				reads.saturating_inc();
				writes.saturating_inc();
				let mut ids = lists.remove(&id).unwrap_or_default();
				ids.sort_unstable();
				// Version 2 allowed at most `MaxOrdersPerAdvert` orders an advert: nothing is cut.
				let orders = BoundedVec::truncate_from(ids);
				Some(V3Advert {
					seller: old.seller,
					asset: old.asset,
					decimals: old.decimals,
					price: old.price,
					currency: old.currency,
					min_order: old.min_order,
					max_order: old.max_order,
					available: old.available,
					in_orders: old.in_orders,
					payment_methods: old.payment_methods,
					payment_window: old.payment_window,
					min_buyer_level: old.min_buyer_level,
					terms_hash: old.terms_hash,
					status: old.status,
					orders,
					created_at: old.created_at,
				})
			});
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			let orders: u64 =
				v2::Adverts::<T>::iter_values().map(|a| u64::from(a.open_orders)).sum();
			ensure!(
				orders == v2::AdvertOrders::<T>::iter_keys().count() as u64,
				"adverts' open_orders differ from their AdvertOrders keys"
			);
			Ok(orders.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let before = u64::decode(&mut &state[..]).map_err(|_| "bad pre_upgrade state")?;
			let after: u64 = V3Adverts::<T>::iter_values().map(|a| a.orders.len() as u64).sum();
			ensure!(before == after, "order ids lost or gained");
			ensure!(v2::AdvertOrders::<T>::iter_keys().next().is_none(), "AdvertOrders left");
			// The adverts have their version 3 layout: the state is checked after the migration
			// to version 4.
			Ok(())
		}
	}

	/// [`InnerMigrateV2ToV3`], run only on storage version 2, which it sets to 3.
	pub type MigrateV2ToV3<T> = VersionedMigration<
		2,
		3,
		InnerMigrateV2ToV3<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Storage version 3 to 4: each advert counts what its ended orders add to its seller's
/// statistics ([`crate::Advert`]'s `sales`, added to the seller's record when the advert goes), so
/// that a release no longer writes the seller's record.
pub mod v4 {
	use crate::{pallet::*, types::*};
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, storage_alias,
		traits::UncheckedOnRuntimeUpgrade,
	};
	use frame_system::pallet_prelude::BlockNumberFor;
	use sp_runtime::Saturating;

	use super::v5::v4::Adverts as V4Adverts;

	/// The version 3 layout of what the migration changes.
	pub mod v3 {
		use super::*;

		/// An advert as version 3 stores it: without `sales`.
		#[derive(Clone, PartialEq, Eq, Encode, Decode, Debug)]
		pub struct Advert<AccountId, AssetKind, Balance, BlockNumber, Methods, Orders> {
			pub seller: AccountId,
			pub asset: AssetKind,
			pub decimals: u8,
			pub price: u128,
			pub currency: CurrencyCode,
			pub min_order: Balance,
			pub max_order: Balance,
			pub available: Balance,
			pub in_orders: Balance,
			pub payment_methods: Methods,
			pub payment_window: BlockNumber,
			pub min_buyer_level: pallet_kyc_registry::KycLevel,
			pub terms_hash: Option<sp_core::H256>,
			pub status: AdvertStatus,
			pub orders: Orders,
			pub created_at: BlockNumber,
		}

		/// A version 3 advert of `T`.
		pub type AdvertOf<T> = Advert<
			<T as frame_system::Config>::AccountId,
			<T as Config>::AssetKind,
			BalanceOf<T>,
			BlockNumberFor<T>,
			MethodsOf<T>,
			BoundedVec<OrderId, <T as Config>::MaxOrdersPerAdvert>,
		>;

		/// Adverts in the version 3 layout.
		#[storage_alias]
		pub type Adverts<T: Config> =
			StorageMap<Pallet<T>, Twox64Concat, AdvertId, AdvertOf<T>, OptionQuery>;
	}

	/// Gives every advert empty `sales`: what its orders sold so far is in its seller's record
	/// already. One block, every advert read and written once (a chain with millions of adverts
	/// would need a multi-block migration).
	pub struct InnerMigrateV3ToV4<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV3ToV4<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut count = 0u64;
			V4Adverts::<T>::translate::<v3::AdvertOf<T>, _>(|_, old| {
				count.saturating_inc();
				Some(Advert {
					seller: old.seller,
					asset: old.asset,
					decimals: old.decimals,
					price: old.price,
					currency: old.currency,
					min_order: old.min_order,
					max_order: old.max_order,
					available: old.available,
					in_orders: old.in_orders,
					payment_methods: old.payment_methods,
					payment_window: old.payment_window,
					min_buyer_level: old.min_buyer_level,
					terms_hash: old.terms_hash,
					status: old.status,
					orders: old.orders,
					sales: SalesStats::default(),
					created_at: old.created_at,
				})
			});
			T::DbWeight::get().reads_writes(count, count)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			Ok((v3::Adverts::<T>::iter_values().count() as u64).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let before = u64::decode(&mut &state[..]).map_err(|_| "bad pre_upgrade state")?;
			let mut after = 0u64;
			for advert in V4Adverts::<T>::iter_values() {
				ensure!(advert.sales == SalesStats::default(), "an advert starts with sales");
				after.saturating_inc();
			}
			ensure!(before == after, "adverts lost or gained");
			// The adverts and orders still have their version 4 keys: the state is checked after
			// the migration to version 5.
			Ok(())
		}
	}

	/// [`InnerMigrateV3ToV4`], run only on storage version 3, which it sets to 4.
	pub type MigrateV3ToV4<T> = VersionedMigration<
		3,
		4,
		InnerMigrateV3ToV4<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Storage version 4 to 5: [`crate::Adverts`] and [`crate::Orders`] keyed by the id's big-endian
/// bytes as they are ([`crate::IdKey`], `Identity`) instead of `Twox64Concat` of the id. The ids
/// come in sequence, so the orders opened in one block share their trie nodes: the block writes
/// a few of them per key instead of a fresh path through the trie for each.
pub mod v5 {
	use crate::{pallet::*, types::*};
	use alloc::vec::Vec;
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, storage_alias,
		traits::UncheckedOnRuntimeUpgrade,
	};

	/// The version 4 keys of what the migration moves.
	pub mod v4 {
		use super::*;

		/// Adverts under their version 4 keys.
		#[storage_alias]
		pub type Adverts<T: Config> =
			StorageMap<Pallet<T>, Twox64Concat, AdvertId, AdvertOf<T>, OptionQuery>;

		/// Orders under their version 4 keys, in their layout until version 6.
		#[storage_alias]
		pub type Orders<T: Config> = StorageMap<
			Pallet<T>,
			Twox64Concat,
			OrderId,
			crate::migrations::v6::v5::OrderOf<T>,
			OptionQuery,
		>;
	}

	/// Takes every advert and order out from under its version 4 key and puts it back under its
	/// [`IdKey`]. Both layouts share the maps' prefix (the keys differ in length: 16 bytes after
	/// it then, 8 now), so each map is read whole before anything is written back. One block,
	/// every advert and order read and written once: fine for the test networks on version 4 (a
	/// chain with millions of orders would need a multi-block migration).
	pub struct InnerMigrateV4ToV5<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV4ToV5<T> {
		fn on_runtime_upgrade() -> Weight {
			let adverts: Vec<_> = v4::Adverts::<T>::drain().collect();
			let orders: Vec<_> = v4::Orders::<T>::drain().collect();
			let count = (adverts.len() as u64).saturating_add(orders.len() as u64);
			for (id, advert) in adverts {
				Adverts::<T>::insert(id.to_be_bytes(), advert);
			}
			for (id, order) in orders {
				crate::migrations::v6::v5::Orders::<T>::insert(id.to_be_bytes(), order);
			}
			// Each entry read, its old key removed and its new key written.
			T::DbWeight::get().reads_writes(count, count.saturating_mul(2))
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			let adverts: Vec<AdvertId> = v4::Adverts::<T>::iter_keys().collect();
			let orders: Vec<OrderId> = v4::Orders::<T>::iter_keys().collect();
			Ok((adverts, orders).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let (mut adverts, mut orders) =
				<(Vec<AdvertId>, Vec<OrderId>)>::decode(&mut &state[..])
					.map_err(|_| "bad pre_upgrade state")?;
			adverts.sort_unstable();
			orders.sort_unstable();
			// Under the new keys the maps iterate in id order.
			let moved: Vec<AdvertId> =
				Adverts::<T>::iter_keys().map(AdvertId::from_be_bytes).collect();
			ensure!(moved == adverts, "adverts lost or gained");
			let moved: Vec<OrderId> =
				Orders::<T>::iter_keys().map(OrderId::from_be_bytes).collect();
			ensure!(moved == orders, "orders lost or gained");
			// The orders are in their version 5 layout until the migration to version 6, which
			// checks the pallet's invariants.
			Ok(())
		}
	}

	/// [`InnerMigrateV4ToV5`], run only on storage version 4, which it sets to 5.
	pub type MigrateV4ToV5<T> = VersionedMigration<
		4,
		5,
		InnerMigrateV4ToV5<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Storage version 5 to 6: an [`crate::Order`] keeps the trade fee of when it was opened
/// ([`crate::Order::fee_bps`]), so that a change of the fee applies to orders opened after it.
/// The orders open at the upgrade take the fee of the upgrade, the one they would have paid.
pub mod v6 {
	use crate::{pallet::*, types::*};
	#[cfg(feature = "try-runtime")]
	use alloc::vec::Vec;
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, storage_alias,
		traits::UncheckedOnRuntimeUpgrade,
	};
	use frame_system::pallet_prelude::BlockNumberFor;
	use sp_core::H256;

	/// Orders as versions 1 to 5 stored them: without the fee.
	pub mod v5 {
		use super::*;

		/// An order without its fee.
		#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
		pub struct Order<AccountId, AssetKind, Balance, BlockNumber> {
			pub advert_id: AdvertId,
			pub seller: AccountId,
			pub buyer: AccountId,
			pub asset: AssetKind,
			pub amount: Balance,
			pub price: u128,
			pub currency: CurrencyCode,
			pub fiat_total: u128,
			pub payment_method: MethodCode,
			pub status: OrderStatus,
			pub opened_at: BlockNumber,
			pub pay_by: BlockNumber,
			pub expiry_slot: BlockNumber,
			pub paid_at: Option<BlockNumber>,
			pub payment_ref: Option<H256>,
			pub dispute: Option<Dispute<AccountId, BlockNumber>>,
		}

		impl<AccountId, AssetKind, Balance, BlockNumber> Order<AccountId, AssetKind, Balance, BlockNumber> {
			/// The same order with the trade fee `fee_bps`.
			pub fn with_fee(
				self,
				fee_bps: Bps,
			) -> crate::Order<AccountId, AssetKind, Balance, BlockNumber> {
				crate::Order {
					advert_id: self.advert_id,
					seller: self.seller,
					buyer: self.buyer,
					asset: self.asset,
					amount: self.amount,
					price: self.price,
					currency: self.currency,
					fiat_total: self.fiat_total,
					fee_bps,
					payment_method: self.payment_method,
					status: self.status,
					opened_at: self.opened_at,
					pay_by: self.pay_by,
					expiry_slot: self.expiry_slot,
					paid_at: self.paid_at,
					payment_ref: self.payment_ref,
					dispute: self.dispute,
				}
			}
		}

		/// A version 5 order of the pallet's runtime.
		pub type OrderOf<T> = Order<
			<T as frame_system::Config>::AccountId,
			<T as Config>::AssetKind,
			BalanceOf<T>,
			BlockNumberFor<T>,
		>;

		/// Orders in their version 5 layout (under the keys they keep).
		#[storage_alias]
		pub type Orders<T: Config> =
			StorageMap<Pallet<T>, Identity, IdKey, OrderOf<T>, OptionQuery>;
	}

	/// Gives every open order the trade fee of the upgrade. One block, every order read and
	/// written once: fine for the test networks on version 5 (a chain with millions of open
	/// orders would need a multi-block migration).
	pub struct InnerMigrateV5ToV6<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV5ToV6<T> {
		fn on_runtime_upgrade() -> Weight {
			let fee_bps = TradeFeeBps::<T>::get();
			let mut count = 0u64;
			Orders::<T>::translate::<v5::OrderOf<T>, _>(|_, order| {
				count = count.saturating_add(1);
				Some(order.with_fee(fee_bps))
			});
			// The fee read, and each order read and written.
			T::DbWeight::get().reads_writes(count.saturating_add(1), count)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			let orders: Vec<IdKey> = v5::Orders::<T>::iter_keys().collect();
			ensure!(
				orders.iter().all(|key| v5::Orders::<T>::get(key).is_some()),
				"an order does not decode as version 5"
			);
			Ok(orders.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let before =
				<Vec<IdKey>>::decode(&mut &state[..]).map_err(|_| "bad pre_upgrade state")?;
			let fee_bps = TradeFeeBps::<T>::get();
			let after: Vec<(IdKey, Bps)> =
				Orders::<T>::iter().map(|(key, order)| (key, order.fee_bps)).collect();
			ensure!(after.len() == before.len(), "orders lost or not decoded");
			ensure!(
				after
					.iter()
					.zip(before.iter())
					.all(|((key, fee), old)| key == old && *fee == fee_bps),
				"an order moved or has another fee"
			);
			Pallet::<T>::do_try_state()
		}
	}

	/// [`InnerMigrateV5ToV6`], run only on storage version 5, which it sets to 6.
	pub type MigrateV5ToV6<T> = VersionedMigration<
		5,
		6,
		InnerMigrateV5ToV6<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
