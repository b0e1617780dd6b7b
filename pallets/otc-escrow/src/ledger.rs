//! The escrow's books: assets moving in ([`Pallet::lock`]) and out ([`Pallet::pay_out`]) with
//! what escrow owes per asset, claims on a delisted asset that cannot move, and the per-account
//! [`Trader`] records.

use crate::{pallet::*, types::*, TransferAssets};
use frame_support::{
	ensure,
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{fungibles::Inspect, tokens::Preservation},
};
use sp_runtime::traits::{CheckedAdd, CheckedSub, Zero};

/// Removes `id` from an index.
pub(crate) fn remove_id<S: Get<u32>>(ids: &mut BoundedVec<u64, S>, id: u64) {
	ids.retain(|x| *x != id);
}

impl<T: Config> Pallet<T> {
	/// Moves `amount` of `asset` from `who` into escrow and adds it to what escrow owes. Escrow
	/// must hold its reserve of the asset (its minimum balance beyond what it owes and keeps in
	/// fees), so that no payout ever leaves it less than the minimum: `pallet-assets` would
	/// remove its account and burn what was left, which escrow still owes.
	pub(crate) fn lock(
		asset: &T::AssetKind,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let mut total = EscrowTotals::<T>::get(asset);
		let escrow = Self::escrow_account();
		let reserve = Self::reserve_held(asset, &escrow, &total).unwrap_or_else(Zero::zero);
		ensure!(reserve >= T::Assets::minimum_balance(asset.clone()), Error::<T>::NoEscrowReserve);
		total.owed = total.owed.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		T::Transfer::transfer(asset, who, &escrow, amount, Preservation::Preserve)?;
		Self::put_total(asset, total);
		Ok(())
	}

	/// What `escrow` holds of `asset` beyond what it owes, keeps in fees and owes in claims
	/// (`total`): its reserve, which must be at least the asset's minimum balance; `None` if it
	/// holds less than `total`.
	pub(crate) fn reserve_held(
		asset: &T::AssetKind,
		escrow: &T::AccountId,
		total: &EscrowTotal<BalanceOf<T>>,
	) -> Option<BalanceOf<T>> {
		T::Assets::balance(asset.clone(), escrow)
			.checked_sub(&total.owed)
			.and_then(|rest| rest.checked_sub(&total.fees))
			.and_then(|rest| rest.checked_sub(&total.claims))
	}

	/// Stores `asset`'s escrow total, or removes it once nothing is owed, claimed or kept in fees.
	fn put_total(asset: &T::AssetKind, total: EscrowTotal<BalanceOf<T>>) {
		if total.owed.is_zero() && total.fees.is_zero() && total.claims.is_zero() {
			EscrowTotals::<T>::remove(asset);
		} else {
			EscrowTotals::<T>::insert(asset, total);
		}
	}

	/// Pays each `(to, amount)` of `asset` out of escrow and takes the sum off what escrow owes;
	/// moves `fee` from what escrow owes to the fees it keeps. Zero amounts are skipped. Returns
	/// how many payees held none of the asset before (their first holding of it).
	///
	/// A listed asset must move, or the whole call fails. A payout in a **delisted** asset that
	/// cannot move (the asset or an account frozen, the asset destroyed) is recorded as the
	/// payee's claim instead ([`Claims`], `ClaimRecorded`), so that trades of a stuck asset
	/// still end and free their slots; the claim is paid when the asset moves again.
	pub(crate) fn pay_out(
		asset: &T::AssetKind,
		payouts: &[(&T::AccountId, BalanceOf<T>)],
		fee: BalanceOf<T>,
	) -> Result<u32, DispatchError> {
		let mut first_holdings = 0u32;
		if fee.is_zero() && payouts.iter().all(|(_, a)| a.is_zero()) {
			return Ok(first_holdings);
		}
		let mut total = EscrowTotals::<T>::get(asset);
		let escrow = Self::escrow_account();
		for (to, amount) in payouts.iter().filter(|(_, a)| !a.is_zero()) {
			total.owed = total.owed.checked_sub(amount).ok_or(Error::<T>::LedgerMismatch)?;
			if T::Assets::balance(asset.clone(), to).is_zero() {
				first_holdings = first_holdings.saturating_add(1);
			}
			// `Preserve`: escrow keeps its reserve; a payout that would eat into it fails.
			let pay = || T::Transfer::transfer(asset, &escrow, to, *amount, Preservation::Preserve);
			if let Err(error) = with_storage_layer(pay) {
				// The listing is read only when a payout fails: a listed asset must move.
				ensure!(!Listings::<T>::contains_key(asset), error);
				total.claims = total.claims.checked_add(amount).ok_or(Error::<T>::Overflow)?;
				Self::record_claim(asset, to, *amount)?;
			}
		}
		total.owed = total.owed.checked_sub(&fee).ok_or(Error::<T>::LedgerMismatch)?;
		total.fees = total.fees.checked_add(&fee).ok_or(Error::<T>::Overflow)?;
		Self::put_total(asset, total);
		Ok(first_holdings)
	}

	/// Adds `amount` to `who`'s claim on escrow in `asset`.
	fn record_claim(
		asset: &T::AssetKind,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let claim =
			Claims::<T>::get(asset, who).checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		Claims::<T>::insert(asset, who, claim);
		Self::deposit_event(Event::ClaimRecorded {
			asset: asset.clone(),
			who: who.clone(),
			amount,
			claim,
		});
		Ok(())
	}

	/// Takes `who`'s whole claim in `asset` off the books; returns it.
	fn take_claim(asset: &T::AssetKind, who: &T::AccountId) -> Result<BalanceOf<T>, DispatchError> {
		let amount = Claims::<T>::take(asset, who);
		ensure!(!amount.is_zero(), Error::<T>::NoClaim);
		let mut total = EscrowTotals::<T>::get(asset);
		total.claims = total.claims.checked_sub(&amount).ok_or(Error::<T>::LedgerMismatch)?;
		Self::put_total(asset, total);
		Ok(amount)
	}

	/// Pays `who` its claim in `asset`; fails, changing nothing, while the asset cannot move.
	pub(crate) fn do_claim(who: T::AccountId, asset: T::AssetKind) -> DispatchResult {
		let amount = Self::take_claim(&asset, &who)?;
		T::Transfer::transfer(
			&asset,
			&Self::escrow_account(),
			&who,
			amount,
			Preservation::Preserve,
		)?;
		Self::deposit_event(Event::ClaimPaid { asset, who, amount });
		Ok(())
	}

	/// Governance settles `who`'s claim in `asset` off the chain's books (e.g. the asset was
	/// destroyed and the claimant compensated otherwise): the claim is removed, with its amount
	/// in `ClaimSettled`.
	pub(crate) fn do_settle_claim(asset: T::AssetKind, who: T::AccountId) -> DispatchResult {
		let amount = Self::take_claim(&asset, &who)?;
		Self::deposit_event(Event::ClaimSettled { asset, who, amount });
		Ok(())
	}

	/// Sends the fees kept in escrow for `asset` to the fee destination.
	pub(crate) fn do_sweep_fees(asset: T::AssetKind) -> DispatchResult {
		let mut total = EscrowTotals::<T>::get(&asset);
		let amount = total.fees;
		ensure!(!amount.is_zero(), Error::<T>::NoFeesToSweep);
		let to = T::FeeDestination::get();
		T::Transfer::transfer(
			&asset,
			&Self::escrow_account(),
			&to,
			amount,
			Preservation::Preserve,
		)?;
		total.fees = Zero::zero();
		Self::put_total(&asset, total);
		Self::deposit_event(Event::FeesSwept { asset, amount, to });
		Ok(())
	}

	/// Changes `who`'s [`Trader`] record with `f`; nothing changes if `f` fails.
	pub(crate) fn update_trader<R>(
		who: &T::AccountId,
		f: impl FnOnce(&mut TraderOf<T>) -> Result<R, DispatchError>,
	) -> Result<R, DispatchError> {
		let mut trader = Traders::<T>::get(who);
		let result = f(&mut trader)?;
		if trader.is_empty() {
			Traders::<T>::remove(who);
		} else {
			Traders::<T>::insert(who, trader);
		}
		Ok(result)
	}
}
