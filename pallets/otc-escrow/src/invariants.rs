//! `try_state`: the escrow's invariants, checked by try-runtime and after every unit test.

use crate::pallet::*;

impl<T: Config> Pallet<T> {
	/// Checks that:
	/// - per asset, [`EscrowTotals`]' `owed` equals the adverts' available amounts plus the
	///   orders' amounts, its `claims` the [`Claims`] in the asset, and the escrow account holds
	///   at least owed, fees kept and claims plus its reserve (the asset's minimum balance),
	///   unless the asset no longer exists (destroyed: the claims on it stand);
	/// - every order points at an existing advert of the same seller and asset; each advert's
	///   `in_orders` and order ids match its orders; a closed advert has open orders and
	///   nothing available;
	/// - the indexes ([`OpenAdverts`], the [`Traders`]' adverts and orders, the adverts' orders,
	///   [`Deadlines`]) agree with the primary maps both ways (the queue holds each order with a
	///   deadline under its deadline's block, and nothing else), and no empty record is kept;
	/// - per account and asset, the [`AssetRecords`]' `buying` equals its open orders' amounts
	///   and `selling` its adverts' available and in-order amounts, and no empty record is kept;
	/// - per trader, what is on hold for bonds equals its adverts' bonds plus its orders' bonds, and a held advert bond is the one its terms ask unless the advert was slashed
	///   (then it is not open);
	/// - the id counters exceed every id.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use crate::types::*;
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::{ensure, traits::fungibles::Inspect};
		use sp_runtime::traits::{CheckedAdd, Zero};

		let mut owed: BTreeMap<T::AssetKind, BalanceOf<T>> = BTreeMap::new();
		let mut per_advert: BTreeMap<AdvertId, (BalanceOf<T>, u32)> = BTreeMap::new();
		let (next_order, cursor) = (NextOrderId::<T>::get(), DeadlineCursor::<T>::get());
		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		// (account, asset) -> (buying, selling): what the accounts have open.
		let mut exposures: BTreeMap<(T::AccountId, T::AssetKind), (BalanceOf<T>, BalanceOf<T>)> =
			BTreeMap::new();
		let mut add_bond = |who: &T::AccountId, amount: BalanceOf<T>| -> Result<(), &'static str> {
			let held = bonds.entry(who.clone()).or_insert(Zero::zero());
			*held = held.checked_add(&amount).ok_or("bond sum overflows")?;
			Ok(())
		};

		for (id, order) in Orders::<T>::iter() {
			ensure!(id < next_order, "order id not below NextOrderId");
			let buyer = Traders::<T>::get(&order.buyer);
			ensure!(buyer.orders.contains(&id), "order missing from its buyer's index");
			let advert = Adverts::<T>::get(order.advert_id).ok_or("order of a missing advert")?;
			ensure!(
				advert.seller == order.seller && advert.asset == order.asset,
				"order's seller or asset differs from its advert's"
			);
			ensure!(advert.orders.contains(&id), "order missing from its advert's index");
			// (At the cursor's block the hook may have taken the key of an order whose step
			// failed, leaving it for a party or governance.)
			if let Some(due) = order.deadline() {
				ensure!(
					due <= cursor || Deadlines::<T>::contains_key(due, id),
					"order missing from the deadline queue"
				);
			}
			add_bond(&order.buyer, order.bond)?;
			let exposure = exposures.entry((order.buyer.clone(), order.asset.clone())).or_default();
			exposure.0 = exposure.0.checked_add(&order.amount).ok_or("buying sum overflows")?;
			let entry = per_advert.entry(order.advert_id).or_insert((Zero::zero(), 0));
			entry.0 = entry.0.checked_add(&order.amount).ok_or("order sum overflows")?;
			entry.1 = entry.1.saturating_add(1);
		}

		let next_advert = NextAdvertId::<T>::get();
		for (id, advert) in Adverts::<T>::iter() {
			ensure!(id < next_advert, "advert id not below NextAdvertId");
			let (in_orders, open) = per_advert.get(&id).copied().unwrap_or((Zero::zero(), 0));
			// Each order is in its advert's list (above): equal counts leave no foreign id.
			ensure!(
				advert.in_orders == in_orders && advert.open_orders() == open,
				"advert's in_orders or order ids differ from its orders"
			);
			ensure!(
				advert.status != AdvertStatus::Closed || (open > 0 && advert.available.is_zero()),
				"closed advert without open orders, or with funds available"
			);
			let listed = OpenAdverts::<T>::contains_key(&advert.asset, book_key(id));
			ensure!(listed == (advert.status == AdvertStatus::Open), "open book and status differ");
			ensure!(
				advert.bond == advert.terms.seller_bond
					|| (advert.bond.is_zero() && advert.status != AdvertStatus::Open),
				"advert holds another bond than its terms ask, and is open"
			);
			add_bond(&advert.seller, advert.bond)?;
			let seller = Traders::<T>::get(&advert.seller);
			ensure!(seller.adverts.contains(&id), "advert missing from its seller's index");
			let sum =
				advert.available.checked_add(&advert.in_orders).ok_or("advert sum overflows")?;
			let total = owed.entry(advert.asset.clone()).or_insert(Zero::zero());
			*total = total.checked_add(&sum).ok_or("escrow sum overflows")?;
			let exposure =
				exposures.entry((advert.seller.clone(), advert.asset.clone())).or_default();
			exposure.1 = exposure.1.checked_add(&sum).ok_or("selling sum overflows")?;
		}
		for (who, asset, record) in AssetRecords::<T>::iter() {
			ensure!(record != AssetRecord::default(), "empty asset record kept");
			let (buying, selling) = exposures.remove(&(who, asset)).unwrap_or_default();
			ensure!(
				record.buying == buying && record.selling == selling,
				"an account's open amounts in an asset differ from its orders' and adverts'"
			);
		}
		ensure!(
			exposures.values().all(|(b, s)| b.is_zero() && s.is_zero()),
			"an account has orders or adverts open but no asset record"
		);

		for (asset, key, ()) in OpenAdverts::<T>::iter() {
			let advert = Adverts::<T>::get(AdvertId::from_be_bytes(key));
			ensure!(
				advert.is_some_and(|a| a.asset == asset && a.status == AdvertStatus::Open),
				"open book names a missing, foreign or not open advert"
			);
		}
		for (who, trader) in Traders::<T>::iter() {
			ensure!(!trader.is_empty(), "empty trader record kept");
			for id in trader.adverts {
				let advert = Adverts::<T>::get(id);
				ensure!(advert.is_some_and(|a| a.seller == who), "seller index names a stranger");
			}
			for id in trader.orders {
				let order = Orders::<T>::get(id);
				ensure!(order.is_some_and(|o| o.buyer == who), "buyer index names a stranger");
			}
		}
		for (block, id, ()) in Deadlines::<T>::iter() {
			ensure!(block >= cursor, "deadline queue holds an order before its cursor");
			let order = Orders::<T>::get(id);
			ensure!(
				order.is_some_and(|o| o.deadline() == Some(block)),
				"deadline queue names an order that is gone or due in another block"
			);
		}
		// Every account with an advert or an order has a trader record: a hold left on one
		// that no longer trades is found too.
		for (who, _) in Traders::<T>::iter() {
			let owed = bonds.get(&who).copied().unwrap_or_else(Zero::zero);
			ensure!(
				Self::bonds_held(&who) == owed,
				"bonds on hold differ from adverts' and orders'"
			);
		}

		let mut claims: BTreeMap<T::AssetKind, BalanceOf<T>> = BTreeMap::new();
		for (asset, _who, amount) in Claims::<T>::iter() {
			ensure!(!amount.is_zero(), "empty claim kept");
			let total = claims.entry(asset).or_insert(Zero::zero());
			*total = total.checked_add(&amount).ok_or("claims sum overflows")?;
		}

		let escrow = Self::escrow_account();
		for (asset, total) in EscrowTotals::<T>::iter() {
			ensure!(
				!(total.owed.is_zero() && total.fees.is_zero() && total.claims.is_zero()),
				"empty EscrowTotals kept"
			);
			ensure!(
				owed.remove(&asset).unwrap_or_else(Zero::zero) == total.owed,
				"EscrowTotals differs from what adverts and orders owe"
			);
			ensure!(
				claims.remove(&asset).unwrap_or_else(Zero::zero) == total.claims,
				"EscrowTotals differs from the claims"
			);
			let min = T::Assets::minimum_balance(asset.clone());
			ensure!(
				!T::Assets::asset_exists(asset.clone())
					|| Self::reserve_held(&asset, &escrow, &total).is_some_and(|r| r >= min),
				"escrow account holds less than it owes, keeps in fees and owes in claims plus its reserve"
			);
		}
		ensure!(owed.values().all(|v| v.is_zero()), "an asset is owed but has no EscrowTotals");
		ensure!(claims.is_empty(), "an asset has claims but no EscrowTotals");
		Ok(())
	}
}
