//! The one settlement every order ends through.

use crate::{adverts::bps_to_permill, ledger::remove_id, pallet::*, types::*};
use frame_support::pallet_prelude::*;
use sp_runtime::{
	traits::{CheckedAdd, CheckedSub, Zero},
	Saturating,
};

impl<T: Config> Pallet<T> {
	/// Ends `order` with `outcome`, in one step: pays out of escrow, keeps the trade fee in
	/// escrow, releases or slashes the bonds, updates the advert, both parties' trade records
	/// (at once: a sale counts when it settles) and the buyer's strikes, removes the order and
	/// emits `OrderSettled`.
	///
	/// - `Released`: the amount, less the fee, to the buyer.
	/// - `Cancelled`, `Expired`, `Ended`: the amount back to the advert's available amount, or
	///   to the seller if the advert is closed.
	/// - `Resolved`: `buyer_share_bps` of the amount (rounded down), less the fee, to the buyer,
	///   the rest to the seller.
	///
	/// Bonds: the buyer's is slashed when the order expires, when the buyer cancels after the
	/// rules' `cancel_grace`, or when the buyer is at fault in a dispute, and released
	/// otherwise; the seller's advert bond is slashed whole when the seller is at fault (an
	/// open advert pauses then). A cancellation or expiry is a strike against the buyer.
	///
	/// The fee is the order's `fee_bps` of what the buyer gets, rounded down. Payouts open the
	/// payee's account of the token if need be. A closed advert is removed with its last order
	/// (`AdvertRemoved`). The order leaves the expiry
	/// queue, so that settled orders never hold up the expiry of others. A payout in a delisted
	/// asset that cannot move becomes the payee's claim ([`Pallet::pay_out`]).
	pub(crate) fn settle(
		order_id: OrderId,
		order: OrderOf<T>,
		outcome: Outcome,
	) -> Result<SettlementOf<T>, DispatchError> {
		let mut advert = Adverts::<T>::get(order.advert_id).ok_or(Error::<T>::LedgerMismatch)?;
		let now = frame_system::Pallet::<T>::block_number();
		let rules = Rules::<T>::get();
		let closed = advert.status == AdvertStatus::Closed;
		let amount = order.amount;
		let (buyer_gross, to_seller, to_advert) = match outcome {
			Outcome::Released => (amount, Zero::zero(), Zero::zero()),
			Outcome::Cancelled | Outcome::Expired | Outcome::Ended if closed => {
				(Zero::zero(), amount, Zero::zero())
			},
			Outcome::Cancelled | Outcome::Expired | Outcome::Ended => {
				(Zero::zero(), Zero::zero(), amount)
			},
			Outcome::Resolved { buyer_share_bps, .. } => {
				let to_buyer = bps_to_permill(buyer_share_bps).mul_floor(amount);
				(to_buyer, amount.saturating_sub(to_buyer), Zero::zero())
			},
		};
		let fee = bps_to_permill(order.fee_bps).mul_floor(buyer_gross);
		let to_buyer = buyer_gross.saturating_sub(fee);

		advert.in_orders =
			advert.in_orders.checked_sub(&amount).ok_or(Error::<T>::LedgerMismatch)?;
		advert.available = advert.available.checked_add(&to_advert).ok_or(Error::<T>::Overflow)?;
		remove_id(&mut advert.orders, order_id);

		let buyer_at_fault = match outcome {
			Outcome::Expired | Outcome::Resolved { fault: Fault::Buyer, .. } => true,
			Outcome::Cancelled => !order.within_grace(now, rules.cancel_grace),
			_ => false,
		};
		let mut bonds = u32::from(!order.bond.is_zero());
		if buyer_at_fault {
			Self::slash_bond(
				order_id,
				HoldReason::BuyerBond,
				&order.buyer,
				&order.seller,
				order.bond,
				rules.to_wronged_bps,
			)?;
		} else {
			Self::release_bond(HoldReason::BuyerBond, &order.buyer, order.bond)?;
		}
		if matches!(outcome, Outcome::Resolved { fault: Fault::Seller, .. }) {
			let bond = core::mem::replace(&mut advert.bond, Zero::zero());
			bonds = bonds.saturating_add(u32::from(!bond.is_zero()));
			let (seller, buyer, share) = (&order.seller, &order.buyer, rules.to_wronged_bps);
			Self::slash_bond(order_id, HoldReason::SellerBond, seller, buyer, bond, share)?;
			if advert.status == AdvertStatus::Open {
				advert.status = AdvertStatus::Paused;
				Self::list(&advert.asset, order.advert_id, false);
				Self::deposit_event(Event::AdvertPaused { advert_id: order.advert_id });
			}
		}

		let first_holdings = Self::pay_out(
			&order.asset,
			&[(&order.buyer, to_buyer), (&order.seller, to_seller)],
			fee,
		)?;
		let (entry, epoch) = (order.entry(Side::Buyer, outcome, now), Self::epoch(now));
		let cooled_until = Self::update_trader(&order.buyer, |t| {
			remove_id(&mut t.orders, order_id);
			t.record.add(Side::Buyer, &entry, now, epoch);
			Ok(match outcome {
				Outcome::Cancelled | Outcome::Expired => {
					let (window, cooldowns) = (T::StrikeWindow::get(), T::Cooldowns::get());
					t.strikes.record(now, rules.max_strikes, window, cooldowns)
				},
				_ => None,
			})
		})?;
		if let Some(until) = cooled_until {
			Self::deposit_event(Event::BuyerCooledDown { who: order.buyer.clone(), until });
		}
		let left = amount.saturating_sub(to_advert);
		Self::record_trade(&order, outcome, now, epoch, buyer_gross, left)?;
		Orders::<T>::remove(order_id);
		Self::requeue(order_id, order.deadline(), None);
		Self::deposit_event(Event::OrderSettled {
			order_id,
			advert_id: order.advert_id,
			outcome,
			buyer: order.buyer,
			seller: order.seller,
			asset: order.asset.clone(),
			to_buyer,
			fee,
			to_seller,
			to_advert,
		});
		let advert_removed = closed && advert.orders.is_empty();
		if advert_removed {
			// Its removal releases the seller's bond.
			bonds = bonds.saturating_add(u32::from(!advert.bond.is_zero()));
			Self::remove_advert(order.advert_id, advert)?;
		} else {
			Adverts::<T>::insert(order.advert_id, advert);
		}
		let payouts = [to_buyer, to_seller].iter().filter(|a| !a.is_zero()).count() as u32;
		Ok(Settlement { asset: order.asset, payouts, first_holdings, advert_removed, bonds })
	}
}
