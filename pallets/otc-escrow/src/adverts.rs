//! Adverts: creation with escrow in one step, top-up, withdrawal, terms, pause, close.

use crate::{pallet::*, settlement::remove_id, types::*, AdvertTerms, TransferAssets};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungibles::Inspect, tokens::Preservation},
};
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_kyc_registry::KycGate;
use sp_runtime::traits::{CheckedAdd, CheckedSub, Zero};

/// Terms checked and converted to their stored forms.
pub(crate) struct CheckedTerms<T: Config> {
	pub methods: MethodsOf<T>,
	/// Decimals of the asset.
	pub decimals: u8,
}

impl<T: Config> Pallet<T> {
	/// Checks a currency code: three upper-case ASCII letters.
	fn check_currency(currency: &CurrencyCode) -> DispatchResult {
		ensure!(currency.iter().all(|c| c.is_ascii_uppercase()), Error::<T>::InvalidCurrency);
		Ok(())
	}

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

	/// Checks terms against the asset and the configuration.
	fn check_terms(
		asset: &T::AssetKind,
		terms: &AdvertTerms<BalanceOf<T>, BlockNumberFor<T>>,
	) -> Result<CheckedTerms<T>, DispatchError> {
		let decimals = T::Decimals::decimals(asset).ok_or(Error::<T>::UnknownAsset)?;
		ensure!(terms.price > 0, Error::<T>::ZeroPrice);
		Self::check_currency(&terms.currency)?;
		let min_balance = T::Assets::minimum_balance(asset.clone());
		ensure!(
			!terms.min_order.is_zero()
				&& terms.min_order >= min_balance
				&& terms.min_order <= terms.max_order,
			Error::<T>::InvalidOrderLimits
		);
		ensure!(
			terms.payment_window >= T::MinPaymentWindow::get()
				&& terms.payment_window <= T::MaxPaymentWindow::get(),
			Error::<T>::InvalidPaymentWindow
		);
		ensure!(!terms.payment_methods.is_empty(), Error::<T>::BadPaymentMethodCount);
		for m in &terms.payment_methods {
			Self::check_method(m)?;
		}
		let methods: MethodsOf<T> = terms
			.payment_methods
			.clone()
			.try_into()
			.map_err(|_| Error::<T>::BadPaymentMethodCount)?;
		Ok(CheckedTerms { methods, decimals })
	}

	/// The advert `advert_id` if `who` is its seller.
	fn own_advert(who: &T::AccountId, advert_id: AdvertId) -> Result<AdvertOf<T>, DispatchError> {
		let advert = Adverts::<T>::get(advert_id.to_be_bytes()).ok_or(Error::<T>::UnknownAdvert)?;
		ensure!(&advert.seller == who, Error::<T>::NotSeller);
		Ok(advert)
	}

	/// The advert `advert_id` if `who` is its seller and it is not closed.
	fn seller_advert(
		who: &T::AccountId,
		advert_id: AdvertId,
	) -> Result<AdvertOf<T>, DispatchError> {
		let advert = Self::own_advert(who, advert_id)?;
		ensure!(advert.status != AdvertStatus::Closed, Error::<T>::AdvertClosed);
		Ok(advert)
	}

	/// Puts an advert in the open book or takes it out.
	fn list(asset: &T::AssetKind, advert_id: AdvertId, listed: bool) {
		let key = advert_id.to_be_bytes();
		if listed {
			OpenAdverts::<T>::insert(asset, key, ());
		} else {
			OpenAdverts::<T>::remove(asset, key);
		}
	}

	/// Moves `amount` of `asset` from `who` into escrow and adds it to what escrow owes. Escrow
	/// must hold its reserve of the asset (its minimum balance beyond what it owes and keeps in
	/// fees), so that no payout ever leaves it less than the minimum: `pallet-assets` would
	/// remove its account and burn what was left, which escrow still owes.
	fn lock(asset: &T::AssetKind, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		let mut total = EscrowTotals::<T>::get(asset);
		let escrow = Self::escrow_account();
		let reserve = Self::reserve_held(asset, &escrow, &total).unwrap_or_else(Zero::zero);
		ensure!(reserve >= T::Assets::minimum_balance(asset.clone()), Error::<T>::NoEscrowReserve);
		total.owed = total.owed.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		T::Transfer::transfer(asset, who, &escrow, amount, Preservation::Preserve)?;
		Self::put_total(asset, total);
		Ok(())
	}

	/// What `escrow` holds of `asset` beyond what it owes and keeps in fees (`total`): its
	/// reserve, which must be at least the asset's minimum balance; `None` if it holds less than
	/// `total`.
	pub(crate) fn reserve_held(
		asset: &T::AssetKind,
		escrow: &T::AccountId,
		total: &EscrowTotal<BalanceOf<T>>,
	) -> Option<BalanceOf<T>> {
		T::Assets::balance(asset.clone(), escrow)
			.checked_sub(&total.owed)
			.and_then(|rest| rest.checked_sub(&total.fees))
	}

	/// Stores `asset`'s escrow total, or removes it once nothing is owed and no fee waits.
	pub(crate) fn put_total(asset: &T::AssetKind, total: EscrowTotal<BalanceOf<T>>) {
		if total.owed.is_zero() && total.fees.is_zero() {
			EscrowTotals::<T>::remove(asset);
		} else {
			EscrowTotals::<T>::insert(asset, total);
		}
	}

	/// Pays `amount` of `asset` out of escrow to `to` and takes it off the escrow total.
	pub(crate) fn unlock(
		asset: &T::AssetKind,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		Self::pay_out(asset, &[(to, amount)], Zero::zero())
	}

	/// Pays each `(to, amount)` of `asset` out of escrow and takes the sum off what escrow owes;
	/// moves `fee` from what escrow owes to the fees it keeps. Reads and writes the escrow total
	/// once. Zero amounts are skipped; if all are zero, nothing is touched.
	pub(crate) fn pay_out(
		asset: &T::AssetKind,
		payouts: &[(&T::AccountId, BalanceOf<T>)],
		fee: BalanceOf<T>,
	) -> DispatchResult {
		if fee.is_zero() && payouts.iter().all(|(_, a)| a.is_zero()) {
			return Ok(());
		}
		let mut total = EscrowTotals::<T>::get(asset);
		let escrow = Self::escrow_account();
		for (to, amount) in payouts.iter().filter(|(_, a)| !a.is_zero()) {
			total.owed = total.owed.checked_sub(amount).ok_or(Error::<T>::Overflow)?;
			// `Preserve`: escrow keeps its reserve; a payout that would eat into it fails.
			T::Transfer::transfer(asset, &escrow, to, *amount, Preservation::Preserve)?;
		}
		total.owed = total.owed.checked_sub(&fee).ok_or(Error::<T>::Overflow)?;
		total.fees = total.fees.checked_add(&fee).ok_or(Error::<T>::Overflow)?;
		Self::put_total(asset, total);
		Ok(())
	}

	/// Changes `who`'s [`Trader`] record with `f`; nothing changes if `f` fails.
	pub(crate) fn update_trader<R>(
		who: &T::AccountId,
		f: impl FnOnce(&mut TraderOf<T>) -> Result<R, DispatchError>,
	) -> Result<R, DispatchError> {
		let mut trader = Traders::<T>::get(who);
		let result = f(&mut trader)?;
		Self::put_trader(who, trader);
		Ok(result)
	}

	/// Stores `who`'s [`Trader`] record, or removes it once empty.
	pub(crate) fn put_trader(who: &T::AccountId, trader: TraderOf<T>) {
		if trader.is_empty() {
			Traders::<T>::remove(who);
		} else {
			Traders::<T>::insert(who, trader);
		}
	}

	pub(crate) fn do_create_advert(
		seller: T::AccountId,
		asset: T::AssetKind,
		amount: BalanceOf<T>,
		terms: AdvertTerms<BalanceOf<T>, BlockNumberFor<T>>,
	) -> DispatchResult {
		T::Kyc::ensure_level(&seller, T::MinSellerLevel::get())
			.map_err(|_| Error::<T>::SellerKycTooLow)?;
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let checked = Self::check_terms(&asset, &terms)?;

		let advert_id = NextAdvertId::<T>::get();
		let next = advert_id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		Self::update_trader(&seller, |t| {
			t.adverts.try_push(advert_id).map_err(|_| Error::<T>::TooManyAdverts.into())
		})?;
		Self::lock(&asset, &seller, amount)?;

		let advert = Advert {
			seller: seller.clone(),
			asset: asset.clone(),
			decimals: checked.decimals,
			price: terms.price,
			currency: terms.currency,
			min_order: terms.min_order,
			max_order: terms.max_order,
			available: amount,
			in_orders: Zero::zero(),
			payment_methods: checked.methods.clone(),
			payment_window: terms.payment_window,
			min_buyer_level: terms.min_buyer_level,
			terms_hash: terms.terms_hash,
			status: AdvertStatus::Open,
			orders: BoundedVec::new(),
			sales: SalesStats::default(),
			created_at: frame_system::Pallet::<T>::block_number(),
		};
		Self::list(&asset, advert_id, true);
		Adverts::<T>::insert(advert_id.to_be_bytes(), advert);
		NextAdvertId::<T>::put(next);
		Self::deposit_event(Event::AdvertCreated {
			advert_id,
			seller,
			asset,
			amount,
			price: terms.price,
			currency: terms.currency,
			min_order: terms.min_order,
			max_order: terms.max_order,
			payment_methods: checked.methods,
			payment_window: terms.payment_window,
			min_buyer_level: terms.min_buyer_level,
			terms_hash: terms.terms_hash,
		});
		Ok(())
	}

	pub(crate) fn do_top_up(
		who: T::AccountId,
		advert_id: AdvertId,
		amount: BalanceOf<T>,
	) -> Result<T::AssetKind, DispatchError> {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut advert = Self::seller_advert(&who, advert_id)?;
		advert.available = advert.available.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		Self::lock(&advert.asset, &who, amount)?;
		let (available, asset) = (advert.available, advert.asset.clone());
		Adverts::<T>::insert(advert_id.to_be_bytes(), advert);
		Self::deposit_event(Event::AdvertToppedUp { advert_id, amount, available });
		Ok(asset)
	}

	pub(crate) fn do_withdraw(
		who: T::AccountId,
		advert_id: AdvertId,
		amount: BalanceOf<T>,
	) -> Result<T::AssetKind, DispatchError> {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		// Closed adverts too: what their orders gave back waits there for the seller.
		let mut advert = Self::own_advert(&who, advert_id)?;
		advert.available =
			advert.available.checked_sub(&amount).ok_or(Error::<T>::InsufficientAvailable)?;
		Self::unlock(&advert.asset, &who, amount)?;
		let (available, asset) = (advert.available, advert.asset.clone());
		Adverts::<T>::insert(advert_id.to_be_bytes(), advert);
		Self::deposit_event(Event::AdvertWithdrawn { advert_id, amount, available });
		Ok(asset)
	}

	/// Replaces the terms of `who`'s advert `advert_id`; returns the advert's asset.
	pub(crate) fn do_update_advert(
		who: T::AccountId,
		advert_id: AdvertId,
		terms: AdvertTerms<BalanceOf<T>, BlockNumberFor<T>>,
	) -> Result<T::AssetKind, DispatchError> {
		let mut advert = Self::seller_advert(&who, advert_id)?;
		let checked = Self::check_terms(&advert.asset, &terms)?;
		let asset = advert.asset.clone();
		advert.price = terms.price;
		advert.currency = terms.currency;
		advert.min_order = terms.min_order;
		advert.max_order = terms.max_order;
		advert.payment_methods = checked.methods.clone();
		advert.payment_window = terms.payment_window;
		advert.min_buyer_level = terms.min_buyer_level;
		advert.terms_hash = terms.terms_hash;
		Adverts::<T>::insert(advert_id.to_be_bytes(), advert);
		Self::deposit_event(Event::AdvertUpdated {
			advert_id,
			price: terms.price,
			currency: terms.currency,
			min_order: terms.min_order,
			max_order: terms.max_order,
			payment_methods: checked.methods,
			payment_window: terms.payment_window,
			min_buyer_level: terms.min_buyer_level,
			terms_hash: terms.terms_hash,
		});
		Ok(asset)
	}

	pub(crate) fn do_set_paused(
		who: T::AccountId,
		advert_id: AdvertId,
		pause: bool,
	) -> DispatchResult {
		let mut advert = Self::seller_advert(&who, advert_id)?;
		if pause {
			ensure!(advert.status == AdvertStatus::Open, Error::<T>::AdvertPaused);
			advert.status = AdvertStatus::Paused;
			Self::list(&advert.asset, advert_id, false);
			Self::deposit_event(Event::AdvertPaused { advert_id });
		} else {
			ensure!(advert.status == AdvertStatus::Paused, Error::<T>::AdvertNotPaused);
			advert.status = AdvertStatus::Open;
			Self::list(&advert.asset, advert_id, true);
			Self::deposit_event(Event::AdvertResumed { advert_id });
		}
		Adverts::<T>::insert(advert_id.to_be_bytes(), advert);
		Ok(())
	}

	pub(crate) fn do_close_advert(
		who: T::AccountId,
		advert_id: AdvertId,
	) -> Result<T::AssetKind, DispatchError> {
		let mut advert = Self::seller_advert(&who, advert_id)?;
		let asset = advert.asset.clone();
		let returned = advert.available;
		Self::unlock(&advert.asset, &who, returned)?;
		if advert.status == AdvertStatus::Open {
			Self::list(&advert.asset, advert_id, false);
		}
		advert.available = Zero::zero();
		advert.status = AdvertStatus::Closed;
		let open_orders = advert.open_orders();
		Self::deposit_event(Event::AdvertClosed { advert_id, returned, open_orders });
		if open_orders == 0 {
			Self::remove_advert(&who, advert_id, advert.sales)?;
		} else {
			Adverts::<T>::insert(advert_id.to_be_bytes(), advert);
		}
		Ok(asset)
	}

	/// Removes a closed advert whose orders have all ended (see [`AdvertStatus::Closed`]),
	/// paying its seller what its orders gave back. Anyone may: the seller gets what is theirs
	/// and the advert's sales go to the seller's record. Returns the advert's asset and the
	/// path: `None` if nothing was paid out, else whether the seller already held the token
	/// (a token other than the native one: one storage item less, [`Pallet::less_holders`]).
	pub(crate) fn do_reap_advert(
		advert_id: AdvertId,
	) -> Result<(T::AssetKind, Option<bool>), DispatchError> {
		let advert = Adverts::<T>::get(advert_id.to_be_bytes()).ok_or(Error::<T>::UnknownAdvert)?;
		ensure!(advert.status == AdvertStatus::Closed, Error::<T>::AdvertNotClosed);
		ensure!(advert.orders.is_empty(), Error::<T>::AdvertHasOpenOrders);
		let returned = advert.available;
		let paid = if returned.is_zero() {
			None
		} else {
			let to_holder = !Self::opens_account(&advert.asset, &advert.seller, returned);
			Self::unlock(&advert.asset, &advert.seller, returned)?;
			Self::deposit_event(Event::AdvertWithdrawn {
				advert_id,
				amount: returned,
				available: Zero::zero(),
			});
			Some(to_holder)
		};
		Self::remove_advert(&advert.seller, advert_id, advert.sales)?;
		Ok((advert.asset, paid))
	}

	/// Removes a closed advert without open orders and takes it off its seller's [`Trader`]
	/// record, adding the advert's sales to the seller's statistics.
	pub(crate) fn remove_advert(
		seller: &T::AccountId,
		advert_id: AdvertId,
		sales: SalesStats,
	) -> DispatchResult {
		Self::update_trader(seller, |t| {
			remove_id(&mut t.adverts, advert_id);
			t.stats.add_sales(sales);
			Ok(())
		})?;
		Adverts::<T>::remove(advert_id.to_be_bytes());
		Self::deposit_event(Event::AdvertRemoved { advert_id });
		Ok(())
	}
}
