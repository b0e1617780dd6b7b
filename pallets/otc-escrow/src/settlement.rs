//! The one settlement every order ends through.

use crate::{adverts::bps_to_permill, ledger::remove_id, pallet::*, types::*};
use frame_support::pallet_prelude::*;
use sp_runtime::{
	traits::{CheckedAdd, CheckedSub, Zero},
	Saturating,
};

impl<T: Config> Pallet<T> {
	/// Ends `order` with `outcome`, in one step: pays out of escrow, keeps the trade fee in
	/// escrow, updates the advert and both parties' statistics, removes the order and emits
	/// `OrderSettled`.
	///
	/// - `Released`: the amount, less the fee, to the buyer.
	/// - `Cancelled`, `Expired`, `Ended`: the amount back to the advert's available amount, or
	///   to the seller if the advert is closed.
	/// - `Resolved`: `buyer_share_bps` of the amount (rounded down), less the fee, to the buyer,
	///   the rest to the seller.
	///
	/// The fee is the order's `fee_bps` of what the buyer gets, rounded down. Payouts open the
	/// payee's account of the token if need be. A closed advert is removed with its last order
	/// (`AdvertRemoved`), its sales going to the seller's record. The order leaves the expiry
	/// queue, so that settled orders never hold up the expiry of others. A payout in a delisted
	/// asset that cannot move becomes the payee's claim ([`Pallet::pay_out`]).
	pub(crate) fn settle(
		order_id: OrderId,
		order: OrderOf<T>,
		outcome: Outcome,
	) -> Result<SettlementOf<T>, DispatchError> {
		let mut advert = Adverts::<T>::get(order.advert_id).ok_or(Error::<T>::LedgerMismatch)?;
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
			Outcome::Resolved { buyer_share_bps } => {
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
		advert.sales.record(outcome);

		let first_holdings = Self::pay_out(
			&order.asset,
			&[(&order.buyer, to_buyer), (&order.seller, to_seller)],
			fee,
		)?;
		Self::update_trader(&order.buyer, |t| {
			remove_id(&mut t.orders, order_id);
			t.stats.record_as_buyer(outcome);
			Ok(())
		})?;
		Orders::<T>::remove(order_id);
		if order.status == OrderStatus::AwaitingPayment {
			// (A paid order left the queue when it was paid.)
			ExpiryQueue::<T>::remove(order.expires_from(), order_id);
		}
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
			Self::remove_advert(order.advert_id, advert)?;
		} else {
			Adverts::<T>::insert(order.advert_id, advert);
		}
		let payouts = [to_buyer, to_seller].iter().filter(|a| !a.is_zero()).count() as u32;
		Ok(Settlement { asset: order.asset, payouts, first_holdings, advert_removed })
	}
}
