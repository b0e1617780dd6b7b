//! Orders: opening against an advert, marking paid, release, cancellation, disputes.

use crate::{pallet::*, types::*};
use frame_support::{ensure, pallet_prelude::*};
use pallet_kyc_registry::KycGate;
use sp_core::H256;
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{CheckedAdd, CheckedSub, One, Saturating},
	Rounding,
};

impl<T: Config> Pallet<T> {
	/// Fiat owed for `amount` at `price` per whole token of an asset with `decimals`, in minor
	/// fiat units, rounded **up** to the next minor unit so the seller never gets less than its
	/// price.
	pub fn fiat_total(amount: BalanceOf<T>, price: u128, decimals: u8) -> Option<u128> {
		let unit = 10u128.checked_pow(u32::from(decimals))?;
		multiply_by_rational_with_rounding(amount.into(), price, unit, Rounding::Up)
	}

	/// The order `order_id` (open, or ended with its payout waiting).
	pub(crate) fn order(order_id: OrderId) -> Result<OrderOf<T>, DispatchError> {
		Orders::<T>::get(order_id.to_be_bytes()).ok_or_else(|| Error::<T>::UnknownOrder.into())
	}

	pub(crate) fn do_open_order(
		buyer: T::AccountId,
		advert_id: AdvertId,
		amount: BalanceOf<T>,
		payment_method: MethodCode,
		max_price: u128,
	) -> DispatchResult {
		let mut advert =
			Adverts::<T>::get(advert_id.to_be_bytes()).ok_or(Error::<T>::UnknownAdvert)?;
		match advert.status {
			AdvertStatus::Open => {},
			AdvertStatus::Paused => return Err(Error::<T>::AdvertPaused.into()),
			AdvertStatus::Closed => return Err(Error::<T>::AdvertClosed.into()),
		}
		ensure!(buyer != advert.seller, Error::<T>::SelfTrade);
		let min_level = T::MinBuyerLevel::get().max(advert.min_buyer_level);
		T::Kyc::ensure_level(&buyer, min_level).map_err(|_| Error::<T>::BuyerKycTooLow)?;
		ensure!(advert.price <= max_price, Error::<T>::PriceAboveMax);
		ensure!(
			amount >= advert.min_order && amount <= advert.max_order,
			Error::<T>::AmountOutOfLimits
		);
		ensure!(
			advert.payment_methods.iter().any(|m| *m == payment_method),
			Error::<T>::PaymentMethodNotAccepted
		);
		advert.available =
			advert.available.checked_sub(&amount).ok_or(Error::<T>::InsufficientAvailable)?;
		advert.in_orders = advert.in_orders.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		let fiat_total =
			Self::fiat_total(amount, advert.price, advert.decimals).ok_or(Error::<T>::Overflow)?;
		// The fee is fixed with the order's other terms: a later change applies to later orders.
		let fee_bps = TradeFeeBps::<T>::get();

		let order_id = NextOrderId::<T>::get();
		let next = order_id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		advert
			.orders
			.try_push(order_id)
			.map_err(|_| Error::<T>::TooManyOrdersOnAdvert)?;
		Self::update_trader(&buyer, |t| {
			t.orders.try_push(order_id).map_err(|_| Error::<T>::TooManyOrders.into())
		})?;
		let now = frame_system::Pallet::<T>::block_number();
		let pay_by = now.saturating_add(advert.payment_window);
		// The block from which the order may expire; the cursor of the queue is at most at
		// `now + 1`, so the hook reaches it.
		let expiry_slot = pay_by.saturating_add(One::one());
		ExpiryQueue::<T>::insert(expiry_slot, order_id, ());

		let order = Order {
			advert_id,
			seller: advert.seller.clone(),
			buyer: buyer.clone(),
			asset: advert.asset.clone(),
			amount,
			price: advert.price,
			currency: advert.currency,
			fiat_total,
			fee_bps,
			payment_method,
			status: OrderStatus::AwaitingPayment,
			opened_at: now,
			pay_by,
			expiry_slot,
			paid_at: None,
			payment_ref: None,
			dispute: None,
		};
		Self::deposit_event(Event::OrderOpened {
			order_id,
			advert_id,
			buyer,
			seller: advert.seller.clone(),
			asset: advert.asset.clone(),
			amount,
			fiat_total,
			currency: advert.currency,
			fee_bps,
			pay_by,
		});
		Orders::<T>::insert(order_id.to_be_bytes(), order);
		Adverts::<T>::insert(advert_id.to_be_bytes(), advert);
		NextOrderId::<T>::put(next);
		Ok(())
	}

	pub(crate) fn do_mark_paid(
		who: T::AccountId,
		order_id: OrderId,
		payment_ref: Option<H256>,
	) -> DispatchResult {
		let mut order = Self::order(order_id)?;
		ensure!(order.buyer == who, Error::<T>::NotBuyer);
		ensure!(order.status == OrderStatus::AwaitingPayment, Error::<T>::WrongOrderStatus);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= order.pay_by, Error::<T>::PaymentWindowPassed);
		order.status = OrderStatus::Paid;
		order.paid_at = Some(now);
		order.payment_ref = payment_ref;
		Orders::<T>::insert(order_id.to_be_bytes(), order);
		Self::deposit_event(Event::OrderPaid { order_id, payment_ref });
		Ok(())
	}

	/// Releases `order_id`; returns its asset and the settlement's path.
	pub(crate) fn do_release(
		who: T::AccountId,
		order_id: OrderId,
	) -> Result<(T::AssetKind, Settled), DispatchError> {
		let order = Self::order(order_id)?;
		ensure!(order.seller == who, Error::<T>::NotSeller);
		ensure!(order.status.is_settleable(), Error::<T>::WrongOrderStatus);
		let asset = order.asset.clone();
		Ok((asset, Self::settle(order_id, order, Outcome::Released)?))
	}

	/// Cancels (or expires) `order_id`: its amount goes back to its advert.
	pub(crate) fn do_cancel(who: T::AccountId, order_id: OrderId) -> DispatchResult {
		let order = Self::order(order_id)?;
		let now = frame_system::Pallet::<T>::block_number();
		let outcome = if order.status == OrderStatus::AwaitingPayment && now > order.pay_by {
			// Anyone may expire an unpaid order whose window has passed.
			Outcome::Expired
		} else {
			ensure!(order.buyer == who, Error::<T>::NotBuyer);
			ensure!(order.status.is_settleable(), Error::<T>::WrongOrderStatus);
			Outcome::Cancelled
		};
		Self::settle(order_id, order, outcome).map(|_| ())
	}

	pub(crate) fn do_open_dispute(
		who: T::AccountId,
		order_id: OrderId,
		evidence: H256,
	) -> DispatchResult {
		let mut order = Self::order(order_id)?;
		ensure!(who == order.buyer || who == order.seller, Error::<T>::NotParty);
		ensure!(order.status == OrderStatus::Paid, Error::<T>::WrongOrderStatus);
		let now = frame_system::Pallet::<T>::block_number();
		if who == order.buyer {
			let paid_at = order.paid_at.unwrap_or(order.opened_at);
			ensure!(
				now >= paid_at.saturating_add(T::ReleaseWindow::get()),
				Error::<T>::ReleaseWindowOpen
			);
		}
		order.status = OrderStatus::Disputed;
		order.dispute = Some(Dispute { opened_by: who.clone(), evidence, opened_at: now });
		Orders::<T>::insert(order_id.to_be_bytes(), order);
		Self::deposit_event(Event::DisputeOpened { order_id, opened_by: who, evidence });
		Ok(())
	}

	/// Settles the disputed `order_id`; returns its asset and the settlement's path.
	pub(crate) fn do_resolve(
		order_id: OrderId,
		buyer_share_bps: Bps,
	) -> Result<(T::AssetKind, Settled), DispatchError> {
		ensure!(u32::from(buyer_share_bps) <= BPS_DENOMINATOR, Error::<T>::InvalidShare);
		let order = Self::order(order_id)?;
		ensure!(order.status == OrderStatus::Disputed, Error::<T>::WrongOrderStatus);
		let asset = order.asset.clone();
		Ok((asset, Self::settle(order_id, order, Outcome::Resolved { buyer_share_bps })?))
	}
}
