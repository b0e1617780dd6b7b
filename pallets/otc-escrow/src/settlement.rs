//! The one settlement path every order ends through, and the sweep of the fees it takes.

use crate::{pallet::*, types::*, TransferAssets};
use frame_support::{
	pallet_prelude::*,
	traits::{fungibles::Inspect, tokens::Preservation},
};
use sp_runtime::{
	traits::{CheckedAdd, CheckedSub, Zero},
	Permill,
};

/// Removes `id` from an index.
pub(crate) fn remove_id<S: Get<u32>>(ids: &mut BoundedVec<u64, S>, id: u64) {
	ids.retain(|x| *x != id);
}

/// `bps` basis points as a `Permill` (1 bps = 100 ppm); saturates at 100 %.
fn bps_to_permill(bps: Bps) -> Permill {
	Permill::from_parts(u32::from(bps).saturating_mul(100))
}

impl<T: Config> Pallet<T> {
	/// Ends `order` with `outcome`: pays out of escrow, returns refunds to the advert (an open
	/// one offers them again; a closed one keeps them for its seller), keeps the trade fee in
	/// escrow, removes the order and its id in the advert and in the buyer's record (its expiry
	/// queue entry is dropped when that block comes), updates both parties' statistics (the
	/// seller's in the advert, [`Advert::sales`]) and emits `OrderSettled`. The buyer's
	/// [`Trader`] record is written once, the seller's never: a closed advert whose last order
	/// this was stays until `reap_advert` removes it, pays its seller what waits in it and hands
	/// its sales to the seller's record.
	///
	/// Payouts: `Released` gives the buyer the whole amount; `Cancelled` and `Expired` refund it;
	/// `Resolved` gives the buyer `buyer_share_bps` of it, rounded down, and the seller the rest.
	/// The trade fee is the order's `fee_bps` (the pallet's `TradeFeeBps` when the order was
	/// opened) of what the buyer gets, rounded down; it stays in escrow
	/// (in [`EscrowTotals`]' `fees`) until [`Pallet::sweep_fees`] sends it to `FeeDestination`.
	///
	/// The buyer's payout in a token other than the native one, to a buyer who holds none of
	/// it, waits: the order stays, [`OrderStatus::PayoutWaiting`] with what the buyer gets as
	/// its `amount`, in escrow and in the buyer's record, until `claim_payout` pays it (and
	/// opens the buyer's account of the token); `PayoutWaiting` follows `OrderSettled`. So the
	/// seller's `release` never pays for opening the buyer's account, and costs what it costs
	/// whatever the buyer holds.
	///
	/// Returns which path it took ([`Settled`]), for the call to charge that path's weight.
	pub fn settle(
		order_id: OrderId,
		order: OrderOf<T>,
		outcome: Outcome,
	) -> Result<Settled, DispatchError> {
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
		let fee = if buyer_gross.is_zero() {
			Zero::zero()
		} else {
			bps_to_permill(order.fee_bps).mul_floor(buyer_gross)
		};
		let to_buyer = buyer_gross.checked_sub(&fee).ok_or(Error::<T>::Overflow)?;

		let mut advert =
			Adverts::<T>::get(order.advert_id.to_be_bytes()).ok_or(Error::<T>::UnknownAdvert)?;
		advert.in_orders = advert.in_orders.checked_sub(&amount).ok_or(Error::<T>::Overflow)?;
		remove_id(&mut advert.orders, order_id);
		advert.sales.record(outcome);
		// A refund goes back to the advert, closed or not: a closed advert keeps it for its
		// seller (`withdraw_from_advert`, or `reap_advert` once its last order has ended), so a
		// cancellation or an expiry never pays out of escrow.
		advert.available = advert.available.checked_add(&refund).ok_or(Error::<T>::Overflow)?;

		// The buyer's payout never opens an account: to a buyer who holds none of the token it
		// waits in the order for `claim_payout`, paid by whoever claims it.
		let payout_waits = Self::opens_account(&order.asset, &order.buyer, to_buyer);
		let opened_seller_account = Self::opens_account(&order.asset, &order.seller, seller_share);
		let paid_to_buyer = if payout_waits { Zero::zero() } else { to_buyer };
		Self::pay_out(
			&order.asset,
			&[(&order.buyer, paid_to_buyer), (&order.seller, seller_share)],
			fee,
		)?;

		// The expiry queue keeps the id until its block, where `expire_due` skips it: one write
		// less on every settlement. A waiting payout keeps its order in the buyer's record.
		Self::update_trader(&order.buyer, |t| {
			if !payout_waits {
				remove_id(&mut t.orders, order_id);
			}
			t.stats.record_as_buyer(outcome);
			Ok(())
		})?;

		Self::deposit_event(Event::OrderSettled {
			order_id,
			advert_id: order.advert_id,
			outcome,
			buyer: order.buyer.clone(),
			seller: order.seller.clone(),
			asset: order.asset.clone(),
			to_buyer,
			fee,
			to_seller: seller_share,
			to_advert: refund,
		});
		Adverts::<T>::insert(order.advert_id.to_be_bytes(), advert);
		let key = order_id.to_be_bytes();
		if payout_waits {
			Self::deposit_event(Event::PayoutWaiting {
				order_id,
				buyer: order.buyer.clone(),
				asset: order.asset.clone(),
				amount: to_buyer,
			});
			let waiting = Order { amount: to_buyer, status: OrderStatus::PayoutWaiting, ..order };
			Orders::<T>::insert(key, waiting);
		} else {
			Orders::<T>::remove(key);
		}
		Ok(Settled { opened_seller_account, payout_waits })
	}

	/// Pays the buyer of `order_id` its waiting payout ([`OrderStatus::PayoutWaiting`]), opening
	/// its account of the token, and removes the order. Anyone may claim it: the payout can only
	/// go to the buyer. Returns the asset and whether the buyer held some of it by then (no
	/// account opened: one storage item less).
	pub(crate) fn do_claim_payout(
		order_id: OrderId,
	) -> Result<(T::AssetKind, bool), DispatchError> {
		let order = Self::order(order_id)?;
		ensure!(order.status == OrderStatus::PayoutWaiting, Error::<T>::NoPayoutWaiting);
		let held = !Self::opens_account(&order.asset, &order.buyer, order.amount);
		Self::pay_out(&order.asset, &[(&order.buyer, order.amount)], Zero::zero())?;
		Orders::<T>::remove(order_id.to_be_bytes());
		Self::update_trader(&order.buyer, |t| {
			remove_id(&mut t.orders, order_id);
			Ok(())
		})?;
		Self::deposit_event(Event::PayoutClaimed {
			order_id,
			buyer: order.buyer,
			asset: order.asset.clone(),
			amount: order.amount,
		});
		Ok((order.asset, held))
	}

	/// Whether a payout of `amount` (not zero) of `asset`, a token other than the native one,
	/// would open `who`'s account of it (`who` holds none): the buyer's payout a settlement makes
	/// wait ([`Settled::payout_waits`]); any other payout that does not is one storage item
	/// cheaper than its benchmark ([`Pallet::less_holders`]). Read before the payout, which reads
	/// the same key again (from the cache). A zero balance counts as none, so a doubt is charged
	/// the dearer path.
	pub(crate) fn opens_account(
		asset: &T::AssetKind,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> bool {
		!amount.is_zero()
			&& !Self::is_native(asset)
			&& T::Assets::balance(asset.clone(), who).is_zero()
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
}
