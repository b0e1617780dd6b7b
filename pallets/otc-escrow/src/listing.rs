//! Listed assets: governance lists the assets that may be traded, with their decimals and order
//! sizes, and ends the adverts of an asset it delisted.

use crate::{pallet::*, types::*, TransferAssets};
use frame_support::{ensure, pallet_prelude::*, traits::fungibles::Inspect};
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// The listing of `asset`, or `AssetNotListed`.
	pub(crate) fn listing(asset: &T::AssetKind) -> Result<AssetListingOf<T>, DispatchError> {
		Listings::<T>::get(asset).ok_or_else(|| Error::<T>::AssetNotListed.into())
	}

	/// Lists `asset`, or changes the order sizes of a listed one (its decimals stay as first
	/// read). Opens the escrow's and the fee destination's accounts of the asset, each with a
	/// deposit from its own native balance, so that no stranger can keep them from holding it.
	pub(crate) fn do_list_asset(
		asset: T::AssetKind,
		min_order: BalanceOf<T>,
		max_order: BalanceOf<T>,
	) -> DispatchResult {
		let decimals = match Listings::<T>::get(&asset) {
			Some(listing) => listing.decimals,
			None => T::Decimals::decimals(&asset).ok_or(Error::<T>::UnknownAsset)?,
		};
		ensure!(
			!min_order.is_zero()
				&& min_order <= max_order
				&& min_order >= T::Assets::minimum_balance(asset.clone()),
			Error::<T>::InvalidListing
		);
		let escrow = Self::escrow_account();
		for who in [&escrow, &T::FeeDestination::get()] {
			T::Transfer::open_account(&asset, who).map_err(|_| Error::<T>::CannotOpenAccount)?;
		}
		// The deposits must not come out of what escrow owes or keeps in the native token.
		let native = T::NativeAsset::get();
		let native_reserve = Self::reserve_held(&native, &escrow, &EscrowTotals::<T>::get(&native));
		ensure!(
			native_reserve.is_some_and(|r| r >= T::Assets::minimum_balance(native)),
			Error::<T>::CannotOpenAccount
		);
		let listing = AssetListing { decimals, min_order, max_order };
		Listings::<T>::insert(&asset, listing);
		Self::deposit_event(Event::AssetListed { asset, decimals, min_order, max_order });
		Ok(())
	}

	/// Delists `asset`: no new adverts or orders; open orders and adverts end as usual.
	pub(crate) fn do_delist_asset(asset: T::AssetKind) -> DispatchResult {
		ensure!(Listings::<T>::take(&asset).is_some(), Error::<T>::AssetNotListed);
		Self::deposit_event(Event::AssetDelisted { asset });
		Ok(())
	}

	/// Governance ends an advert of a delisted asset: closes it (what is available goes back to
	/// the seller) and ends its unpaid orders (their amounts go back to the seller). Paid and
	/// disputed orders go on: the seller releases, the arbiter resolves. Payouts that cannot
	/// move become claims. Returns how many orders it ended.
	pub(crate) fn do_end_advert(advert_id: AdvertId) -> Result<u32, DispatchError> {
		let advert = Adverts::<T>::get(advert_id).ok_or(Error::<T>::UnknownAdvert)?;
		ensure!(!Listings::<T>::contains_key(&advert.asset), Error::<T>::AssetStillListed);
		let unpaid: alloc::vec::Vec<_> = advert
			.orders
			.iter()
			.filter_map(|id| Orders::<T>::get(id).map(|o| (*id, o)))
			.filter(|(_, o)| o.status == OrderStatus::AwaitingPayment)
			.collect();
		if advert.status != AdvertStatus::Closed {
			Self::close(advert_id, advert)?;
		}
		let ended = u32::try_from(unpaid.len()).unwrap_or(u32::MAX);
		for (order_id, order) in unpaid {
			Self::settle(order_id, order, Outcome::Ended)?;
		}
		Ok(ended)
	}
}
