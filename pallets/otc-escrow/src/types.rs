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
use sp_runtime::{
	traits::{One, UniqueSaturatedInto},
	Saturating,
};

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
	/// Native tokens a buyer puts on hold for each order, within governance's bounds: lost by
	/// an order that expires unpaid, a cancellation after the grace period or a dispute lost
	/// by the buyer's fault.
	pub buyer_bond: Balance,
	/// Native tokens the seller keeps on hold while the advert lives, within governance's
	/// bounds: lost by a dispute lost by the seller's fault.
	pub seller_bond: Balance,
	/// What the advert asks of a buyer's record: completed trades, recent failure rate,
	/// account age.
	pub buyer_conditions: BuyerConditions<BlockNumber>,
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
	/// Native tokens of the seller on hold for this advert: `terms.seller_bond`, or less after
	/// a slash (the advert is paused then, and resuming it holds the bond again).
	pub bond: Balance,
	/// Its open orders, by id (a seller's orders are those of its adverts).
	pub orders: BoundedVec<OrderId, MaxOrders>,
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
	/// The buyer says it paid; the seller has to confirm and release, or dispute, before
	/// `dispute_from`.
	Paid {
		/// Block the buyer marked it paid.
		at: BlockNumber,
		/// Hash of the buyer's payment proof, revealed to the arbiter in a dispute.
		payment_ref: Option<H256>,
		/// The block from which the chain opens a dispute by itself (and the buyer may): `at`
		/// plus the rules' `release_window` when it was paid.
		dispute_from: BlockNumber,
	},
	/// The order is in dispute: only an arbiter (or, once escalated, governance) settles it.
	Disputed(Dispute<AccountId, BlockNumber>),
}

/// Who may decide a dispute now. A dispute is drawn an arbiter in the block after it opens
/// (from that block's parent hash, which no party knows when it acts), then escalates by
/// itself when a deadline passes: to every arbiter, then to governance. Governance may decide
/// at any stage.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum DisputeStage<AccountId, BlockNumber> {
	/// Opened; the arbiter is drawn in the next block.
	Drawing,
	/// `arbiter`, drawn among the arbiters and no party to the trade, decides before `until`.
	Assigned {
		/// The assigned arbiter.
		arbiter: AccountId,
		/// The block from which the dispute goes to every arbiter.
		until: BlockNumber,
	},
	/// The assigned arbiter did not decide in time: any arbiter who is no party decides
	/// before `until`.
	Arbiters {
		/// The block from which the dispute goes to governance.
		until: BlockNumber,
	},
	/// No arbiter decided in time (or none could be drawn): governance decides.
	Governance,
}

/// A dispute on a paid order: the payment as the buyer stated it, who opened it, the evidence
/// of each party and who may decide it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Dispute<AccountId, BlockNumber> {
	/// Block the buyer marked the order paid.
	pub paid_at: BlockNumber,
	/// Hash of the buyer's payment proof.
	pub payment_ref: Option<H256>,
	/// The party that opened it, or `None`: the chain opened it when the seller neither
	/// released nor disputed within the release window.
	pub opened_by: Option<AccountId>,
	/// Block it was opened.
	pub opened_at: BlockNumber,
	/// Hash of the buyer's evidence, given to the arbiter off chain; replaceable until the
	/// decision.
	pub buyer_evidence: Option<H256>,
	/// Hash of the seller's evidence, likewise.
	pub seller_evidence: Option<H256>,
	/// Who may decide it now.
	pub stage: DisputeStage<AccountId, BlockNumber>,
}

/// What the hook does with an order whose deadline has come.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DeadlineStep {
	/// Unpaid after `pay_by`: it expires.
	Expire,
	/// Paid, and the seller neither released nor disputed within the release window: the
	/// chain opens a dispute.
	Dispute,
	/// A dispute opened in an earlier block: its arbiter is drawn.
	Draw,
	/// The arbiter (or the arbiters) did not decide in time: the dispute escalates.
	Escalate,
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
	/// The buyer must wait the release window after marking paid before disputing.
	ReleaseWindowOpen,
	/// The arbiter is the buyer or the seller.
	ArbiterIsParty,
	/// Another arbiter is assigned to the dispute (or none is drawn yet).
	NotAssignedArbiter,
	/// The dispute escalated to governance.
	EscalatedToGovernance,
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
	/// Native tokens the buyer has on hold for this order (the advert's `buyer_bond` when it
	/// was opened).
	pub bond: Balance,
	/// Block it was opened.
	pub opened_at: BlockNumber,
	/// Last block at which the buyer may mark it paid; after it, an unpaid order expires.
	pub pay_by: BlockNumber,
	/// Where it stands.
	pub status: OrderStatus<AccountId, BlockNumber>,
}

/// The rules of who may do what with an order in which state, and when its deadlines come,
/// in one place.
impl<
		AccountId: PartialEq + Clone,
		AssetKind,
		Balance,
		BlockNumber: Saturating + One + Ord + Copy,
	> Order<AccountId, AssetKind, Balance, BlockNumber>
{
	/// The block from which the order's current deadline acts (the key of its entry in the
	/// deadline queue), or `None` once nothing happens by itself:
	/// - unpaid: the block after `pay_by` (it expires);
	/// - paid: its `dispute_from` (the chain opens a dispute);
	/// - disputed: the next block while its arbiter is drawn, then each stage's `until`;
	///   none once governance decides.
	pub fn deadline(&self) -> Option<BlockNumber> {
		match &self.status {
			OrderStatus::AwaitingPayment => Some(self.pay_by.saturating_add(One::one())),
			OrderStatus::Paid { dispute_from, .. } => Some(*dispute_from),
			OrderStatus::Disputed(d) => match d.stage {
				DisputeStage::Drawing => Some(d.opened_at.saturating_add(One::one())),
				DisputeStage::Assigned { until, .. } | DisputeStage::Arbiters { until } => {
					Some(until)
				},
				DisputeStage::Governance => None,
			},
		}
	}

	/// What the hook does with the order at `now`, if its deadline has come.
	pub fn due(&self, now: BlockNumber) -> Option<DeadlineStep> {
		if self.deadline()? > now {
			return None;
		}
		Some(match &self.status {
			OrderStatus::AwaitingPayment => DeadlineStep::Expire,
			OrderStatus::Paid { .. } => DeadlineStep::Dispute,
			OrderStatus::Disputed(d) if d.stage == DisputeStage::Drawing => DeadlineStep::Draw,
			OrderStatus::Disputed(_) => DeadlineStep::Escalate,
		})
	}

	/// Whether the order is still unpaid after its window at `now`: anyone may expire it.
	pub fn is_expired(&self, now: BlockNumber) -> bool {
		self.status == OrderStatus::AwaitingPayment && now > self.pay_by
	}

	/// The buyer `who` says it paid, at `now`, within the window; the seller has
	/// `release_window` blocks to release or dispute.
	pub fn mark_paid(
		&mut self,
		who: &AccountId,
		now: BlockNumber,
		payment_ref: Option<H256>,
		release_window: BlockNumber,
	) -> Result<(), OrderRefusal> {
		self.ensure_buyer(who)?;
		if self.status != OrderStatus::AwaitingPayment {
			return Err(OrderRefusal::WrongStatus);
		}
		if now > self.pay_by {
			return Err(OrderRefusal::PaymentWindowPassed);
		}
		let dispute_from = now.saturating_add(release_window);
		self.status = OrderStatus::Paid { at: now, payment_ref, dispute_from };
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

	/// Whether a cancellation at `now` is within `grace` blocks of the order's opening, and so
	/// costs the buyer no bond.
	pub fn within_grace(&self, now: BlockNumber, grace: BlockNumber) -> bool {
		now <= self.opened_at.saturating_add(grace)
	}

	/// Opens a dispute on the paid order at `now`: by a party `Some(who)` (the seller at once,
	/// the buyer from `dispute_from`) with its evidence, or by the chain (`None`) when the
	/// seller let the release window pass.
	pub fn open_dispute(
		&mut self,
		who: Option<&AccountId>,
		now: BlockNumber,
		evidence: Option<H256>,
	) -> Result<(), OrderRefusal> {
		if let Some(who) = who {
			self.party(who)?;
		}
		let OrderStatus::Paid { at: paid_at, payment_ref, dispute_from } = self.status else {
			return Err(OrderRefusal::WrongStatus);
		};
		let opened_by_buyer = who.is_some_and(|w| *w == self.buyer);
		if opened_by_buyer && now < dispute_from {
			return Err(OrderRefusal::ReleaseWindowOpen);
		}
		let (buyer_evidence, seller_evidence) =
			if opened_by_buyer { (evidence, None) } else { (None, evidence) };
		self.status = OrderStatus::Disputed(Dispute {
			paid_at,
			payment_ref,
			opened_by: who.cloned(),
			opened_at: now,
			buyer_evidence,
			seller_evidence,
			stage: DisputeStage::Drawing,
		});
		Ok(())
	}

	/// A party `who` gives (or replaces) its evidence hash in the dispute.
	pub fn submit_evidence(&mut self, who: &AccountId, evidence: H256) -> Result<(), OrderRefusal> {
		let is_buyer = self.party(who)?;
		let OrderStatus::Disputed(d) = &mut self.status else {
			return Err(OrderRefusal::WrongStatus);
		};
		if is_buyer {
			d.buyer_evidence = Some(evidence);
		} else {
			d.seller_evidence = Some(evidence);
		}
		Ok(())
	}

	/// The dispute, if the order is in one.
	pub fn dispute(&self) -> Result<&Dispute<AccountId, BlockNumber>, OrderRefusal> {
		match &self.status {
			OrderStatus::Disputed(d) => Ok(d),
			_ => Err(OrderRefusal::WrongStatus),
		}
	}

	/// Whether `decider` may decide the dispute now: `None` is governance, which may at any
	/// stage; `Some(arbiter)` must be no party, and the assigned arbiter while one is assigned;
	/// once escalated to governance, no arbiter may.
	pub fn ensure_decidable_by(&self, decider: Option<&AccountId>) -> Result<(), OrderRefusal> {
		let dispute = self.dispute()?;
		let Some(arbiter) = decider else { return Ok(()) };
		if *arbiter == self.buyer || *arbiter == self.seller {
			return Err(OrderRefusal::ArbiterIsParty);
		}
		match &dispute.stage {
			DisputeStage::Assigned { arbiter: assigned, .. } if assigned == arbiter => Ok(()),
			DisputeStage::Arbiters { .. } => Ok(()),
			DisputeStage::Governance => Err(OrderRefusal::EscalatedToGovernance),
			DisputeStage::Drawing | DisputeStage::Assigned { .. } => {
				Err(OrderRefusal::NotAssignedArbiter)
			},
		}
	}

	/// Moves the dispute on to `stage`.
	pub fn set_stage(&mut self, stage: DisputeStage<AccountId, BlockNumber>) {
		if let OrderStatus::Disputed(d) = &mut self.status {
			d.stage = stage;
		}
	}

	/// Whether `who` is the buyer (`true`) or the seller (`false`); refused if neither.
	fn party(&self, who: &AccountId) -> Result<bool, OrderRefusal> {
		if *who == self.buyer {
			Ok(true)
		} else if *who == self.seller {
			Ok(false)
		} else {
			Err(OrderRefusal::NotParty)
		}
	}

	fn ensure_buyer(&self, who: &AccountId) -> Result<(), OrderRefusal> {
		(*who == self.buyer).then_some(()).ok_or(OrderRefusal::NotBuyer)
	}

	fn ensure_not_disputed(&self) -> Result<(), OrderRefusal> {
		match self.status {
			OrderStatus::Disputed(_) => Err(OrderRefusal::WrongStatus),
			_ => Ok(()),
		}
	}
}

impl<AccountId: PartialEq, AssetKind, Balance, BlockNumber>
	Order<AccountId, AssetKind, Balance, BlockNumber>
where
	BlockNumber: Saturating + Copy + UniqueSaturatedInto<u64>,
{
	/// What the order, ending at `now` with `outcome`, adds to the record of the party on
	/// `side`.
	pub fn entry(&self, side: Side, outcome: Outcome, now: BlockNumber) -> TradeEntry {
		let blocks =
			|from: BlockNumber, to: BlockNumber| to.saturating_sub(from).unique_saturated_into();
		let (paid_at, opened_by) = match &self.status {
			OrderStatus::AwaitingPayment => (None, None),
			OrderStatus::Paid { at, .. } => (Some(*at), None),
			OrderStatus::Disputed(d) => (Some(d.paid_at), d.opened_by.as_ref()),
		};
		let (me, at_fault) = match side {
			Side::Buyer => (&self.buyer, Fault::Buyer),
			Side::Seller => (&self.seller, Fault::Seller),
		};
		let completed = match outcome {
			Outcome::Released => true,
			Outcome::Resolved { buyer_share_bps, .. } => buyer_share_bps >= HALF_BPS,
			_ => false,
		};
		let is_buyer = side == Side::Buyer;
		TradeEntry {
			completed,
			cancelled: is_buyer && outcome == Outcome::Cancelled,
			expired: is_buyer && outcome == Outcome::Expired,
			dispute_opened: opened_by == Some(me),
			dispute_lost: matches!(outcome, Outcome::Resolved { fault, .. } if fault == at_fault),
			time_to_pay: paid_at.filter(|_| is_buyer).map(|at| blocks(self.opened_at, at)),
			time_to_release: paid_at
				.filter(|_| !is_buyer && outcome == Outcome::Released)
				.map(|at| blocks(at, now)),
		}
	}
}

/// Who was at fault in a dispute, as the arbiter decides: the party at fault loses its bond.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum Fault {
	/// Neither party (e.g. a bank delay): both bonds are released.
	Neither,
	/// The buyer (e.g. it marked paid without paying, or charged the payment back): it loses
	/// its order's bond.
	Buyer,
	/// The seller (e.g. it ignored a payment that arrived): it loses its advert's bond, and
	/// the advert pauses until the seller resumes it with the bond held again.
	Seller,
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
	/// The arbiter split the amount: `buyer_share_bps` to the buyer, the rest to the seller,
	/// and named who was at fault.
	Resolved {
		/// Share of the amount the buyer gets, in basis points.
		buyer_share_bps: Bps,
		/// Who was at fault: that party loses its bond.
		fault: Fault,
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
	/// Bonds released or slashed (the buyer's, the seller's): each moved its owner's hold.
	pub bonds: u32,
}

/// Buckets of the recent window of a [`TradeRecord`]: with `RecentBucket` blocks a bucket (5
/// days on the runtime), the window is the last 30 days to a resolution of 5.
pub const RECENT_BUCKETS: u32 = 6;

/// Which side of an order an account was on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Side {
	/// The buyer.
	Buyer,
	/// The seller.
	Seller,
}

/// What one ended order adds to one party's record: the facts of the order, seen from that
/// party ([`Order::entry`]).
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug)]
pub struct TradeEntry {
	/// A completed trade: released, or a dispute resolved with at least half to the buyer.
	pub completed: bool,
	/// The buyer cancelled it.
	pub cancelled: bool,
	/// It expired unpaid.
	pub expired: bool,
	/// The party opened its dispute.
	pub dispute_opened: bool,
	/// The party was at fault in its dispute.
	pub dispute_lost: bool,
	/// The buyer marked it paid this many blocks after opening it.
	pub time_to_pay: Option<u64>,
	/// The seller released it this many blocks after it was marked paid.
	pub time_to_release: Option<u64>,
}

/// A running average: how many samples, and their sum.
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct Timing {
	/// Samples taken.
	pub count: u32,
	/// Their sum, in blocks.
	pub total_blocks: u64,
}

impl Timing {
	/// Adds a sample of `blocks`.
	pub fn add(&mut self, blocks: u64) {
		self.count = self.count.saturating_add(1);
		self.total_blocks = self.total_blocks.saturating_add(blocks);
	}

	/// The average in blocks, rounded down; `None` without samples.
	pub fn average(&self) -> Option<u64> {
		self.total_blocks.checked_div(u64::from(self.count))
	}
}

/// Orders counted in a stretch of time, for the recent window.
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct RecentCounts {
	/// Trades completed, as buyer or seller.
	pub completed: u32,
	/// Orders cancelled as buyer.
	pub cancelled: u32,
	/// Orders that expired unpaid as buyer.
	pub expired: u32,
	/// Disputes lost.
	pub disputes_lost: u32,
}

impl RecentCounts {
	fn add(&mut self, other: &RecentCounts) {
		self.completed = self.completed.saturating_add(other.completed);
		self.cancelled = self.cancelled.saturating_add(other.cancelled);
		self.expired = self.expired.saturating_add(other.expired);
		self.disputes_lost = self.disputes_lost.saturating_add(other.disputes_lost);
	}

	/// Orders counted: completed, cancelled and expired.
	pub fn orders(&self) -> u32 {
		self.completed.saturating_add(self.cancelled).saturating_add(self.expired)
	}

	/// Completed orders of all counted, in basis points; `None` without orders.
	pub fn completion_bps(&self) -> Option<Bps> {
		rate_bps(self.completed, self.orders())
	}

	/// Cancelled and expired orders of all counted, in basis points; 0 without orders.
	pub fn failure_bps(&self) -> Bps {
		rate_bps(self.cancelled.saturating_add(self.expired), self.orders()).unwrap_or(0)
	}
}

/// `part` of `whole` in basis points, rounded down; `None` if `whole` is 0.
fn rate_bps(part: u32, whole: u32) -> Option<Bps> {
	let rate = u64::from(part)
		.saturating_mul(u64::from(BPS_DENOMINATOR))
		.checked_div(u64::from(whole))?;
	Some(Bps::try_from(rate).unwrap_or(Bps::MAX).min(BPS_DENOMINATOR as Bps))
}

/// The orders of one bucket of the recent window: `epoch` is the block number divided by the
/// bucket length.
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct RecentBucket {
	/// Which stretch of `RecentBucket` blocks the counts are of.
	pub epoch: u32,
	/// The orders counted in it.
	pub counts: RecentCounts,
}

/// An account's trade record, kept by the chain: every settlement updates both parties' records
/// at once, so no platform can fake or lose it. Lifetime totals, running averages, and the
/// recent window as [`RECENT_BUCKETS`] buckets that roll over by themselves (no iteration over
/// history: a bucket older than the window is reset when its slot is used again).
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct TradeRecord<BlockNumber> {
	/// Trades completed as buyer (released, or a dispute resolved with at least half to it).
	pub bought: u32,
	/// Trades completed as seller.
	pub sold: u32,
	/// Orders it cancelled as buyer.
	pub cancelled: u32,
	/// Orders that expired unpaid with it as buyer.
	pub expired: u32,
	/// Disputes it opened, counted when decided.
	pub disputes_opened: u32,
	/// Disputes decided with it at fault.
	pub disputes_lost: u32,
	/// As buyer: blocks from opening an order to marking it paid.
	pub time_to_pay: Timing,
	/// As seller: blocks from a payment marked to its release.
	pub time_to_release: Timing,
	/// Block of its first completed trade.
	pub first_trade: Option<BlockNumber>,
	/// Block of its last completed trade.
	pub last_trade: Option<BlockNumber>,
	/// The recent window, by bucket (slot `epoch % RECENT_BUCKETS`).
	pub recent: [RecentBucket; RECENT_BUCKETS as usize],
}

impl<BlockNumber: Copy> TradeRecord<BlockNumber> {
	/// Adds what an order that ended at block `now` (in bucket `epoch`) means for the account,
	/// which was on `side` of it.
	pub fn add(&mut self, side: Side, entry: &TradeEntry, now: BlockNumber, epoch: u32) {
		let bump = |n: &mut u32, yes: bool| *n = n.saturating_add(u32::from(yes));
		let completed = match side {
			Side::Buyer => &mut self.bought,
			Side::Seller => &mut self.sold,
		};
		bump(completed, entry.completed);
		bump(&mut self.cancelled, entry.cancelled);
		bump(&mut self.expired, entry.expired);
		bump(&mut self.disputes_opened, entry.dispute_opened);
		bump(&mut self.disputes_lost, entry.dispute_lost);
		if let Some(blocks) = entry.time_to_pay {
			self.time_to_pay.add(blocks);
		}
		if let Some(blocks) = entry.time_to_release {
			self.time_to_release.add(blocks);
		}
		if entry.completed {
			self.first_trade.get_or_insert(now);
			self.last_trade = Some(now);
		}
		let counted = entry.completed || entry.cancelled || entry.expired || entry.dispute_lost;
		let slot = (epoch % RECENT_BUCKETS) as usize;
		if let Some(bucket) = self.recent.get_mut(slot).filter(|_| counted) {
			if bucket.epoch != epoch {
				*bucket = RecentBucket { epoch, counts: RecentCounts::default() };
			}
			let c = &mut bucket.counts;
			bump(&mut c.completed, entry.completed);
			bump(&mut c.cancelled, entry.cancelled);
			bump(&mut c.expired, entry.expired);
			bump(&mut c.disputes_lost, entry.dispute_lost);
		}
	}

	/// The orders of the recent window as of bucket `epoch`: the buckets of the last
	/// [`RECENT_BUCKETS`] epochs, this one included.
	pub fn recent_counts(&self, epoch: u32) -> RecentCounts {
		let mut sum = RecentCounts::default();
		for bucket in &self.recent {
			if bucket.epoch <= epoch && epoch - bucket.epoch < RECENT_BUCKETS {
				sum.add(&bucket.counts);
			}
		}
		sum
	}
}

impl<BlockNumber> TradeRecord<BlockNumber> {
	/// Trades completed, as buyer and as seller.
	pub fn completed(&self) -> u32 {
		self.bought.saturating_add(self.sold)
	}
}

/// What an advert asks of a buyer's record, as P2P advertisers set it; every condition is
/// checked by `open_order`.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct BuyerConditions<BlockNumber> {
	/// Fewest trades the buyer must have completed (as buyer or seller); 0 for any.
	pub min_trades: u32,
	/// Highest share of the buyer's recent orders (30 days) it may have cancelled or let
	/// expire, in basis points; `None` for any.
	pub max_failure_bps: Option<Bps>,
	/// Fewest blocks the chain must have known the buyer: since its first completed trade or
	/// its first KYC attestation, whichever came first; 0 for any.
	pub min_account_age: BlockNumber,
}

/// Why a buyer does not meet an advert's conditions (each is an error of the pallet).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ConditionRefusal {
	/// Fewer completed trades than `min_trades`.
	TooFewTrades,
	/// A recent failure rate above `max_failure_bps`.
	FailureRateTooHigh,
	/// Known to the chain for less than `min_account_age`.
	AccountTooNew,
}

impl<BlockNumber: PartialOrd> BuyerConditions<BlockNumber> {
	/// Whether a buyer with `record`, `recent` orders and `age` meets the conditions.
	pub fn check<N>(
		&self,
		record: &TradeRecord<N>,
		recent: &RecentCounts,
		age: BlockNumber,
	) -> Result<(), ConditionRefusal> {
		if record.completed() < self.min_trades {
			return Err(ConditionRefusal::TooFewTrades);
		}
		if self.max_failure_bps.is_some_and(|max| recent.failure_bps() > max) {
			return Err(ConditionRefusal::FailureRateTooHigh);
		}
		if age < self.min_account_age {
			return Err(ConditionRefusal::AccountTooNew);
		}
		Ok(())
	}
}

/// What an account trades of one asset: lifetime volumes and what it has open now.
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct AssetRecord<Balance> {
	/// Bought in completed trades and dispute shares, before the trade fee.
	pub bought: Balance,
	/// Sold: what its adverts paid to buyers, before the trade fee.
	pub sold: Balance,
	/// In its open orders as buyer.
	pub buying: Balance,
	/// In escrow for its adverts: available and in open orders.
	pub selling: Balance,
}

/// Governance's limits for one listed asset and KYC level ([`crate::Limits`]).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct TradeLimit<Balance> {
	/// Largest single order a buyer may open, and the largest `max_order` an advert of a
	/// seller may offer; a buyer's is scaled by the ramp.
	pub max_order: Balance,
	/// Largest total a buyer may have in open orders, and a seller in escrow for its adverts;
	/// a buyer's is scaled by the ramp.
	pub max_open: Balance,
}

/// A step of the ramp for new buyers: from an account age of `from_age` blocks, a buyer's
/// limits are `share_bps` of its level's.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct RampStep<BlockNumber> {
	/// Account age, in blocks, from which the step applies.
	pub from_age: BlockNumber,
	/// Share of the level's limits, in basis points.
	pub share_bps: Bps,
}

/// Most steps of the ramp.
pub const MAX_RAMP_STEPS: u32 = 8;

/// The ramp: steps by ascending age, the first from age 0; empty for none (full limits).
pub type Ramp<BlockNumber> = BoundedVec<RampStep<BlockNumber>, ConstU32<MAX_RAMP_STEPS>>;

/// Whether `ramp` is valid: the first step from age 0, ages strictly and shares never
/// descending, shares at most 10 000 bps.
pub fn ramp_is_valid<BlockNumber: Ord + Copy + Default>(ramp: &[RampStep<BlockNumber>]) -> bool {
	let starts_at_zero = ramp.first().map_or(true, |s| s.from_age == BlockNumber::default());
	let ordered = ramp
		.windows(2)
		.all(|w| matches!(w, [a, b] if a.from_age < b.from_age && a.share_bps <= b.share_bps));
	let bounded = ramp.iter().all(|s| u32::from(s.share_bps) <= BPS_DENOMINATOR);
	starts_at_zero && ordered && bounded
}

/// The share of its limits a buyer of `age` blocks gets: the last step at or below its age;
/// 10 000 bps without a ramp.
pub fn ramp_share<BlockNumber: Ord + Copy>(
	ramp: &[RampStep<BlockNumber>],
	age: BlockNumber,
) -> Bps {
	ramp.iter()
		.take_while(|s| s.from_age <= age)
		.last()
		.map_or(BPS_DENOMINATOR as Bps, |s| s.share_bps)
}

/// A buyer's cancellations and expiries in the current window, and its cooldown: more than
/// governance's `max_strikes` in one `StrikeWindow` block the buyer from new orders for the
/// next step of `Cooldowns` (each cooldown one step longer; a window without strikes after a
/// cooldown starts the steps again).
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct Strikes<BlockNumber> {
	/// First block of the current window.
	pub window_start: BlockNumber,
	/// Cancellations and expiries in it.
	pub count: u32,
	/// Cooldowns served so far: the step of `Cooldowns` the next one takes.
	pub cooldowns: u32,
	/// The buyer opens no orders before this block.
	pub blocked_until: BlockNumber,
}

impl<BlockNumber: Saturating + Ord + Copy + Default> Strikes<BlockNumber> {
	/// Counts a cancellation or expiry at `now`. Past `max` in the window, the buyer cools
	/// down: returns the block it may open orders again from.
	pub fn record(
		&mut self,
		now: BlockNumber,
		max: u32,
		window: BlockNumber,
		cooldowns: &[BlockNumber],
	) -> Option<BlockNumber> {
		if now >= self.window_start.saturating_add(window) {
			if now >= self.blocked_until.saturating_add(window) {
				self.cooldowns = 0;
			}
			self.window_start = now;
			self.count = 0;
		}
		self.count = self.count.saturating_add(1);
		if self.count <= max {
			return None;
		}
		let step = (self.cooldowns as usize).min(cooldowns.len().saturating_sub(1));
		let length = cooldowns.get(step).copied().unwrap_or_default();
		self.blocked_until = now.saturating_add(length);
		self.cooldowns = self.cooldowns.saturating_add(1);
		self.window_start = now;
		self.count = 0;
		Some(self.blocked_until)
	}
}

/// Everything the pallet keeps per account: its adverts, its open orders as buyer, its trade
/// record and its strikes. Removed when all are empty.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(MaxAdverts, MaxOrders))]
#[codec(mel_bound(BlockNumber: MaxEncodedLen))]
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DefaultNoBound, DebugNoBound)]
pub struct Trader<BlockNumber: Member + Default, MaxAdverts: Get<u32>, MaxOrders: Get<u32>> {
	/// The account's adverts (open, paused, and closed ones with open orders), by id.
	pub adverts: BoundedVec<AdvertId, MaxAdverts>,
	/// The account's open orders as buyer, by id (its orders as seller are its adverts').
	pub orders: BoundedVec<OrderId, MaxOrders>,
	/// Its trade record.
	pub record: TradeRecord<BlockNumber>,
	/// Its cancellations and expiries as buyer, and its cooldown.
	pub strikes: Strikes<BlockNumber>,
}

impl<BlockNumber: Member + Default, MaxAdverts: Get<u32>, MaxOrders: Get<u32>>
	Trader<BlockNumber, MaxAdverts, MaxOrders>
{
	/// Nothing to keep: no advert, no open order, no record, no strikes.
	pub fn is_empty(&self) -> bool {
		self.adverts.is_empty()
			&& self.orders.is_empty()
			&& self.record == TradeRecord::default()
			&& self.strikes == Strikes::default()
	}
}

/// Governance's rules for bonds and cancellations ([`crate::Rules`]).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct TradeRules<Balance, BlockNumber> {
	/// Smallest buyer bond an advert may ask, in native units.
	pub min_buyer_bond: Balance,
	/// Largest buyer bond an advert may ask.
	pub max_buyer_bond: Balance,
	/// Smallest seller bond an advert may hold.
	pub min_seller_bond: Balance,
	/// Largest seller bond an advert may hold.
	pub max_seller_bond: Balance,
	/// Share of a slashed bond that goes to the wronged party, in basis points; the rest goes
	/// to the fee destination. Never to the party that lost it.
	pub to_wronged_bps: Bps,
	/// Blocks after opening an order in which its buyer may cancel without losing its bond.
	pub cancel_grace: BlockNumber,
	/// Cancellations and expiries a buyer may have in one `StrikeWindow` before it cools down.
	pub max_strikes: u32,
	/// Blocks after `mark_paid` within which the seller releases or disputes; after them the
	/// chain opens the dispute itself (and the buyer may). Fixed per order when it is paid.
	pub release_window: BlockNumber,
	/// Blocks the assigned arbiter has to decide a dispute, and then every arbiter, before it
	/// escalates (to every arbiter, then to governance).
	pub arbiter_window: BlockNumber,
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

/// Which sellers' adverts a page of the book shows, by their records.
#[derive(Clone, Copy, PartialEq, Eq, Default, Encode, Decode, TypeInfo, Debug)]
pub struct SellerFilter {
	/// Fewest trades the seller must have completed; 0 for any.
	pub min_trades: u32,
	/// Lowest recent completion rate (30 days), in basis points; `None` for any. A seller
	/// without recent orders has no rate and is left out by a minimum.
	pub min_completion_bps: Option<Bps>,
}

impl SellerFilter {
	/// Whether a seller with `record` and `recent` orders passes.
	pub fn admits<N>(&self, record: &TradeRecord<N>, recent: &RecentCounts) -> bool {
		let rate_ok = match self.min_completion_bps {
			Some(min) => recent.completion_bps().is_some_and(|rate| rate >= min),
			None => true,
		};
		record.completed() >= self.min_trades && rate_ok
	}
}

/// An account's trade record with what is derived from it, for runtime APIs: the recent
/// window, the rates and averages the chain's checks use, and its records per asset.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct TradeStats<AssetKind, Balance, BlockNumber> {
	/// The record as stored.
	pub record: TradeRecord<BlockNumber>,
	/// The orders of the recent window (30 days).
	pub recent: RecentCounts,
	/// Recent completion rate in basis points; `None` without recent orders.
	pub completion_bps: Option<Bps>,
	/// Recent share of orders cancelled or expired, in basis points (what adverts' buyer
	/// conditions check).
	pub failure_bps: Bps,
	/// Average blocks from opening an order to marking it paid, as buyer.
	pub avg_time_to_pay: Option<u64>,
	/// Average blocks from a payment marked to its release, as seller.
	pub avg_time_to_release: Option<u64>,
	/// Blocks since the first completed trade or first KYC attestation (what adverts' buyer
	/// conditions and the ramp check).
	pub account_age: BlockNumber,
	/// Per asset: bought, sold and open now.
	pub assets: alloc::vec::Vec<(AssetKind, AssetRecord<Balance>)>,
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
