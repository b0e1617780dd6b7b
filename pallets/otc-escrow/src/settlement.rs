//! The one settlement path every order ends through.

use crate::{pallet::*, types::*};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungibles::Inspect,
		tokens::{DepositConsequence, Provenance},
	},
};
use sp_runtime::{
	traits::{CheckedAdd, CheckedSub, Zero},
	Permill,
};

/// Removes `id` from an index entry, and the entry itself once it is empty.
pub(crate) fn remove_id<S: Get<u32>>(ids: &mut Option<BoundedVec<u64, S>>, id: u64) {
	if let Some(list) = ids {
		list.retain(|x| *x != id);
		if list.is_empty() {
			*ids = None;
		}
	}
}

/// `bps` basis points as a `Permill` (1 bps = 100 ppm); saturates at 100 %.
fn bps_to_permill(bps: Bps) -> Permill {
	Permill::from_parts(u32::from(bps).saturating_mul(100))
}

impl<T: Config> Pallet<T> {
	/// Ends `order` with `outcome`: pays out of escrow, returns refunds to the advert (or to the
	/// seller if the advert is closed), removes the order and its index entries (its expiry
	/// queue entry is dropped when that block comes),
	/// removes a closed advert whose last order this was, updates both parties' statistics and
	/// emits `OrderSettled`.
	///
	/// Payouts: `Released` gives the buyer the whole amount; `Cancelled` and `Expired` refund it;
	/// `Resolved` gives the buyer `buyer_share_bps` of it, rounded down, and the seller the rest.
	/// The trade fee is `TradeFeeBps` of what the buyer gets, rounded down, and goes to
	/// `FeeDestination`; it is waived when the destination cannot take it (e.g. below the
	/// asset's minimum balance).
	pub fn settle(order_id: OrderId, order: OrderOf<T>, outcome: Outcome) -> DispatchResult {
		let amount = order.amount;
		let (buyer_gross, seller_share, refund) = match outcome {
			Outcome::Released => (amount, Zero::zero(), Zero::zero()),
			Outcome::Cancelled | Outcome::Expired => (Zero::zero(), Zero::zero(), amount),
			Outcome::Resolved { buyer_share_bps } => {
				let to_buyer = bps_to_permill(buyer_share_bps).mul_floor(amount);
				let to_seller = amount.checked_sub(&to_buyer).ok_or(Error::<T>::Overflow)?;
				(to_buyer, to_seller, Zero::zero())
			},
		};
		let fee_destination = T::FeeDestination::get();
		let mut fee = bps_to_permill(TradeFeeBps::<T>::get()).mul_floor(buyer_gross);
		if !fee.is_zero() &&
			T::Assets::can_deposit(order.asset.clone(), &fee_destination, fee, Provenance::Extant) !=
				DepositConsequence::Success
		{
			fee = Zero::zero();
		}
		let to_buyer = buyer_gross.checked_sub(&fee).ok_or(Error::<T>::Overflow)?;

		let mut advert = Adverts::<T>::get(order.advert_id).ok_or(Error::<T>::UnknownAdvert)?;
		advert.in_orders = advert.in_orders.checked_sub(&amount).ok_or(Error::<T>::Overflow)?;
		advert.open_orders = advert.open_orders.saturating_sub(1);
		let (to_advert, to_seller) = if advert.status == AdvertStatus::Closed {
			(Zero::zero(), seller_share.checked_add(&refund).ok_or(Error::<T>::Overflow)?)
		} else {
			advert.available = advert.available.checked_add(&refund).ok_or(Error::<T>::Overflow)?;
			(refund, seller_share)
		};

		Self::pay_out(
			&order.asset,
			&[(&order.buyer, to_buyer), (&fee_destination, fee), (&order.seller, to_seller)],
		)?;

		Orders::<T>::remove(order_id);
		BuyerOrders::<T>::mutate_exists(&order.buyer, |ids| remove_id(ids, order_id));
		AdvertOrders::<T>::mutate_exists(order.advert_id, |ids| remove_id(ids, order_id));
		// The expiry queue keeps the id until its block, where `expire_due` skips it: one write
		// less on every settlement.
		Self::record_stats(&order, outcome);

		Self::deposit_event(Event::OrderSettled {
			order_id,
			advert_id: order.advert_id,
			outcome,
			buyer: order.buyer,
			seller: order.seller.clone(),
			asset: order.asset,
			to_buyer,
			fee,
			to_seller,
			to_advert,
		});
		if advert.status == AdvertStatus::Closed && advert.open_orders == 0 {
			Self::remove_advert(order.advert_id, &order.seller);
		} else {
			Adverts::<T>::insert(order.advert_id, advert);
		}
		Ok(())
	}

	/// Updates the buyer's and seller's [`TradeStats`] for an order that ended with `outcome`.
	fn record_stats(order: &OrderOf<T>, outcome: Outcome) {
		let half = (BPS_DENOMINATOR / 2) as Bps;
		AccountStats::<T>::mutate(&order.buyer, |s| match outcome {
			Outcome::Released => s.bought = s.bought.saturating_add(1),
			Outcome::Cancelled => s.cancelled = s.cancelled.saturating_add(1),
			Outcome::Expired => s.expired = s.expired.saturating_add(1),
			Outcome::Resolved { buyer_share_bps } if buyer_share_bps >= half =>
				s.bought = s.bought.saturating_add(1),
			Outcome::Resolved { .. } => s.disputes_lost = s.disputes_lost.saturating_add(1),
		});
		AccountStats::<T>::mutate(&order.seller, |s| match outcome {
			Outcome::Released => s.sold = s.sold.saturating_add(1),
			Outcome::Resolved { buyer_share_bps } if buyer_share_bps >= half => {
				s.sold = s.sold.saturating_add(1);
				s.disputes_lost = s.disputes_lost.saturating_add(1);
			},
			_ => {},
		});
	}
}
