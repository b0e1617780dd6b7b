//! Deadlines that act by themselves: the hook expires unpaid orders, opens a dispute on a paid
//! order the seller left, draws a dispute's arbiter and escalates a dispute nobody decided, so
//! that nothing depends on someone calling.

use crate::{pallet::*, types::*, weight};
use alloc::vec::Vec;
use codec::Decode;
use frame_support::{pallet_prelude::*, storage::with_storage_layer, traits::SortedMembers};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{BlakeTwo256, Hash, One},
	Saturating,
};

/// Most blocks of the deadline queue the hook looks at in one block: after a block with more
/// deadlines due than it acts on at once, it catches up on the following ones.
pub const MAX_EXPIRY_BLOCKS_PER_HOOK: u32 = 8;

impl<T: Config> Pallet<T> {
	/// Puts `order_id` in the deadline queue at its deadline `to`, taking it out of `from`.
	pub(crate) fn requeue(
		order_id: OrderId,
		from: Option<BlockNumberFor<T>>,
		to: Option<BlockNumberFor<T>>,
	) {
		if from == to {
			return;
		}
		if let Some(block) = from {
			Deadlines::<T>::remove(block, order_id);
		}
		if let Some(block) = to {
			Deadlines::<T>::insert(block, order_id, ());
		}
	}

	/// Acts on the deadlines that are due: works through the queue from [`DeadlineCursor`] up
	/// to `now`, at most `MaxExpiriesPerBlock` orders and [`MAX_EXPIRY_BLOCKS_PER_HOOK`]
	/// blocks of the queue. Each step runs in its own storage layer (a failed one leaves that
	/// order as it was: anyone can still cancel an expired order, governance can still decide
	/// a dispute); an order that ended already or is not due any more is skipped. Returns the
	/// weight used.
	pub(crate) fn act_on_deadlines(now: BlockNumberFor<T>) -> Weight {
		let mut block = DeadlineCursor::<T>::get();
		let mut budget = T::MaxExpiriesPerBlock::get();
		let (mut blocks, mut taken, mut settled) = (0u32, 0u32, Vec::new());
		while block <= now && blocks < MAX_EXPIRY_BLOCKS_PER_HOOK {
			blocks = blocks.saturating_add(1);
			let due: Vec<OrderId> =
				Deadlines::<T>::iter_key_prefix(block).take(budget as usize).collect();
			let count = due.len() as u32;
			for order_id in due {
				Deadlines::<T>::remove(block, order_id);
				settled.extend(Self::act_on(order_id, now));
			}
			taken = taken.saturating_add(count);
			budget = budget.saturating_sub(count);
			if budget == 0 {
				// This block may hold more: the next hook goes on from it.
				break;
			}
			block = block.saturating_add(One::one());
		}
		DeadlineCursor::<T>::put(block);
		weight::deadlines::<T>(blocks, taken, &settled)
	}

	/// Takes the step `order_id`'s deadline calls for at `now`, if it is due; returns the
	/// settlement if it expired.
	fn act_on(order_id: OrderId, now: BlockNumberFor<T>) -> Option<SettlementOf<T>> {
		let order = Orders::<T>::get(order_id)?;
		let step = order.due(now)?;
		let result = with_storage_layer(|| match step {
			DeadlineStep::Expire => Self::settle(order_id, order, Outcome::Expired).map(Some),
			DeadlineStep::Dispute => Self::begin_dispute(order_id, order, None, None).map(|_| None),
			DeadlineStep::Draw => Self::draw_arbiter(order_id, order, now).map(|_| None),
			DeadlineStep::Escalate => Self::escalate(order_id, order, now).map(|_| None),
		});
		result
			.map_err(
				|e| log::warn!(target: "runtime::otc-escrow", "deadline of order {order_id} failed: {e:?}"),
			)
			.ok()
			.flatten()
	}

	/// Opens a dispute on the paid `order`: by a party (`Some`), or by the chain (`None`).
	pub(crate) fn begin_dispute(
		order_id: OrderId,
		mut order: OrderOf<T>,
		who: Option<T::AccountId>,
		evidence: Option<sp_core::H256>,
	) -> DispatchResult {
		let now = frame_system::Pallet::<T>::block_number();
		let before = order.deadline();
		order.open_dispute(who.as_ref(), now, evidence).map_err(Error::<T>::from)?;
		Self::requeue(order_id, before, order.deadline());
		Orders::<T>::insert(order_id, order);
		Self::deposit_event(Event::DisputeOpened { order_id, opened_by: who, evidence });
		Ok(())
	}

	/// Draws the arbiter of a dispute opened in an earlier block: among the arbiters who are
	/// no party to the trade, at a place given by this block's parent hash (the hash of a block
	/// no party knew when it acted) and the order id. Without an eligible arbiter the dispute
	/// goes to governance.
	fn draw_arbiter(
		order_id: OrderId,
		order: OrderOf<T>,
		now: BlockNumberFor<T>,
	) -> DispatchResult {
		let eligible: Vec<T::AccountId> = T::Arbiters::sorted_members()
			.into_iter()
			.filter(|a| *a != order.buyer && *a != order.seller)
			.collect();
		let seed = BlakeTwo256::hash_of(&(frame_system::Pallet::<T>::parent_hash(), order_id));
		let pick = u64::decode(&mut seed.as_bytes()).unwrap_or_default();
		let drawn = pick
			.checked_rem(eligible.len() as u64)
			.and_then(|i| eligible.get(usize::try_from(i).ok()?).cloned());
		let stage = match drawn {
			Some(arbiter) => {
				let until = now.saturating_add(Rules::<T>::get().arbiter_window);
				Self::deposit_event(Event::ArbiterAssigned {
					order_id,
					arbiter: arbiter.clone(),
					until,
				});
				DisputeStage::Assigned { arbiter, until }
			},
			None => {
				Self::deposit_event(Event::DisputeEscalated {
					order_id,
					stage: DisputeStage::Governance,
				});
				DisputeStage::Governance
			},
		};
		Self::set_stage(order_id, order, stage)
	}

	/// Escalates a dispute whose stage's deadline passed: from the assigned arbiter to every
	/// arbiter, from every arbiter to governance.
	fn escalate(order_id: OrderId, order: OrderOf<T>, now: BlockNumberFor<T>) -> DispatchResult {
		let stage = match order.dispute().map_err(Error::<T>::from)?.stage {
			DisputeStage::Assigned { .. } => DisputeStage::Arbiters {
				until: now.saturating_add(Rules::<T>::get().arbiter_window),
			},
			_ => DisputeStage::Governance,
		};
		Self::deposit_event(Event::DisputeEscalated { order_id, stage: stage.clone() });
		Self::set_stage(order_id, order, stage)
	}

	fn set_stage(
		order_id: OrderId,
		mut order: OrderOf<T>,
		stage: DisputeStageOf<T>,
	) -> DispatchResult {
		let before = order.deadline();
		order.set_stage(stage);
		Self::requeue(order_id, before, order.deadline());
		Orders::<T>::insert(order_id, order);
		Ok(())
	}
}
