//! Bonds: native tokens a trader keeps on hold in its own account while it trades, within
//! governance's [`Rules`]. A seller holds its advert's bond while the advert lives, a buyer its
//! order's bond while the order is open. A bond is released whole when its trade ends well and
//! slashed on fault: part to the wronged party, the rest to the fee destination, never to the
//! party that lost it.

use crate::{pallet::*, types::*};
use frame_support::{
	ensure,
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{
		fungible::{InspectHold, MutateHold},
		tokens::{Fortitude, Precision, Restriction},
	},
};
use sp_runtime::{traits::Zero, Saturating};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_set_rules(rules: TradeRulesOf<T>) -> DispatchResult {
		ensure!(
			rules.min_buyer_bond <= rules.max_buyer_bond
				&& rules.min_seller_bond <= rules.max_seller_bond
				&& u32::from(rules.to_wronged_bps) <= BPS_DENOMINATOR
				&& !rules.release_window.is_zero()
				&& !rules.arbiter_window.is_zero(),
			Error::<T>::InvalidRules
		);
		Rules::<T>::put(rules);
		Self::deposit_event(Event::RulesSet { rules });
		Ok(())
	}

	/// Checks that the bonds `terms` ask are within governance's bounds.
	pub(crate) fn check_bonds(terms: &AdvertTermsOf<T>) -> DispatchResult {
		let rules = Rules::<T>::get();
		ensure!(
			terms.buyer_bond >= rules.min_buyer_bond
				&& terms.buyer_bond <= rules.max_buyer_bond
				&& terms.seller_bond >= rules.min_seller_bond
				&& terms.seller_bond <= rules.max_seller_bond,
			Error::<T>::BondOutsideLimits
		);
		Ok(())
	}

	/// Puts `amount` of `who`'s native balance on hold for `reason`.
	pub(crate) fn hold_bond(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::hold(&reason.into(), who, amount)
			.map_err(|_| Error::<T>::CannotHoldBond.into())
	}

	/// Releases `amount` of `who`'s bond held for `reason`.
	pub(crate) fn release_bond(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::release(&reason.into(), who, amount, Precision::Exact).map(|_| ())
	}

	/// Brings the seller's bond held for `advert` to what its terms ask, holding or releasing
	/// the difference.
	pub(crate) fn hold_advert_bond(advert: &mut AdvertOf<T>) -> DispatchResult {
		let (held, wanted) = (advert.bond, advert.terms.seller_bond);
		if wanted > held {
			Self::hold_bond(HoldReason::SellerBond, &advert.seller, wanted.saturating_sub(held))?;
		} else {
			Self::release_bond(
				HoldReason::SellerBond,
				&advert.seller,
				held.saturating_sub(wanted),
			)?;
		}
		advert.bond = wanted;
		Ok(())
	}

	/// Slashes `amount` of `who`'s bond held for `reason` over order `order_id`: `to_wronged_bps`
	/// of it (the rules' share) to `wronged`, the rest to the fee destination (and all of it there
	/// if `wronged` cannot take its part). Emits `BondSlashed`.
	pub(crate) fn slash_bond(
		order_id: OrderId,
		reason: HoldReason,
		who: &T::AccountId,
		wronged: &T::AccountId,
		amount: BalanceOf<T>,
		to_wronged_bps: Bps,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		let reason = reason.into();
		let move_held = |to: &T::AccountId, amount: BalanceOf<T>| -> DispatchResult {
			if amount.is_zero() {
				return Ok(());
			}
			let (exact, free, force) = (Precision::Exact, Restriction::Free, Fortitude::Force);
			T::Currency::transfer_on_hold(&reason, who, to, amount, exact, free, force).map(|_| ())
		};
		let share = crate::adverts::bps_to_permill(to_wronged_bps);
		let mut to_wronged = share.mul_floor(amount);
		if with_storage_layer(|| move_held(wronged, to_wronged)).is_err() {
			to_wronged = Zero::zero();
		}
		let to_fees = amount.saturating_sub(to_wronged);
		move_held(&T::FeeDestination::get(), to_fees)?;
		Self::deposit_event(Event::BondSlashed {
			order_id,
			who: who.clone(),
			amount,
			wronged: wronged.clone(),
			to_wronged,
			to_fees,
		});
		Ok(())
	}

	/// What `who` has on hold for its bonds (for `try_state` and the tests).
	pub fn bonds_held(who: &T::AccountId) -> BalanceOf<T> {
		T::Currency::balance_on_hold(&HoldReason::SellerBond.into(), who)
			.saturating_add(T::Currency::balance_on_hold(&HoldReason::BuyerBond.into(), who))
	}
}
