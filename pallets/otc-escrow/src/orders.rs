//! Orders: opening against an advert, marking paid, release, cancellation, disputes. Who may do
//! what in which state is decided by the order itself ([`Order`]'s methods); every ending goes
//! through the one settlement (`settlement.rs`).

use crate::{pallet::*, types::*};
use frame_support::{ensure, pallet_prelude::*};
use pallet_kyc_registry::KycGate;
use sp_core::H256;
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{CheckedAdd, CheckedSub, Saturating},
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

	/// The open order `order_id`.
	pub(crate) fn order(order_id: OrderId) -> Result<OrderOf<T>, DispatchError> {
		Orders::<T>::get(order_id).ok_or_else(|| Error::<T>::UnknownOrder.into())
	}

	pub(crate) fn do_open_order(
		buyer: T::AccountId,
		advert_id: AdvertId,
		amount: BalanceOf<T>,
		payment_method: MethodCode,
		terms_version: TermsVersion,
	) -> DispatchResult {
		let mut advert = Adverts::<T>::get(advert_id).ok_or(Error::<T>::UnknownAdvert)?;
		match advert.status {
			AdvertStatus::Open => {},
			AdvertStatus::Paused => return Err(Error::<T>::AdvertPaused.into()),
			AdvertStatus::Closed => return Err(Error::<T>::AdvertClosed.into()),
		}
		ensure!(advert.terms_version == terms_version, Error::<T>::TermsChanged);
		ensure!(buyer != advert.seller, Error::<T>::SelfTrade);
		let listing = Self::listing(&advert.asset)?;
		Self::ensure_seller_kyc(&advert.seller)?;
		let terms = &advert.terms;
		let level = T::Kyc::level(&buyer);
		let min_level = T::MinBuyerLevel::get().max(terms.min_buyer_level);
		ensure!(level >= min_level, Error::<T>::BuyerKycTooLow);
		ensure!(
			amount >= terms.min_order && amount <= terms.max_order,
			Error::<T>::AmountOutOfLimits
		);
		// Governance may have narrowed the asset's order sizes since the advert was posted.
		ensure!(
			amount >= listing.min_order && amount <= listing.max_order,
			Error::<T>::OutsideListedLimits
		);
		ensure!(
			terms.payment_methods.contains(&payment_method),
			Error::<T>::PaymentMethodNotAccepted
		);
		// Governance may have changed the bonds' bounds since the advert was posted.
		Self::check_bonds(terms)?;
		let fiat_total =
			Self::fiat_total(amount, terms.price, listing.decimals).ok_or(Error::<T>::Overflow)?;
		let now = frame_system::Pallet::<T>::block_number();
		let order = Order {
			advert_id,
			seller: advert.seller.clone(),
			buyer: buyer.clone(),
			asset: advert.asset.clone(),
			amount,
			price: terms.price,
			currency: terms.currency.clone(),
			fiat_total,
			// The fee is fixed with the order's other terms: a later change applies to later
			// orders.
			fee_bps: TradeFeeBps::<T>::get(),
			payment_method,
			bond: terms.buyer_bond,
			opened_at: now,
			pay_by: now.saturating_add(terms.payment_window),
			status: OrderStatus::AwaitingPayment,
		};
		advert.available =
			advert.available.checked_sub(&amount).ok_or(Error::<T>::InsufficientAvailable)?;
		advert.in_orders = advert.in_orders.checked_add(&amount).ok_or(Error::<T>::Overflow)?;

		let order_id = NextOrderId::<T>::get();
		let next = order_id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		advert
			.orders
			.try_push(order_id)
			.map_err(|_| Error::<T>::TooManyOrdersOnAdvert)?;
		let conditions = advert.terms.buyer_conditions;
		Self::update_trader(&buyer, |t| {
			ensure!(now >= t.strikes.blocked_until, Error::<T>::CoolingDown);
			Self::admit_buyer(&buyer, &order.asset, amount, level, &conditions, &t.record, now)?;
			t.orders.try_push(order_id).map_err(|_| Error::<T>::TooManyOrders.into())
		})?;
		Self::hold_bond(HoldReason::BuyerBond, &buyer, order.bond)?;
		// The queue's cursor is at most at `now + 1`, so the hook reaches the order's block.
		Self::requeue(order_id, None, order.deadline());
		Self::deposit_event(Event::OrderOpened {
			order_id,
			advert_id,
			buyer,
			seller: order.seller.clone(),
			asset: order.asset.clone(),
			amount,
			fiat_total,
			currency: order.currency.clone(),
			fee_bps: order.fee_bps,
			pay_by: order.pay_by,
		});
		Orders::<T>::insert(order_id, order);
		Adverts::<T>::insert(advert_id, advert);
		NextOrderId::<T>::put(next);
		Ok(())
	}

	pub(crate) fn do_mark_paid(
		who: T::AccountId,
		order_id: OrderId,
		payment_ref: Option<H256>,
	) -> DispatchResult {
		let mut order = Self::order(order_id)?;
		let now = frame_system::Pallet::<T>::block_number();
		let unpaid = order.deadline();
		let window = Rules::<T>::get().release_window;
		order.mark_paid(&who, now, payment_ref, window).map_err(Error::<T>::from)?;
		// A paid order cannot expire: its deadline is now the seller's to release.
		Self::requeue(order_id, unpaid, order.deadline());
		Orders::<T>::insert(order_id, order);
		Self::deposit_event(Event::OrderPaid { order_id, payment_ref });
		Ok(())
	}

	pub(crate) fn do_release(
		who: T::AccountId,
		order_id: OrderId,
	) -> Result<SettlementOf<T>, DispatchError> {
		let order = Self::order(order_id)?;
		order.ensure_releasable_by(&who).map_err(Error::<T>::from)?;
		Self::settle(order_id, order, Outcome::Released)
	}

	/// Cancels `order_id`, or expires it once its window has passed unpaid.
	pub(crate) fn do_cancel(
		who: T::AccountId,
		order_id: OrderId,
	) -> Result<SettlementOf<T>, DispatchError> {
		let order = Self::order(order_id)?;
		let now = frame_system::Pallet::<T>::block_number();
		let outcome = order.cancellation_by(&who, now).map_err(Error::<T>::from)?;
		Self::settle(order_id, order, outcome)
	}

	pub(crate) fn do_open_dispute(
		who: T::AccountId,
		order_id: OrderId,
		evidence: H256,
	) -> DispatchResult {
		let order = Self::order(order_id)?;
		Self::begin_dispute(order_id, order, Some(who), Some(evidence))
	}

	pub(crate) fn do_submit_evidence(
		who: T::AccountId,
		order_id: OrderId,
		evidence: H256,
	) -> DispatchResult {
		let mut order = Self::order(order_id)?;
		order.submit_evidence(&who, evidence).map_err(Error::<T>::from)?;
		Orders::<T>::insert(order_id, order);
		Self::deposit_event(Event::EvidenceSubmitted { order_id, by: who, evidence });
		Ok(())
	}

	pub(crate) fn do_resolve(
		arbiter: Option<T::AccountId>,
		order_id: OrderId,
		buyer_share_bps: Bps,
		fault: Fault,
	) -> Result<SettlementOf<T>, DispatchError> {
		ensure!(u32::from(buyer_share_bps) <= BPS_DENOMINATOR, Error::<T>::InvalidShare);
		let order = Self::order(order_id)?;
		order.ensure_decidable_by(arbiter.as_ref()).map_err(Error::<T>::from)?;
		Self::settle(order_id, order, Outcome::Resolved { buyer_share_bps, fault })
	}

	pub(crate) fn do_set_trade_fee(bps: Bps) -> DispatchResult {
		ensure!(bps <= T::MaxTradeFeeBps::get(), Error::<T>::FeeTooHigh);
		TradeFeeBps::<T>::put(bps);
		Self::deposit_event(Event::TradeFeeSet { bps });
		Ok(())
	}
}
