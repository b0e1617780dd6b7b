//! Types of the OTC escrow: adverts, orders, outcomes, per-account trade statistics.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::ConstU32, traits::Get, BoundedVec, CloneNoBound, DebugNoBound, DefaultNoBound,
	EqNoBound, PartialEqNoBound,
};
use pallet_kyc_registry::KycLevel;
use scale_info::TypeInfo;
use sp_core::H256;

/// Identifier of an advert (from a counter, never reused).
pub type AdvertId = u64;
/// Identifier of an order (from a counter, never reused).
pub type OrderId = u64;
/// An ISO-4217 currency code in upper-case ASCII, e.g. `*b"EUR"`.
pub type CurrencyCode = [u8; 3];
/// Longest payment method code, in bytes.
pub const MAX_METHOD_LEN: u32 = 16;
/// A payment method code in upper-case ASCII letters, digits and `_`, e.g. `SEPA`, `ALIPAY`.
pub type MethodCode = BoundedVec<u8, ConstU32<MAX_METHOD_LEN>>;
/// Basis points: 1/100 of a percent; 10 000 bps = 100 %.
pub type Bps = u16;
/// 100 % in basis points.
pub const BPS_DENOMINATOR: u32 = 10_000;

/// Decimals of each tradable asset, to turn a price per whole token into a fiat total.
pub trait AssetDecimals<AssetKind> {
	/// Decimals of `asset`, or `None` if the runtime has no such asset.
	fn decimals(asset: &AssetKind) -> Option<u8>;
}

/// Whether an advert takes new orders.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum AdvertStatus {
	/// Takes new orders.
	Open,
	/// Takes no new orders until the seller resumes it; open orders go on.
	Paused,
	/// Closed by the seller: what no order holds was returned; its open orders end as usual,
	/// and what they give back (refunds) waits in the advert's `available` for the seller, who
	/// may take it with `withdraw_from_advert` at any time. Closed without open orders, it is
	/// removed at once; one whose last order ended later stays until anyone removes it with
	/// `reap_advert`, which pays the seller what waits and hands the advert's sales to the
	/// seller's record. So no settlement pays a refund out of escrow or writes the seller's
	/// record.
	Closed,
}

/// A sell advert: its terms and what escrow holds for it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[scale_info(skip_type_params(MaxMethods, MaxOrders))]
pub struct Advert<
	AccountId,
	AssetKind,
	Balance,
	BlockNumber,
	MaxMethods: Get<u32>,
	MaxOrders: Get<u32>,
> {
	/// The seller, who locked the assets.
	pub seller: AccountId,
	/// The asset sold.
	pub asset: AssetKind,
	/// Decimals of the asset when the advert was created (asset decimals do not change), so that
	/// opening an order reads no asset metadata.
	pub decimals: u8,
	/// Fiat price of one whole token, in minor units of `currency` (e.g. cents).
	pub price: u128,
	/// Fiat currency of the price.
	pub currency: CurrencyCode,
	/// Smallest order, in the asset's smallest units.
	pub min_order: Balance,
	/// Largest order, in the asset's smallest units.
	pub max_order: Balance,
	/// In escrow and not held by any order: what new orders can take.
	pub available: Balance,
	/// In escrow and held by open orders.
	pub in_orders: Balance,
	/// Payment methods the seller accepts.
	pub payment_methods: BoundedVec<MethodCode, MaxMethods>,
	/// Blocks a buyer has to pay after opening an order.
	pub payment_window: BlockNumber,
	/// Lowest KYC level a buyer needs, on top of the chain's minimum.
	pub min_buyer_level: KycLevel,
	/// Hash of the seller's off-chain terms, if any.
	pub terms_hash: Option<H256>,
	/// Open, paused or closed.
	pub status: AdvertStatus,
	/// Its open orders, by id (a seller's orders are those of its adverts). Kept in the advert,
	/// which opening and ending an order read and write anyway, so that the index costs no
	/// storage item of its own.
	pub orders: BoundedVec<OrderId, MaxOrders>,
	/// What this advert's ended orders add to its seller's statistics. Kept here, in the item a
	/// settlement writes anyway, and added to the seller's [`Trader`] record when the advert is
	/// removed: a release touches one storage item less. A seller's statistics are its record's
	/// plus those of its adverts ([`crate::Pallet::trade_stats`]).
	pub sales: SalesStats,
	/// Block of creation.
	pub created_at: BlockNumber,
}

impl<AccountId, AssetKind, Balance, BlockNumber, MaxMethods: Get<u32>, MaxOrders: Get<u32>>
	Advert<AccountId, AssetKind, Balance, BlockNumber, MaxMethods, MaxOrders>
{
	/// Number of open orders (at most `MaxOrdersPerAdvert`).
	pub fn open_orders(&self) -> u32 {
		u32::try_from(self.orders.len()).unwrap_or(u32::MAX)
	}
}

/// Where an order stands. Orders that ended are removed from storage (their outcome is in the
/// events), except one whose buyer's payout waits for [`crate::Pallet::claim_payout`].
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum OrderStatus {
	/// Opened: the buyer has to pay fiat and mark the order paid before `pay_by`.
	AwaitingPayment,
	/// The buyer says it paid; the seller has to confirm and release.
	Paid,
	/// A party opened a dispute: only the arbiter can settle it.
	Disputed,
	/// Ended (released, or resolved with a share for the buyer) while the buyer held none of
	/// the token, a token other than the native one: the order's `amount` is now what the
	/// buyer gets (the trade fee taken), kept in escrow until `claim_payout` pays it, which
	/// opens the buyer's account of the token. The order has left its advert; it stays in its
	/// buyer's record until claimed.
	PayoutWaiting,
}

impl OrderStatus {
	/// Whether a party may end the order (`release`, `cancel_order`): awaiting payment or paid;
	/// not disputed (the arbiter's) nor ended with its payout waiting.
	pub fn is_settleable(self) -> bool {
		matches!(self, OrderStatus::AwaitingPayment | OrderStatus::Paid)
	}
}

/// A dispute on an order.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Dispute<AccountId, BlockNumber> {
	/// Who opened it.
	pub opened_by: AccountId,
	/// Hash of the evidence the party gives the arbiter off chain.
	pub evidence: H256,
	/// Block it was opened.
	pub opened_at: BlockNumber,
}

/// An order: a buyer's purchase from an advert, with the terms fixed when it was opened.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Order<AccountId, AssetKind, Balance, BlockNumber> {
	/// The advert it was opened against.
	pub advert_id: AdvertId,
	/// The advert's seller.
	pub seller: AccountId,
	/// The buyer.
	pub buyer: AccountId,
	/// The asset bought.
	pub asset: AssetKind,
	/// Amount of the asset held in escrow for this order.
	pub amount: Balance,
	/// Price per whole token when it was opened, in minor fiat units.
	pub price: u128,
	/// Fiat currency.
	pub currency: CurrencyCode,
	/// Fiat the buyer owes, in minor units: `amount * price / 10^decimals`, rounded up.
	pub fiat_total: u128,
	/// The trade fee when it was opened, in basis points: its settlement takes this rate,
	/// whatever the pallet's fee ([`crate::TradeFeeBps`]) is by then.
	pub fee_bps: Bps,
	/// Payment method the buyer chose.
	pub payment_method: MethodCode,
	/// Where the order stands.
	pub status: OrderStatus,
	/// Block it was opened.
	pub opened_at: BlockNumber,
	/// Last block at which the buyer may mark it paid; after it, an unpaid order expires.
	pub pay_by: BlockNumber,
	/// Block whose expiry queue holds this order.
	pub expiry_slot: BlockNumber,
	/// Block the buyer marked it paid.
	pub paid_at: Option<BlockNumber>,
	/// Hash of the buyer's payment proof, revealed to the arbiter in a dispute.
	pub payment_ref: Option<H256>,
	/// The dispute, once opened.
	pub dispute: Option<Dispute<AccountId, BlockNumber>>,
}

/// How an order ended. Every order ends through [`crate::Pallet::settle`] with one of these.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub enum Outcome {
	/// The seller confirmed the fiat and released the assets to the buyer.
	Released,
	/// The buyer cancelled.
	Cancelled,
	/// Unpaid after `pay_by`: cancelled by anyone or by the pallet's expiry queue.
	Expired,
	/// The arbiter split the amount: `buyer_share_bps` to the buyer, the rest to the seller.
	Resolved {
		/// Share of the amount the buyer gets, in basis points.
		buyer_share_bps: Bps,
	},
}

/// Per-account trade statistics, updated by the settlement of every order (the base of the
/// on-chain reputation to come).
#[derive(Clone, Copy, PartialEq, Eq, Default, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct TradeStats {
	/// Orders completed as buyer (released, or resolved with a buyer share of at least half).
	pub bought: u32,
	/// Orders completed as seller.
	pub sold: u32,
	/// Orders the account cancelled as buyer.
	pub cancelled: u32,
	/// Orders that expired unpaid with the account as buyer.
	pub expired: u32,
	/// Disputes the account lost (as buyer: share below half; as seller: share of at least half
	/// went to the buyer).
	pub disputes_lost: u32,
}

impl TradeStats {
	/// Counts an order that ended with `outcome` with the account as buyer.
	pub fn record_as_buyer(&mut self, outcome: Outcome) {
		let counter = match outcome {
			Outcome::Released => &mut self.bought,
			Outcome::Cancelled => &mut self.cancelled,
			Outcome::Expired => &mut self.expired,
			Outcome::Resolved { buyer_share_bps } if buyer_share_bps >= HALF_BPS => {
				&mut self.bought
			},
			Outcome::Resolved { .. } => &mut self.disputes_lost,
		};
		*counter = counter.saturating_add(1);
	}

	/// Adds what an advert's ended orders counted for its seller.
	pub fn add_sales(&mut self, sales: SalesStats) {
		self.sold = self.sold.saturating_add(sales.sold);
		self.disputes_lost = self.disputes_lost.saturating_add(sales.disputes_lost);
	}
}

/// The seller's side of the statistics of one advert's ended orders: what the advert adds to its
/// seller's [`TradeStats`].
#[derive(Clone, Copy, PartialEq, Eq, Default, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct SalesStats {
	/// Orders completed (released, or resolved with a buyer share of at least half).
	pub sold: u32,
	/// Disputes the seller lost (a buyer share of at least half).
	pub disputes_lost: u32,
}

impl SalesStats {
	/// Counts an order that ended with `outcome`, if it counts for the seller
	/// ([`Outcome::counts_for_seller`]).
	pub fn record(&mut self, outcome: Outcome) {
		if !outcome.counts_for_seller() {
			return;
		}
		self.sold = self.sold.saturating_add(1);
		if let Outcome::Resolved { .. } = outcome {
			self.disputes_lost = self.disputes_lost.saturating_add(1);
		}
	}
}

impl Outcome {
	/// Whether the seller's statistics count this outcome: a release, or a dispute resolved with
	/// at least half to the buyer (a sale and a dispute lost). A cancelled or expired order, or a
	/// dispute the seller won, leaves them as they are.
	pub fn counts_for_seller(self) -> bool {
		match self {
			Outcome::Released => true,
			Outcome::Resolved { buyer_share_bps } => buyer_share_bps >= HALF_BPS,
			Outcome::Cancelled | Outcome::Expired => false,
		}
	}
}

/// Which path a settlement took ([`crate::Pallet::settle`]), for the call to charge its weight.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Settled {
	/// A dispute's share for the seller (a token other than the native one) opened the seller's
	/// account of the token, the seller holding none: `resolve_dispute`'s benchmark, its dearest
	/// path. Otherwise (the seller held some, or got nothing) the settlement writes neither the
	/// seller's asset account nor a reference in its `System` account: one storage item less.
	/// (The buyer's payout never opens an account: it waits instead,
	/// [`Settled::payout_waits`].)
	pub opened_seller_account: bool,
	/// The buyer held none of the token (a token other than the native one), so its payout
	/// waits in the order for `claim_payout` instead of opening the buyer's account of it:
	/// the order is written rather than removed, and the buyer's account of the token is read
	/// but not written.
	pub payout_waits: bool,
}

/// Half of an order in basis points: the share at which a dispute counts as won by the buyer.
const HALF_BPS: Bps = (BPS_DENOMINATOR / 2) as Bps;

/// Everything the pallet keeps per account, in one storage item so that a settlement reads and
/// writes each party once: its adverts, its open orders as buyer, its trade statistics. Removed
/// when all three are empty.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DefaultNoBound,
	Encode,
	Decode,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxAdverts, MaxOrders))]
#[codec(mel_bound())]
pub struct Trader<MaxAdverts: Get<u32>, MaxOrders: Get<u32>> {
	/// The account's adverts (open, paused, and closed ones with open orders), by id.
	pub adverts: BoundedVec<AdvertId, MaxAdverts>,
	/// The account's open orders as buyer, by id (its orders as seller are its adverts').
	pub orders: BoundedVec<OrderId, MaxOrders>,
	/// Its trade statistics.
	pub stats: TradeStats,
}

impl<MaxAdverts: Get<u32>, MaxOrders: Get<u32>> Trader<MaxAdverts, MaxOrders> {
	/// Nothing to keep: no advert, no open order, no statistics.
	pub fn is_empty(&self) -> bool {
		self.adverts.is_empty() && self.orders.is_empty() && self.stats == TradeStats::default()
	}
}

/// What escrow holds of one asset.
#[derive(Clone, Copy, PartialEq, Eq, Default, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct EscrowTotal<Balance> {
	/// Owed to adverts (their available amounts) and open orders (their amounts).
	pub owed: Balance,
	/// Trade fees taken and not yet swept to the fee destination
	/// ([`crate::Pallet::sweep_fees`]).
	pub fees: Balance,
}

/// Most adverts one page of [`crate::Pallet::advert_page`] returns.
pub const MAX_PAGE: u32 = 100;
/// Most book entries one page looks at (a currency filter may skip many): a page that stops here
/// returns fewer adverts and a cursor to go on from.
pub const MAX_PAGE_SCAN: u32 = 1_000;

/// A page of the open book, for runtime APIs.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct AdvertPage<Advert> {
	/// Open adverts, by ascending id.
	pub adverts: alloc::vec::Vec<(AdvertId, Advert)>,
	/// Pass as `after` to get the next page; `None` at the end of the book.
	pub next: Option<AdvertId>,
}

/// What escrow owes and holds of one asset, for runtime APIs and auditors.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct EscrowHolding<AssetKind, Balance> {
	/// The asset.
	pub asset: AssetKind,
	/// What adverts and open orders are owed ([`crate::EscrowTotals`]).
	pub owed: Balance,
	/// Trade fees taken and not yet swept to the fee destination.
	pub fees: Balance,
	/// What the escrow account holds: at least `owed + fees` (plus its existential deposit).
	pub held: Balance,
}

/// The escrow account and what it owes and holds, for runtime APIs and auditors.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct EscrowSummary<AccountId, AssetKind, Balance> {
	/// The escrow account (derived from the pallet id).
	pub account: AccountId,
	/// Where trade fees go.
	pub fee_destination: AccountId,
	/// The trade fee in basis points.
	pub trade_fee_bps: Bps,
	/// Per asset with anything owed.
	pub holdings: alloc::vec::Vec<EscrowHolding<AssetKind, Balance>>,
}

/// An advert or order id as a storage key: its eight bytes, most significant first
/// (`id.to_be_bytes()`), stored as they are (`Identity`). The keys sort by id, so ids given out
/// close together (the orders opened in one block, say) sit side by side in the trie and share
/// its nodes, however many other ids the state holds. No hashing is needed to spread them: the
/// pallet gives the ids out in sequence, no one chooses them.
pub type IdKey = [u8; 8];
