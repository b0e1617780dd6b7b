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
	/// Native tokens a buyer puts on hold for each order, within governance's bounds: lost by
	/// an order that expires unpaid, a cancellation after the grace period or a dispute lost
	/// by the buyer's fault.
	pub buyer_bond: Balance,
	/// Native tokens the seller keeps on hold while the advert lives, within governance's
	/// bounds: lost by a dispute lost by the seller's fault.
	pub seller_bond: Balance,
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
			Outcome::Resolved { buyer_share_bps, .. } if buyer_share_bps >= HALF_BPS => {
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
			Outcome::Resolved { buyer_share_bps, .. } if buyer_share_bps >= HALF_BPS => true,
			_ => return,
		};
		self.sold = self.sold.saturating_add(1);
		self.disputes_lost = self.disputes_lost.saturating_add(u32::from(lost));
	}
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
/// statistics and its strikes. Removed when all are empty.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(MaxAdverts, MaxOrders))]
#[codec(mel_bound(BlockNumber: MaxEncodedLen))]
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DefaultNoBound, DebugNoBound)]
pub struct Trader<BlockNumber: Member + Default, MaxAdverts: Get<u32>, MaxOrders: Get<u32>> {
	/// The account's adverts (open, paused, and closed ones with open orders), by id.
	pub adverts: BoundedVec<AdvertId, MaxAdverts>,
	/// The account's open orders as buyer, by id (its orders as seller are its adverts').
	pub orders: BoundedVec<OrderId, MaxOrders>,
	/// Its trade statistics.
	pub stats: TradeStats,
	/// Its cancellations and expiries as buyer, and its cooldown.
	pub strikes: Strikes<BlockNumber>,
}

impl<BlockNumber: Member + Default, MaxAdverts: Get<u32>, MaxOrders: Get<u32>>
	Trader<BlockNumber, MaxAdverts, MaxOrders>
{
	/// Nothing to keep: no advert, no open order, no statistics, no strikes.
	pub fn is_empty(&self) -> bool {
		self.adverts.is_empty()
			&& self.orders.is_empty()
			&& self.stats == TradeStats::default()
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
