//! Expiry of unpaid orders by the pallet itself, so that nothing depends on someone calling.

use crate::{pallet::*, types::*, WeightInfo};
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
	/// layer (a failed refund leaves that order as it was: anyone can cancel it later); an
	/// order that ended already, or was paid, is skipped. Returns the weight used.
	pub(crate) fn expire_due(now: BlockNumberFor<T>) -> Weight {
		let mut block = ExpiryCursor::<T>::get();
		let mut budget = T::MaxExpiriesPerBlock::get();
		let (mut taken, mut blocks) = (0u32, 0u32);
		// Assets neither native nor hot that an expiry moved: their escrow-side keys are charged
		// once for the block (at most one asset an expiry, so bounded by the budget).
		let mut cold: Vec<T::AssetKind> = Vec::new();
		// Refunds to sellers who still held their token: one storage item less each than
		// `expire_orders` counts ([`Pallet::less_holders`]).
		let mut to_holders = 0u32;
		// Entries whose order went back to its open advert, or had ended or been paid already:
		// nothing left escrow, charged `expire_orders_to_advert` instead of `expire_orders`.
		let mut light = 0u32;
		while block <= now && blocks < MAX_EXPIRY_BLOCKS_PER_HOOK {
			blocks = blocks.saturating_add(1);
			let due: Vec<OrderId> =
				ExpiryQueue::<T>::iter_key_prefix(block).take(budget as usize).collect();
			let count = due.len() as u32;
			for order_id in due {
				ExpiryQueue::<T>::remove(block, order_id);
				match Self::expire(order_id, now) {
					Expiry::Settled(asset, settled) if settled.paid_out => {
						to_holders = to_holders.saturating_add(u32::from(settled.to_holders));
						if Self::is_cold(&asset) && !cold.contains(&asset) {
							cold.push(asset);
						}
					},
					Expiry::Settled(..) | Expiry::Skipped => light = light.saturating_add(1),
					// Undone, but it may have come as far as a payout: charged as one.
					Expiry::Failed => {},
				}
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
		// A block that expires nothing pays for looking at the queue only: the expiry
		// benchmarks' base (the first expiry's reads of what later ones share, and the fit's
		// intercept, which the machine's noise can make large) is charged only with an expiry.
		let payouts = taken.saturating_sub(light);
		let mut weight = T::WeightInfo::scan_expiry_queue(blocks)
			.saturating_add(Self::cold_asset_weight().saturating_mul(cold.len() as u64));
		if payouts > 0 {
			weight = weight.saturating_add(Self::less_holders(
				T::WeightInfo::expire_orders(payouts),
				to_holders,
			));
		}
		if light > 0 {
			weight = weight.saturating_add(T::WeightInfo::expire_orders_to_advert(light));
		}
		weight
	}

	/// Expires `order_id` if it is still unpaid after its window.
	fn expire(order_id: OrderId, now: BlockNumberFor<T>) -> Expiry<T::AssetKind> {
		let Some(order) = Orders::<T>::get(order_id.to_be_bytes()) else {
			return Expiry::Skipped;
		};
		if order.status != OrderStatus::AwaitingPayment || now <= order.pay_by {
			return Expiry::Skipped;
		}
		let asset = order.asset.clone();
		match with_storage_layer(|| Self::settle(order_id, order, Outcome::Expired)) {
			Ok(settled) => Expiry::Settled(asset, settled),
			Err(e) => {
				log::warn!(target: "runtime::otc-escrow", "expiry of order {order_id} failed: {e:?}");
				Expiry::Failed
			},
		}
	}
}

/// What became of one entry of the expiry queue.
enum Expiry<AssetKind> {
	/// Its order had ended, or was paid: nothing to do.
	Skipped,
	/// Its order expired, in this asset, by this path.
	Settled(AssetKind, Settled),
	/// Its order's expiry failed and was undone: the order stays as it was.
	Failed,
}
