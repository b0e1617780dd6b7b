//! Adverts: creation with escrow in one step, top-up, withdrawal, terms, pause, close.
//!
//! Whatever adds to an advert or lets it take orders again (create, top up, update, resume)
//! needs the seller's KYC level and a listed asset; whatever takes from it (withdraw, pause,
//! close) is always open to the seller.

use crate::{ledger::remove_id, pallet::*, types::*};
use frame_support::{ensure, pallet_prelude::*, traits::fungibles::Inspect};
use pallet_kyc_registry::KycGate;
use sp_runtime::{
	traits::{CheckedAdd, CheckedSub, Zero},
	Permill, Saturating,
};

/// `bps` basis points as a `Permill` (1 bps = 100 ppm); saturates at 100 %.
pub(crate) fn bps_to_permill(bps: Bps) -> Permill {
	Permill::from_parts(u32::from(bps).saturating_mul(100))
}

impl<T: Config> Pallet<T> {
	/// Checks a payment method code: 1..=16 of A-Z, 0-9, `_`.
	pub(crate) fn check_method(method: &MethodCode) -> DispatchResult {
		ensure!(
			!method.is_empty()
				&& method
					.iter()
					.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'_'),
			Error::<T>::InvalidPaymentMethod
		);
		Ok(())
	}

	/// Checks that `seller` has the level sellers need.
	pub(crate) fn ensure_seller_kyc(seller: &T::AccountId) -> DispatchResult {
		T::Kyc::ensure_level(seller, T::MinSellerLevel::get())
			.map_err(|_| Error::<T>::SellerKycTooLow.into())
	}

	/// Checks `terms` for an advert of `asset`, which must be listed.
	fn check_terms(asset: &T::AssetKind, terms: &AdvertTermsOf<T>) -> DispatchResult {
		let listing = Self::listing(asset)?;
		ensure!(terms.price > 0, Error::<T>::ZeroPrice);
		ensure!(
			terms.currency.len() == 3 && terms.currency.iter().all(|c| c.is_ascii_uppercase()),
			Error::<T>::InvalidCurrency
		);
		// The smallest order, less the highest fee, must still open a buyer's account.
		let max_fee = bps_to_permill(T::MaxTradeFeeBps::get()).mul_ceil(terms.min_order);
		let least_payout = terms.min_order.saturating_sub(max_fee);
		ensure!(
			!least_payout.is_zero()
				&& least_payout >= T::Assets::minimum_balance(asset.clone())
				&& terms.min_order <= terms.max_order,
			Error::<T>::InvalidOrderLimits
		);
		ensure!(
			terms.payment_window >= T::MinPaymentWindow::get()
				&& terms.payment_window <= T::MaxPaymentWindow::get(),
			Error::<T>::InvalidPaymentWindow
		);
		ensure!(
			terms.min_order >= listing.min_order && terms.max_order <= listing.max_order,
			Error::<T>::OutsideListedLimits
		);
		Self::check_bonds(terms)?;
		let max_failure = terms.buyer_conditions.max_failure_bps.unwrap_or_default();
		ensure!(u32::from(max_failure) <= BPS_DENOMINATOR, Error::<T>::InvalidConditions);
		ensure!(!terms.payment_methods.is_empty(), Error::<T>::NoPaymentMethod);
		terms.payment_methods.iter().try_for_each(Self::check_method)
	}

	/// The advert `advert_id` if `who` is its seller and it is not closed.
	fn seller_advert(
		who: &T::AccountId,
		advert_id: AdvertId,
	) -> Result<AdvertOf<T>, DispatchError> {
		let advert = Adverts::<T>::get(advert_id).ok_or(Error::<T>::UnknownAdvert)?;
		ensure!(&advert.seller == who, Error::<T>::NotSeller);
		ensure!(advert.status != AdvertStatus::Closed, Error::<T>::AdvertClosed);
		Ok(advert)
	}

	/// Puts an advert in the open book or takes it out.
	pub(crate) fn list(asset: &T::AssetKind, advert_id: AdvertId, listed: bool) {
		if listed {
			OpenAdverts::<T>::insert(asset, book_key(advert_id), ());
		} else {
			OpenAdverts::<T>::remove(asset, book_key(advert_id));
		}
	}

	pub(crate) fn do_create_advert(
		seller: T::AccountId,
		asset: T::AssetKind,
		amount: BalanceOf<T>,
		terms: AdvertTermsOf<T>,
	) -> DispatchResult {
		Self::ensure_seller_kyc(&seller)?;
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		Self::check_terms(&asset, &terms)?;
		Self::admit_seller(&seller, &asset, Some(terms.max_order), amount)?;

		let advert_id = NextAdvertId::<T>::get();
		let next = advert_id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		Self::update_trader(&seller, |t| {
			t.adverts.try_push(advert_id).map_err(|_| Error::<T>::TooManyAdverts.into())
		})?;
		Self::lock(&asset, &seller, amount)?;

		Self::list(&asset, advert_id, true);
		let mut advert = Advert {
			seller: seller.clone(),
			asset: asset.clone(),
			terms: terms.clone(),
			terms_version: 0,
			available: amount,
			in_orders: Zero::zero(),
			status: AdvertStatus::Open,
			bond: Zero::zero(),
			orders: BoundedVec::new(),
			created_at: frame_system::Pallet::<T>::block_number(),
		};
		Self::hold_advert_bond(&mut advert)?;
		Adverts::<T>::insert(advert_id, advert);
		NextAdvertId::<T>::put(next);
		Self::deposit_event(Event::AdvertCreated { advert_id, seller, asset, amount, terms });
		Ok(())
	}

	/// Adds `amount` to `who`'s advert; returns the advert's asset.
	pub(crate) fn do_top_up(
		who: T::AccountId,
		advert_id: AdvertId,
		amount: BalanceOf<T>,
	) -> Result<T::AssetKind, DispatchError> {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut advert = Self::seller_advert(&who, advert_id)?;
		Self::ensure_seller_kyc(&who)?;
		Self::listing(&advert.asset)?;
		advert.available = advert.available.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		Self::admit_seller(&who, &advert.asset, None, amount)?;
		Self::lock(&advert.asset, &who, amount)?;
		let available = advert.available;
		let asset = advert.asset.clone();
		Adverts::<T>::insert(advert_id, advert);
		Self::deposit_event(Event::AdvertToppedUp { advert_id, amount, available });
		Ok(asset)
	}

	/// Pays `amount` of `who`'s advert back to it; returns the advert's asset.
	pub(crate) fn do_withdraw(
		who: T::AccountId,
		advert_id: AdvertId,
		amount: BalanceOf<T>,
	) -> Result<T::AssetKind, DispatchError> {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut advert = Self::seller_advert(&who, advert_id)?;
		advert.available =
			advert.available.checked_sub(&amount).ok_or(Error::<T>::InsufficientAvailable)?;
		Self::pay_out(&advert.asset, &[(&who, amount)], Zero::zero())?;
		Self::release_selling(&who, &advert.asset, amount, Zero::zero())?;
		let available = advert.available;
		let asset = advert.asset.clone();
		Adverts::<T>::insert(advert_id, advert);
		Self::deposit_event(Event::AdvertWithdrawn { advert_id, amount, available });
		Ok(asset)
	}

	/// Replaces the terms of `who`'s advert; returns the advert's asset.
	pub(crate) fn do_update_advert(
		who: T::AccountId,
		advert_id: AdvertId,
		terms: AdvertTermsOf<T>,
	) -> Result<T::AssetKind, DispatchError> {
		let mut advert = Self::seller_advert(&who, advert_id)?;
		Self::ensure_seller_kyc(&who)?;
		Self::check_terms(&advert.asset, &terms)?;
		Self::admit_seller(&who, &advert.asset, Some(terms.max_order), Zero::zero())?;
		advert.terms = terms.clone();
		Self::hold_advert_bond(&mut advert)?;
		advert.terms_version = advert.terms_version.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let (asset, terms_version) = (advert.asset.clone(), advert.terms_version);
		Adverts::<T>::insert(advert_id, advert);
		Self::deposit_event(Event::AdvertUpdated { advert_id, terms, terms_version });
		Ok(asset)
	}

	pub(crate) fn do_set_paused(
		who: T::AccountId,
		advert_id: AdvertId,
		pause: bool,
	) -> DispatchResult {
		use AdvertStatus::{Open, Paused};
		let mut advert = Self::seller_advert(&who, advert_id)?;
		let (from, to, refusal, event) = match pause {
			true => (Open, Paused, Error::<T>::AdvertPaused, Event::AdvertPaused { advert_id }),
			false => {
				(Paused, Open, Error::<T>::AdvertNotPaused, Event::AdvertResumed { advert_id })
			},
		};
		ensure!(advert.status == from, refusal);
		if !pause {
			Self::ensure_seller_kyc(&who)?;
			Self::listing(&advert.asset)?;
			// After a slash the advert holds less than its bond: resuming holds it again.
			Self::hold_advert_bond(&mut advert)?;
		}
		advert.status = to;
		Self::list(&advert.asset, advert_id, !pause);
		Adverts::<T>::insert(advert_id, advert);
		Self::deposit_event(event);
		Ok(())
	}

	/// Closes `who`'s advert, paying back what is available; returns the advert's asset.
	pub(crate) fn do_close_advert(
		who: T::AccountId,
		advert_id: AdvertId,
	) -> Result<T::AssetKind, DispatchError> {
		let advert = Self::seller_advert(&who, advert_id)?;
		let asset = advert.asset.clone();
		Self::close(advert_id, advert)?;
		Ok(asset)
	}

	/// Closes an advert that is not closed: pays back what is available to its seller and takes
	/// it off the book; removes it at once if no order is open (the seller's bond stays held
	/// until then).
	pub(crate) fn close(advert_id: AdvertId, mut advert: AdvertOf<T>) -> DispatchResult {
		let returned = advert.available;
		Self::pay_out(&advert.asset, &[(&advert.seller, returned)], Zero::zero())?;
		Self::release_selling(&advert.seller, &advert.asset, returned, Zero::zero())?;
		if advert.status == AdvertStatus::Open {
			Self::list(&advert.asset, advert_id, false);
		}
		advert.available = Zero::zero();
		advert.status = AdvertStatus::Closed;
		let open_orders = advert.open_orders();
		Self::deposit_event(Event::AdvertClosed { advert_id, returned, open_orders });
		if open_orders == 0 {
			Self::remove_advert(advert_id, advert)
		} else {
			Adverts::<T>::insert(advert_id, advert);
			Ok(())
		}
	}

	/// Removes a closed advert without open orders, releasing its seller's bond and taking it
	/// off its seller's record.
	pub(crate) fn remove_advert(advert_id: AdvertId, advert: AdvertOf<T>) -> DispatchResult {
		Self::release_bond(HoldReason::SellerBond, &advert.seller, advert.bond)?;
		Self::update_trader(&advert.seller, |t| {
			remove_id(&mut t.adverts, advert_id);
			Ok(())
		})?;
		Adverts::<T>::remove(advert_id);
		Self::deposit_event(Event::AdvertRemoved { advert_id });
		Ok(())
	}
}
