//! Expiry of unpaid orders by the pallet itself, so that nothing depends on someone calling.

use crate::{pallet::*, types::*, weight};
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, storage::with_storage_layer};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::One, Saturating};

/// Most blocks of the expiry queue the hook looks at in one block: after a block with more
/// orders due than it expires at once, it catches up on the following ones.
pub const MAX_EXPIRY_BLOCKS_PER_HOOK: u32 = 8;

impl<T: Config> Pallet<T> {
	/// Expires unpaid orders that are due: works through the expiry queue from
	/// [`ExpiryCursor`] up to `now`, at most `MaxExpiriesPerBlock` orders and
	/// [`MAX_EXPIRY_BLOCKS_PER_HOOK`] blocks of the queue. Each expiry runs in its own storage
	/// layer (a failed one leaves that order as it was: anyone can cancel it later); an order
	/// that ended already, or was paid, is skipped. Returns the weight used.
	pub(crate) fn expire_due(now: BlockNumberFor<T>) -> Weight {
		let mut block = ExpiryCursor::<T>::get();
		let mut budget = T::MaxExpiriesPerBlock::get();
		let (mut blocks, mut taken, mut settled) = (0u32, 0u32, Vec::new());
		while block <= now && blocks < MAX_EXPIRY_BLOCKS_PER_HOOK {
			blocks = blocks.saturating_add(1);
			let due: Vec<OrderId> =
				ExpiryQueue::<T>::iter_key_prefix(block).take(budget as usize).collect();
			let count = due.len() as u32;
			for order_id in due {
				ExpiryQueue::<T>::remove(block, order_id);
				settled.extend(Self::expire(order_id, now));
			}
			taken = taken.saturating_add(count);
			budget = budget.saturating_sub(count);
			if budget == 0 {
				// This block may hold more: the next hook goes on from it.
				break;
			}
			block = block.saturating_add(One::one());
		}
		ExpiryCursor::<T>::put(block);
		weight::expiries::<T>(blocks, taken, &settled)
	}

	/// Expires `order_id` if it is still unpaid after its window.
	fn expire(order_id: OrderId, now: BlockNumberFor<T>) -> Option<SettlementOf<T>> {
		let order = Orders::<T>::get(order_id).filter(|o| o.is_expired(now))?;
		with_storage_layer(|| Self::settle(order_id, order, Outcome::Expired))
			.map_err(
				|e| log::warn!(target: "runtime::otc-escrow", "expiry of order {order_id} failed: {e:?}"),
			)
			.ok()
	}
}
