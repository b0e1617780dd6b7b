//! Reads for the runtime API ([`crate::runtime_api::OtcEscrowApi`]): the book, an account's
//! adverts and orders, what escrow owes and holds. None of them is used by a call.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::traits::{fungibles::Inspect, Get};

impl<T: Config> Pallet<T> {
	/// A page of the open book for `asset`: open adverts with an id above `after` (from the start
	/// if `None`), by ascending id, in `currency` if given, at most `limit` (capped at
	/// [`MAX_PAGE`]) of them, of sellers whose records pass `sellers`. Only adverts that take
	/// orders now are shown: none of an asset that is not listed, none of a seller below the
	/// sellers' KYC level.
	///
	/// At most [`MAX_PAGE_SCAN`] book entries are looked at, so a page costs the same however
	/// large the book is; `next` is the cursor to go on from, `None` once the book is read.
	pub fn advert_page(
		asset: T::AssetKind,
		currency: Option<CurrencyCode>,
		sellers: SellerFilter,
		after: Option<AdvertId>,
		limit: u32,
	) -> AdvertPage<AdvertOf<T>> {
		let limit = limit.min(MAX_PAGE) as usize;
		let mut adverts = Vec::new();
		if !Listings::<T>::contains_key(&asset) {
			return AdvertPage { adverts, next: None };
		}
		if limit == 0 {
			return AdvertPage { adverts, next: after };
		}
		let keys = match after {
			Some(id) => OpenAdverts::<T>::iter_key_prefix_from(
				asset.clone(),
				OpenAdverts::<T>::hashed_key_for(asset, book_key(id)),
			),
			None => OpenAdverts::<T>::iter_key_prefix(asset),
		};
		let epoch = Self::epoch(frame_system::Pallet::<T>::block_number());
		let passes = |seller: &T::AccountId| {
			if sellers == SellerFilter::default() {
				return true;
			}
			let record = Traders::<T>::get(seller).record;
			sellers.admits(&record, &record.recent_counts(epoch))
		};
		let mut last_seen = None;
		let mut scanned = 0u32;
		let mut more = false;
		for key in keys {
			// A key after a full page or after the scan cap: the book goes on from `last_seen`.
			if adverts.len() == limit || scanned == MAX_PAGE_SCAN {
				more = true;
				break;
			}
			scanned = scanned.saturating_add(1);
			let id = AdvertId::from_be_bytes(key);
			last_seen = Some(id);
			let Some(advert) = Adverts::<T>::get(id) else { continue };
			let in_currency = currency.as_ref().map_or(true, |c| *c == advert.terms.currency);
			if in_currency
				&& Self::ensure_seller_kyc(&advert.seller).is_ok()
				&& passes(&advert.seller)
			{
				adverts.push((id, advert));
			}
		}
		AdvertPage { adverts, next: if more { last_seen } else { None } }
	}

	/// `who`'s adverts (open, paused, and closed ones with open orders), by id.
	pub fn account_adverts(who: &T::AccountId) -> Vec<(AdvertId, AdvertOf<T>)> {
		Traders::<T>::get(who)
			.adverts
			.into_iter()
			.filter_map(|id| Adverts::<T>::get(id).map(|a| (id, a)))
			.collect()
	}

	/// `who`'s open orders, as buyer and as seller, by id.
	pub fn account_orders(who: &T::AccountId) -> Vec<(OrderId, OrderOf<T>)> {
		let trader = Traders::<T>::get(who);
		let as_seller = trader
			.adverts
			.into_iter()
			.filter_map(|id| Adverts::<T>::get(id))
			.flat_map(|advert| advert.orders.into_inner());
		let mut ids: Vec<OrderId> = trader.orders.into_iter().chain(as_seller).collect();
		ids.sort_unstable();
		ids.dedup();
		ids.into_iter().filter_map(|id| Orders::<T>::get(id).map(|o| (id, o))).collect()
	}

	/// `who`'s trade record with its recent window, rates, averages, account age and records
	/// per asset (all zero for an account that never traded).
	pub fn trade_stats(
		who: &T::AccountId,
	) -> TradeStats<T::AssetKind, BalanceOf<T>, frame_system::pallet_prelude::BlockNumberFor<T>> {
		let now = frame_system::Pallet::<T>::block_number();
		let record = Traders::<T>::get(who).record;
		let recent = record.recent_counts(Self::epoch(now));
		TradeStats {
			completion_bps: recent.completion_bps(),
			failure_bps: recent.failure_bps(),
			avg_time_to_pay: record.time_to_pay.average(),
			avg_time_to_release: record.time_to_release.average(),
			account_age: Self::account_age(who, &record, now),
			assets: AssetRecords::<T>::iter_prefix(who).take(MAX_PAGE_SCAN as usize).collect(),
			recent,
			record,
		}
	}

	/// The escrow account, the fee, and what escrow owes, keeps in fees and holds of each asset.
	pub fn escrow_summary() -> EscrowSummary<T::AccountId, T::AssetKind, BalanceOf<T>> {
		let account = Self::escrow_account();
		let holdings = EscrowTotals::<T>::iter()
			.take(MAX_PAGE_SCAN as usize)
			.map(|(asset, total)| {
				let held = T::Assets::balance(asset.clone(), &account);
				EscrowHolding {
					asset,
					owed: total.owed,
					fees: total.fees,
					claims: total.claims,
					held,
				}
			})
			.collect();
		EscrowSummary {
			account,
			fee_destination: T::FeeDestination::get(),
			trade_fee_bps: TradeFeeBps::<T>::get(),
			holdings,
		}
	}
}
