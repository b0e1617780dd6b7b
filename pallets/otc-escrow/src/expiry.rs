//! Expiry of unpaid orders by the pallet itself, so that nothing depends on someone calling.

use crate::{pallet::*, types::*, WeightInfo};
use frame_support::{pallet_prelude::*, storage::with_storage_layer};
use frame_system::pallet_prelude::BlockNumberFor;

impl<T: Config> Pallet<T> {
	/// Expires the orders queued for block `now` that are still unpaid, each in its own storage
	/// layer (a failed refund leaves that order as it was: anyone can cancel it later). Returns
	/// the weight used: at most `MaxExpiriesPerBlock` expiries.
	pub(crate) fn expire_due(now: BlockNumberFor<T>) -> Weight {
		let queue = ExpiryQueue::<T>::take(now);
		let count = queue.len() as u32;
		for order_id in queue {
			let Some(order) = Orders::<T>::get(order_id) else { continue };
			if order.status != OrderStatus::AwaitingPayment || now <= order.pay_by {
				continue;
			}
			if let Err(e) =
				with_storage_layer(|| Self::settle(order_id, order, Outcome::Expired))
			{
				log::warn!(target: "runtime::otc-escrow", "expiry of order {order_id} failed: {e:?}");
			}
		}
		T::WeightInfo::expire_orders(count)
	}
}
