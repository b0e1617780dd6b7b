//! The runtime API of the OTC escrow: what wallets and platform backends read through the node
//! (the node's `otc_*` JSON-RPC methods call it).
//!
//! Generic over the runtime's types; `Advert` and `Order` are the stored types
//! ([`crate::AdvertOf`], [`crate::OrderOf`]).

use crate::types::{
	AdvertId, AdvertPage, CurrencyCode, EscrowSummary, OrderId, SellerFilter, TradeStats,
};
use alloc::vec::Vec;
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Reads of the OTC escrow: adverts, the open book, orders, escrow totals, trade records.
	pub trait OtcEscrowApi<AccountId, AssetKind, Balance, BlockNumber, Advert, Order>
	where
		AccountId: Codec,
		AssetKind: Codec,
		Balance: Codec,
		BlockNumber: Codec,
		Advert: Codec,
		Order: Codec,
	{
		/// The advert `id`, if it exists (open, paused, or closed with open orders).
		fn advert(id: AdvertId) -> Option<Advert>;
		/// A page of open adverts of `asset`, in `currency` if given, of sellers whose records
		/// pass `sellers`, with ids above `after`, by ascending id; at most `limit` (capped at
		/// `MAX_PAGE`).
		fn adverts(
			asset: AssetKind,
			currency: Option<CurrencyCode>,
			sellers: SellerFilter,
			after: Option<AdvertId>,
			limit: u32,
		) -> AdvertPage<Advert>;
		/// The open order `id`, if any (settled orders are removed; their outcome is in events).
		fn order(id: OrderId) -> Option<Order>;
		/// `who`'s adverts.
		fn account_adverts(who: AccountId) -> Vec<(AdvertId, Advert)>;
		/// `who`'s open orders, as buyer and as seller.
		fn account_orders(who: AccountId) -> Vec<(OrderId, Order)>;
		/// The escrow account, the trade fee, and what escrow owes, keeps in fees and holds per
		/// asset.
		fn escrow() -> EscrowSummary<AccountId, AssetKind, Balance>;
		/// `who`'s trade record, its recent window and rates, its account age and its records
		/// per asset (all zero for an account that never traded).
		fn trade_stats(who: AccountId) -> TradeStats<AssetKind, Balance, BlockNumber>;
		/// The most adverts one page returns.
		fn max_page() -> u32;
	}
}
