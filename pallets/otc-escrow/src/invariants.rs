//! `try_state`: the escrow's invariants, checked by try-runtime and after every unit test.

use crate::pallet::*;

impl<T: Config> Pallet<T> {
	/// Checks that:
	/// - per asset, [`EscrowTotals`]' `owed` equals the adverts' available amounts plus the
	///   orders' amounts (open ones, and waiting payouts), and the escrow account holds at least
	///   that plus the fees kept (exactly that much plus its existential deposit, unless someone
	///   sent it funds);
	/// - every open order points at an existing advert of the same seller and asset; each
	///   advert's `in_orders` and order ids match its open orders; an order whose payout waits
	///   belongs to no advert and owes a payout of a token other than the native one;
	/// - the indexes ([`OpenAdverts`], the [`Traders`]' adverts and orders, the adverts' orders,
	///   [`ExpiryQueue`]) agree with the primary maps both ways, and no empty record is kept;
	/// - the id counters exceed every id.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use crate::types::*;
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::fungibles::Inspect;
		use sp_runtime::traits::{CheckedAdd, Zero};

		let mut owed: BTreeMap<T::AssetKind, BalanceOf<T>> = BTreeMap::new();
		let mut per_advert: BTreeMap<AdvertId, (BalanceOf<T>, u32)> = BTreeMap::new();
		let next_order = NextOrderId::<T>::get();

		for (key, order) in Orders::<T>::iter() {
			let id = OrderId::from_be_bytes(key);
			if id >= next_order {
				return Err("order id not below NextOrderId".into());
			}
			if !Traders::<T>::get(&order.buyer).orders.contains(&id) {
				return Err("order missing from its buyer's index".into());
			}
			if order.status == OrderStatus::PayoutWaiting {
				// Ended: owed to its buyer, no longer to its advert (which may be gone).
				if order.amount.is_zero() || Self::is_native(&order.asset) {
					return Err("waiting payout of nothing, or of the native token".into());
				}
				if Adverts::<T>::get(order.advert_id.to_be_bytes())
					.is_some_and(|a| a.orders.contains(&id))
				{
					return Err("order whose payout waits still in its advert's index".into());
				}
				let total = owed.entry(order.asset.clone()).or_insert(Zero::zero());
				*total = total.checked_add(&order.amount).ok_or("escrow sum overflows")?;
				continue;
			}
			let advert = Adverts::<T>::get(order.advert_id.to_be_bytes())
				.ok_or("order of a missing advert")?;
			if advert.seller != order.seller || advert.asset != order.asset {
				return Err("order's seller or asset differs from its advert's".into());
			}
			if !advert.orders.contains(&id) {
				return Err("order missing from its advert's index".into());
			}
			if order.status == OrderStatus::AwaitingPayment &&
				// (At the cursor's block the hook may have taken the key of an order whose
				// expiry failed, leaving it for anyone to cancel.)
				order.expiry_slot > ExpiryCursor::<T>::get() &&
				!ExpiryQueue::<T>::contains_key(order.expiry_slot, id)
			{
				return Err("unpaid order missing from its expiry queue".into());
			}
			let entry = per_advert.entry(order.advert_id).or_insert((Zero::zero(), 0));
			entry.0 = entry.0.checked_add(&order.amount).ok_or("order sum overflows")?;
			entry.1 = entry.1.saturating_add(1);
		}

		let next_advert = NextAdvertId::<T>::get();
		for (key, advert) in Adverts::<T>::iter() {
			let id = AdvertId::from_be_bytes(key);
			if id >= next_advert {
				return Err("advert id not below NextAdvertId".into());
			}
			let (in_orders, open) = per_advert.get(&id).copied().unwrap_or((Zero::zero(), 0));
			// Each order is in its advert's list (above): equal counts leave no foreign id.
			if advert.in_orders != in_orders || advert.open_orders() != open {
				return Err("advert's in_orders or order ids differ from its orders".into());
			}
			let listed = OpenAdverts::<T>::contains_key(&advert.asset, id.to_be_bytes());
			if listed != (advert.status == AdvertStatus::Open) {
				return Err(
					"advert listed in the open book but not open, or open but unlisted".into()
				);
			}
			if !Traders::<T>::get(&advert.seller).adverts.contains(&id) {
				return Err("advert missing from its seller's index".into());
			}
			let sum =
				advert.available.checked_add(&advert.in_orders).ok_or("advert sum overflows")?;
			let total = owed.entry(advert.asset.clone()).or_insert(Zero::zero());
			*total = total.checked_add(&sum).ok_or("escrow sum overflows")?;
		}

		for (asset, key, ()) in OpenAdverts::<T>::iter() {
			match Adverts::<T>::get(key) {
				Some(a) if a.asset == asset && a.status == AdvertStatus::Open => {},
				_ => return Err("open book names a missing, foreign or not open advert".into()),
			}
		}
		for (who, trader) in Traders::<T>::iter() {
			if trader.is_empty() {
				return Err("empty trader record kept".into());
			}
			for id in trader.adverts {
				match Adverts::<T>::get(id.to_be_bytes()) {
					Some(a) if a.seller == who => {},
					_ => return Err("seller index names a missing or foreign advert".into()),
				}
			}
			for id in trader.orders {
				match Orders::<T>::get(id.to_be_bytes()) {
					Some(o) if o.buyer == who => {},
					_ => return Err("buyer index names a missing or foreign order".into()),
				}
			}
		}
		let cursor = ExpiryCursor::<T>::get();
		for (block, id, ()) in ExpiryQueue::<T>::iter() {
			if id >= next_order {
				return Err("expiry queue names an order id never issued".into());
			}
			if block < cursor {
				return Err("expiry queue holds an order before its cursor".into());
			}
		}

		let escrow = Self::escrow_account();
		for (asset, total) in EscrowTotals::<T>::iter() {
			if total.owed.is_zero() && total.fees.is_zero() {
				return Err("empty EscrowTotals entry kept".into());
			}
			if owed.remove(&asset).unwrap_or_else(Zero::zero) != total.owed {
				return Err("EscrowTotals differs from what adverts and orders owe".into());
			}
			let min = T::Assets::minimum_balance(asset.clone());
			if !Self::reserve_held(&asset, &escrow, &total).is_some_and(|reserve| reserve >= min) {
				return Err(
					"escrow account holds less than it owes and keeps in fees plus its reserve"
						.into(),
				);
			}
		}
		if owed.values().any(|v| !v.is_zero()) {
			return Err("an asset is owed but has no EscrowTotals entry".into());
		}
		Ok(())
	}
}
