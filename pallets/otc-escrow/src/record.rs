//! Trade records and the limits they drive: every settlement adds to both parties' records
//! ([`TradeRecord`], per asset [`AssetRecord`]); `open_order` checks the advert's buyer
//! conditions against the buyer's record, and `open_order` and the seller's advert calls check
//! governance's [`Limits`] per asset and KYC level, a new buyer's scaled by the [`BuyerRamp`].

use crate::{pallet::*, types::*};
use frame_support::{ensure, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_kyc_registry::{KycGate, KycLevel};
use sp_runtime::{
	traits::{CheckedAdd, CheckedSub, Zero},
	SaturatedConversion, Saturating,
};

use crate::adverts::bps_to_permill;

impl<T: Config> Pallet<T> {
	/// The bucket of the recent window that block `now` falls in.
	pub fn epoch(now: BlockNumberFor<T>) -> u32 {
		let length = T::RecentBucket::get().max(1u32.into());
		(now / length).saturated_into()
	}

	/// How long the chain has known `who` at `now`: since its first completed trade (in
	/// `record`) or its first KYC attestation, whichever came first; 0 if neither.
	pub fn account_age(
		who: &T::AccountId,
		record: &TradeRecordOf<T>,
		now: BlockNumberFor<T>,
	) -> BlockNumberFor<T> {
		let since = match (record.first_trade, T::Kyc::verified_since(who)) {
			(Some(a), Some(b)) => Some(a.min(b)),
			(a, b) => a.or(b),
		};
		since.map_or_else(Zero::zero, |since| now.saturating_sub(since))
	}

	/// Changes `who`'s record of `asset` with `f`; removed once all zero.
	pub(crate) fn update_asset_record<R>(
		who: &T::AccountId,
		asset: &T::AssetKind,
		f: impl FnOnce(&mut AssetRecordOf<T>) -> Result<R, DispatchError>,
	) -> Result<R, DispatchError> {
		let mut record = AssetRecords::<T>::get(who, asset);
		let result = f(&mut record)?;
		if record == AssetRecord::default() {
			AssetRecords::<T>::remove(who, asset);
		} else {
			AssetRecords::<T>::insert(who, asset, record);
		}
		Ok(result)
	}

	/// `limit` scaled to `share_bps`.
	fn scaled(limit: TradeLimitOf<T>, share_bps: Bps) -> TradeLimitOf<T> {
		let share = bps_to_permill(share_bps);
		TradeLimit {
			max_order: share.mul_floor(limit.max_order),
			max_open: share.mul_floor(limit.max_open),
		}
	}

	/// Checks the buyer's side of an order of `amount` of `asset`: the advert's `conditions`
	/// against its `record` and `age`, and the limits of its KYC `level` (scaled by the ramp at
	/// `age`); adds `amount` to what it has open in the asset.
	pub(crate) fn admit_buyer(
		buyer: &T::AccountId,
		asset: &T::AssetKind,
		amount: BalanceOf<T>,
		level: KycLevel,
		conditions: &BuyerConditions<BlockNumberFor<T>>,
		record: &TradeRecordOf<T>,
		now: BlockNumberFor<T>,
	) -> DispatchResult {
		let age = Self::account_age(buyer, record, now);
		let recent = record.recent_counts(Self::epoch(now));
		conditions.check(record, &recent, age).map_err(Error::<T>::from)?;
		let limit = Limits::<T>::get(asset, level)
			.map(|limit| Self::scaled(limit, ramp_share(&BuyerRamp::<T>::get(), age)));
		Self::update_asset_record(buyer, asset, |r| {
			r.buying = r.buying.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
			if let Some(limit) = limit {
				ensure!(amount <= limit.max_order, Error::<T>::AboveOrderLimit);
				ensure!(r.buying <= limit.max_open, Error::<T>::AboveOpenLimit);
			}
			Ok(())
		})
	}

	/// Checks a seller's advert of `asset` against the limits of the seller's KYC level: its
	/// `max_order` (when the terms are set) and what the seller has in escrow of the asset
	/// once `adding` more is locked; adds `adding` to it.
	pub(crate) fn admit_seller(
		seller: &T::AccountId,
		asset: &T::AssetKind,
		max_order: Option<BalanceOf<T>>,
		adding: BalanceOf<T>,
	) -> DispatchResult {
		let limit = Limits::<T>::get(asset, T::Kyc::level(seller));
		if let (Some(limit), Some(max_order)) = (limit, max_order) {
			ensure!(max_order <= limit.max_order, Error::<T>::AboveOrderLimit);
		}
		if adding.is_zero() {
			return Ok(());
		}
		Self::update_asset_record(seller, asset, |r| {
			r.selling = r.selling.checked_add(&adding).ok_or(Error::<T>::Overflow)?;
			ensure!(limit.map_or(true, |l| r.selling <= l.max_open), Error::<T>::AboveOpenLimit);
			Ok(())
		})
	}

	/// Takes `left` off what `seller` has in escrow of `asset` (paid back or out), of which
	/// `sold` went to a buyer.
	pub(crate) fn release_selling(
		seller: &T::AccountId,
		asset: &T::AssetKind,
		left: BalanceOf<T>,
		sold: BalanceOf<T>,
	) -> DispatchResult {
		if left.is_zero() {
			return Ok(());
		}
		Self::update_asset_record(seller, asset, |r| {
			r.selling = r.selling.checked_sub(&left).ok_or(Error::<T>::LedgerMismatch)?;
			r.sold = r.sold.saturating_add(sold);
			Ok(())
		})
	}

	/// Adds an order that ended at `now` (in recent-window bucket `epoch`) with `outcome` to the
	/// seller's trade record (the settlement adds the buyer's), and to both parties' records of
	/// the asset: `sold` of the amount went to the buyer, `left` (that and the seller's share)
	/// left the seller's escrow, and the order is no longer open.
	pub(crate) fn record_trade(
		order: &OrderOf<T>,
		outcome: Outcome,
		now: BlockNumberFor<T>,
		epoch: u32,
		sold: BalanceOf<T>,
		left: BalanceOf<T>,
	) -> DispatchResult {
		let entry = order.entry(Side::Seller, outcome, now);
		Self::update_trader(&order.seller, |t| {
			t.record.add(Side::Seller, &entry, now, epoch);
			Ok(())
		})?;
		Self::update_asset_record(&order.buyer, &order.asset, |r| {
			r.buying = r.buying.checked_sub(&order.amount).ok_or(Error::<T>::LedgerMismatch)?;
			r.bought = r.bought.saturating_add(sold);
			Ok(())
		})?;
		Self::release_selling(&order.seller, &order.asset, left, sold)
	}

	pub(crate) fn do_set_limit(
		asset: T::AssetKind,
		level: KycLevel,
		limit: Option<TradeLimitOf<T>>,
	) -> DispatchResult {
		Self::listing(&asset)?;
		if let Some(l) = limit {
			ensure!(!l.max_order.is_zero() && l.max_order <= l.max_open, Error::<T>::InvalidLimit);
		}
		Limits::<T>::set(&asset, level, limit);
		Self::deposit_event(Event::LimitSet { asset, level, limit });
		Ok(())
	}

	pub(crate) fn do_set_ramp(ramp: RampOf<T>) -> DispatchResult {
		ensure!(ramp_is_valid(&ramp), Error::<T>::InvalidRamp);
		BuyerRamp::<T>::put(&ramp);
		Self::deposit_event(Event::RampSet { ramp });
		Ok(())
	}
}

impl<T> From<ConditionRefusal> for Error<T> {
	fn from(refusal: ConditionRefusal) -> Self {
		match refusal {
			ConditionRefusal::TooFewTrades => Error::BuyerTooFewTrades,
			ConditionRefusal::FailureRateTooHigh => Error::BuyerFailureRateTooHigh,
			ConditionRefusal::AccountTooNew => Error::BuyerAccountTooNew,
		}
	}
}
