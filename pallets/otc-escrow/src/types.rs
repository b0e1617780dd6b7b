//! Types of the OTC escrow: adverts and their terms, orders and the rules of their states,
//! outcomes, per-account records, and the shapes the runtime API returns.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::ConstU32, traits::Get, BoundedVec, CloneNoBound, DebugNoBound, DefaultNoBound,
	EqNoBound, PartialEqNoBound,
};
use pallet_kyc_registry::KycLevel;
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::{traits::One, Saturating};

/// Identifier of an advert (from a counter, never reused).
pub type AdvertId = u64;
/// Identifier of an order (from a counter, never reused).
pub type OrderId = u64;
/// An ISO-4217 currency code: three upper-case letters such as `EUR` (typed as text in wallets).
pub type CurrencyCode = BoundedVec<u8, ConstU32<3>>;
/// Longest payment method code, in bytes.
pub const MAX_METHOD_LEN: u32 = 16;
/// A payment method code in upper-case ASCII letters, digits and `_`, e.g. `SEPA`, `ALIPAY`.
pub type MethodCode = BoundedVec<u8, ConstU32<MAX_METHOD_LEN>>;
/// Basis points: 1/100 of a percent; 10 000 bps = 100 %.
pub type Bps = u16;
/// 100 % in basis points.
pub const BPS_DENOMINATOR: u32 = 10_000;
/// Half of an order in basis points: the share at which a dispute counts as won by the buyer.
const HALF_BPS: Bps = (BPS_DENOMINATOR / 2) as Bps;

/// What a field of a stored type needs: the bounds of `Parameter` that the derives use.
pub trait Member: Clone + Eq + core::fmt::Debug {}
impl<T: Clone + Eq + core::fmt::Debug> Member for T {}

/// Decimals of each asset, read once when governance lists it.
pub trait AssetDecimals<AssetKind> {
	/// Decimals of `asset`, or `None` if the runtime has no such asset.
	fn decimals(asset: &AssetKind) -> Option<u8>;
}

/// The version of an advert's terms: 0 when created, one more at each `update_advert`. A buyer
/// names the version it saw in `open_order`.
pub type TermsVersion = u32;

/// An asset governance listed for trading, with what it fixed.
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
pub struct AssetListing<Balance> {
	/// Decimals of the asset, read from its metadata when it was first listed and fixed from then
	/// on (an issuer changing the metadata does not change fiat totals).
	pub decimals: u8,
	/// Smallest order of the asset any advert may take, in its smallest units.
	pub min_order: Balance,
	/// Largest order of the asset any advert may take, in its smallest units.
	pub max_order: Balance,
}

/// What a seller offers: price, currency, order limits, payment methods and window, and who may
/// buy. Given whole to `create_advert` and `update_advert`, stored in the advert, and shown in
/// its events.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(MaxMethods))]
#[codec(mel_bound(Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
pub struct AdvertTerms<Balance: Member, BlockNumber: Member, MaxMethods: Get<u32>> {
	/// Fiat price of one whole token, in minor units of `currency` (e.g. cents).
	pub price: u128,
	/// Fiat currency of the price, e.g. `EUR`.
	pub currency: CurrencyCode,
	/// Smallest order, in the asset's smallest units.
	pub min_order: Balance,
	/// Largest order, in the asset's smallest units.
	pub max_order: Balance,
	/// Payment methods the seller accepts, e.g. `SEPA`, `WISE`.
	pub payment_methods: BoundedVec<MethodCode, MaxMethods>,
	/// Blocks a buyer has to pay after opening an order.
	pub payment_window: BlockNumber,
	/// Lowest KYC level a buyer needs, on top of the chain's minimum.
	pub min_buyer_level: KycLevel,
	/// Hash of the seller's off-chain terms, if any.
	pub terms_hash: Option<H256>,
}

/// Whether an advert takes new orders.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub enum AdvertStatus {
	/// Takes new orders.
	Open,
	/// Takes no new orders until the seller resumes it; open orders go on.
	Paused,
	/// Closed by the seller while orders were open: nothing is available, each order that ends
	/// without a sale pays the seller back at once, and the advert is gone with its last order.
	Closed,
}

/// A sell advert: its terms and what escrow holds for it.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(MaxMethods, MaxOrders))]
#[codec(mel_bound(
	AccountId: MaxEncodedLen,
	AssetKind: MaxEncodedLen,
	Balance: MaxEncodedLen,
	BlockNumber: MaxEncodedLen
))]
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
pub struct Advert<
	AccountId: Member,
	AssetKind: Member,
	Balance: Member,
	BlockNumber: Member,
	MaxMethods: Get<u32>,
	MaxOrders: Get<u32>,
> {
	/// The seller, who locked the assets.
	pub seller: AccountId,
	/// The asset sold.
	pub asset: AssetKind,
	/// What the seller offers.
	pub terms: AdvertTerms<Balance, BlockNumber, MaxMethods>,
	/// Version of `terms`: a buyer's order names it, and is refused if the terms changed since.
	pub terms_version: TermsVersion,
	/// In escrow and not held by any order: what new orders can take.
	pub available: Balance,
	/// In escrow and held by open orders.
	pub in_orders: Balance,
	/// Open, paused or closed.
	pub status: AdvertStatus,
	/// Its open orders, by id (a seller's orders are those of its adverts).
	pub orders: BoundedVec<OrderId, MaxOrders>,
	/// What this advert's ended orders add to its seller's statistics, handed to the seller's
	/// [`Trader`] record when the advert is removed.
	pub sales: SalesStats,
	/// Block of creation.
	pub created_at: BlockNumber,
}

impl<A: Member, K: Member, B: Member, N: Member, M: Get<u32>, O: Get<u32>>
	Advert<A, K, B, N, M, O>
{
	/// Number of open orders (at most `MaxOrdersPerAdvert`).
	pub fn open_orders(&self) -> u32 {
		u32::try_from(self.orders.len()).unwrap_or(u32::MAX)
	}
}

/// Where an order stands; each state carries what it needs. An order that ends is removed
/// from storage (its outcome is in `OrderSettled`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub enum OrderStatus<AccountId, BlockNumber> {
	/// Opened: the buyer has to pay fiat and mark the order paid by `pay_by`.
	AwaitingPayment,
	/// The buyer says it paid; the seller has to confirm and release.
	Paid {
		/// Block the buyer marked it paid.
		at: BlockNumber,
		/// Hash of the buyer's payment proof, revealed to the arbiter in a dispute.
		payment_ref: Option<H256>,
	},
	/// A party opened a dispute on the paid order: only the arbiter can settle it.
	Disputed {
		/// Block the buyer marked it paid.
		paid_at: BlockNumber,
		/// Hash of the buyer's payment proof.
		payment_ref: Option<H256>,
		/// Who opened the dispute.
		opened_by: AccountId,
		/// Hash of the evidence that party gives the arbiter off chain.
		evidence: H256,
		/// Block the dispute was opened.
		opened_at: BlockNumber,
	},
}

/// Why a party may not do what it asked with an order (each is an error of the pallet).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum OrderRefusal {
	/// Only the buyer may.
	NotBuyer,
	/// Only the seller may.
	NotSeller,
	/// Only the buyer or the seller may.
	NotParty,
	/// Not in this state.
	WrongStatus,
	/// The payment window has passed.
	PaymentWindowPassed,
	/// The buyer must wait `ReleaseWindow` blocks after marking paid before disputing.
	ReleaseWindowOpen,
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
	/// The trade fee when it was opened, in basis points: its settlement takes this rate.
	pub fee_bps: Bps,
	/// Payment method the buyer chose.
	pub payment_method: MethodCode,
	/// Block it was opened.
	pub opened_at: BlockNumber,
	/// Last block at which the buyer may mark it paid; after it, an unpaid order expires.
	pub pay_by: BlockNumber,
	/// Where it stands.
	pub status: OrderStatus<AccountId, BlockNumber>,
}

/// The rules of who may do what with an order in which state, in one place.
impl<
		AccountId: PartialEq + Clone,
		AssetKind,
		Balance,
		BlockNumber: Saturating + One + Ord + Copy,
	> Order<AccountId, AssetKind, Balance, BlockNumber>
{
	/// The block from which an unpaid order may expire: the block after `pay_by`.
	pub fn expires_from(&self) -> BlockNumber {
		self.pay_by.saturating_add(One::one())
	}

	/// Whether the order is still unpaid after its window at `now`: anyone may expire it.
	pub fn is_expired(&self, now: BlockNumber) -> bool {
		self.status == OrderStatus::AwaitingPayment && now > self.pay_by
	}

	/// The buyer `who` says it paid, at `now`, within the window.
	pub fn mark_paid(
		&mut self,
		who: &AccountId,
		now: BlockNumber,
		payment_ref: Option<H256>,
	) -> Result<(), OrderRefusal> {
		self.ensure_buyer(who)?;
		if self.status != OrderStatus::AwaitingPayment {
			return Err(OrderRefusal::WrongStatus);
		}
		if now > self.pay_by {
			return Err(OrderRefusal::PaymentWindowPassed);
		}
		self.status = OrderStatus::Paid { at: now, payment_ref };
		Ok(())
	}

	/// The seller `who` may release while the order is not disputed (paid or not: it is the
	/// seller's own assets).
	pub fn ensure_releasable_by(&self, who: &AccountId) -> Result<(), OrderRefusal> {
		if *who != self.seller {
			return Err(OrderRefusal::NotSeller);
		}
		self.ensure_not_disputed()
	}

	/// How `who`'s cancellation at `now` ends the order: `Expired` (anyone, once the window has
	/// passed unpaid) or `Cancelled` (the buyer, while not disputed).
	pub fn cancellation_by(
		&self,
		who: &AccountId,
		now: BlockNumber,
	) -> Result<Outcome, OrderRefusal> {
		if self.is_expired(now) {
			return Ok(Outcome::Expired);
		}
		self.ensure_buyer(who)?;
		self.ensure_not_disputed()?;
		Ok(Outcome::Cancelled)
	}

	/// `who`, a party, opens a dispute on the paid order at `now`: the seller at once, the buyer
	/// `release_window` blocks after marking paid.
	pub fn open_dispute(
		&mut self,
		who: &AccountId,
		now: BlockNumber,
		release_window: BlockNumber,
		evidence: H256,
	) -> Result<(), OrderRefusal> {
		if *who != self.buyer && *who != self.seller {
			return Err(OrderRefusal::NotParty);
		}
		let OrderStatus::Paid { at: paid_at, payment_ref } = self.status else {
			return Err(OrderRefusal::WrongStatus);
		};
		if *who == self.buyer && now < paid_at.saturating_add(release_window) {
			return Err(OrderRefusal::ReleaseWindowOpen);
		}
		self.status = OrderStatus::Disputed {
			paid_at,
			payment_ref,
			opened_by: who.clone(),
			evidence,
			opened_at: now,
		};
		Ok(())
	}

	/// Only a disputed order is the arbiter's to resolve.
	pub fn ensure_disputed(&self) -> Result<(), OrderRefusal> {
		match self.status {
			OrderStatus::Disputed { .. } => Ok(()),
			_ => Err(OrderRefusal::WrongStatus),
		}
	}

	fn ensure_buyer(&self, who: &AccountId) -> Result<(), OrderRefusal> {
		(*who == self.buyer).then_some(()).ok_or(OrderRefusal::NotBuyer)
	}

	fn ensure_not_disputed(&self) -> Result<(), OrderRefusal> {
		match self.status {
			OrderStatus::Disputed { .. } => Err(OrderRefusal::WrongStatus),
			_ => Ok(()),
		}
	}
}

/// How an order ended. Every order ends through one settlement with one of these.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum Outcome {
	/// The seller confirmed the fiat and released the assets to the buyer.
	Released,
	/// The buyer cancelled.
	Cancelled,
	/// Unpaid after `pay_by`: expired by anyone or by the pallet's expiry queue.
	Expired,
	/// The arbiter split the amount: `buyer_share_bps` to the buyer, the rest to the seller.
	Resolved {
		/// Share of the amount the buyer gets, in basis points.
		buyer_share_bps: Bps,
	},
	/// Unpaid when governance ended the advert of a delisted asset: the amount went back to the
	/// seller (or to its claim). Counts against neither party.
	Ended,
}

/// What one settlement did: the facts the caller is charged by (see `weight.rs`).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Settlement<AssetKind> {
	/// The asset that moved.
	pub asset: AssetKind,
	/// Payouts out of escrow (to the buyer, to the seller).
	pub payouts: u32,
	/// Payees among them that held none of the asset before (their first holding of it).
	pub first_holdings: u32,
	/// The advert was closed and ended with this order: it is gone.
	pub advert_removed: bool,
}

/// Per-account trade statistics, updated by the settlement of every order.
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
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
			Outcome::Ended => return,
		};
		*counter = counter.saturating_add(1);
	}

	/// Adds what an advert's ended orders counted for its seller.
	pub fn add_sales(&mut self, sales: SalesStats) {
		self.sold = self.sold.saturating_add(sales.sold);
		self.disputes_lost = self.disputes_lost.saturating_add(sales.disputes_lost);
	}
}

/// The seller's side of the statistics of one advert's ended orders.
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct SalesStats {
	/// Orders completed (released, or resolved with a buyer share of at least half).
	pub sold: u32,
	/// Disputes the seller lost (a buyer share of at least half).
	pub disputes_lost: u32,
}

impl SalesStats {
	/// Counts an order that ended with `outcome` for its seller: a release is a sale, a dispute
	/// resolved with at least half to the buyer a sale and a dispute lost; nothing else counts.
	pub fn record(&mut self, outcome: Outcome) {
		let lost = match outcome {
			Outcome::Released => false,
			Outcome::Resolved { buyer_share_bps } if buyer_share_bps >= HALF_BPS => true,
			_ => return,
		};
		self.sold = self.sold.saturating_add(1);
		self.disputes_lost = self.disputes_lost.saturating_add(u32::from(lost));
	}
}

/// Everything the pallet keeps per account: its adverts, its open orders as buyer, its trade
/// statistics. Removed when all three are empty.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(MaxAdverts, MaxOrders))]
#[codec(mel_bound())]
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DefaultNoBound, DebugNoBound)]
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
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct EscrowTotal<Balance> {
	/// Owed to adverts (their available amounts) and open orders (their amounts).
	pub owed: Balance,
	/// Trade fees taken and not yet swept to the fee destination.
	pub fees: Balance,
	/// Owed to accounts whose payout in a delisted asset could not move ([`crate::Claims`]).
	pub claims: Balance,
}

/// An advert id as a key of the open book: its bytes most significant first, so that the book
/// iterates in id order.
pub type BookKey = [u8; 8];

/// The open book's key of `id`.
pub fn book_key(id: AdvertId) -> BookKey {
	id.to_be_bytes()
}

/// Most adverts one page of the open book returns.
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
	/// What adverts and open orders are owed.
	pub owed: Balance,
	/// Trade fees taken and not yet swept to the fee destination.
	pub fees: Balance,
	/// Owed to accounts whose payout could not move (claims).
	pub claims: Balance,
	/// What the escrow account holds: at least `owed + fees + claims` plus its reserve, while
	/// the asset moves.
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
