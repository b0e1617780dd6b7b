//! # OTC escrow
//!
//! Over-the-counter trades of digital assets for fiat with the chain as the escrow and the
//! ledger, so that no platform can mis-book, tamper with or run off with the assets (design: the
//! `CN112017045A` summary in the project's seed).
//!
//! - Governance **lists** the assets that may be traded ([`Pallet::list_asset`]), each with its
//!   decimals and order sizes; any other asset is refused (`AssetNotListed`).
//! - A seller posts a sell **advert** with [`Pallet::create_advert`]; the same extrinsic moves
//!   the assets into the pallet's escrow account (derived from [`Config::PalletId`]), where
//!   anyone can audit them.
//! - A buyer opens an **order** ([`Pallet::open_order`]) on the terms version it saw, pays fiat
//!   off chain and marks it paid ([`Pallet::mark_paid`]).
//! - The seller confirms and [`Pallet::release`]s: the assets minus the trade fee go to the buyer
//!   in the same call, whether or not it held the token before.
//! - Cancellation ([`Pallet::cancel_order`]), expiry of unpaid orders (by anyone, and by the
//!   pallet itself in `on_initialize`) and disputes ([`Pallet::open_dispute`], opened by the
//!   chain itself when a seller leaves a paid order; decided by an arbiter drawn for it,
//!   [`Pallet::resolve_dispute`]) settle every other path.
//! - Both sides put a bond on hold in the native token, sized by the advert within
//!   governance's [`Rules`]; a bond is released on a good end and slashed on fault (`bonds.rs`).
//!   Serial cancellers cool down.
//! - Every settlement adds to both parties' [`TradeRecord`]s and per asset [`AssetRecord`]s
//!   (`record.rs`): adverts ask conditions of a buyer's record, and governance's [`Limits`] per
//!   asset and KYC level, scaled for new buyers by the [`BuyerRamp`], cap orders and open totals.
//!
//! Every order ends in one settlement (`settlement.rs`), which moves the funds, updates the
//! advert, the indexes, the escrow totals and both parties' [`TradeRecord`]s, and emits
//! `OrderSettled`. No path mints or burns; `try_state` checks that escrow holds exactly what
//! adverts and orders owe plus the trade fees taken, which stay in escrow until anyone sweeps
//! them to the fee destination ([`Pallet::sweep_fees`]), plus the claims of a delisted asset
//! that could not move ([`Pallet::claim`]).
//!
//! Buyers and sellers are gated by the KYC registry for as long as they trade: a seller whose
//! level drops keeps its adverts off the book (they take no orders, top-ups, updates or
//! resumes) while its open orders finish and it can still withdraw and close.
//!
//! Code: calls here; `adverts.rs`, `orders.rs`, `settlement.rs`, listed assets in
//! `listing.rs`, records, conditions and limits in `record.rs`, the escrow's books and claims in `ledger.rs`, bonds in `bonds.rs`, the hook
//! that acts on deadlines (expiry, disputes, arbiters, escalation) in `deadlines.rs`,
//! all weight reasoning in `weight.rs`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

mod adverts;
mod api;
pub mod arbiter;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod bonds;
mod deadlines;
mod invariants;
mod ledger;
mod listing;
#[cfg(test)]
mod mock;
mod orders;
mod record;
pub mod runtime_api;
mod settlement;
#[cfg(test)]
mod tests;
pub mod transfer;
pub mod types;
pub mod weight;
pub mod weights;

pub use arbiter::ArbiterOrBody;
pub use transfer::TransferAssets;
pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, fungibles, tokens::Balance as BalanceT, SortedMembers},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use pallet_kyc_registry::{KycGate, KycLevel};
	use sp_core::H256;
	use sp_runtime::traits::AccountIdConversion;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// Names an asset: the native token or a `pallet-assets` token.
		type AssetKind: Parameter + MaxEncodedLen + Ord + MaybeSerializeDeserialize;

		/// Balance of every asset.
		type Balance: BalanceT + From<u128> + Into<u128>;

		/// The assets: balances, minimum balances (and minting, for the benchmarks).
		type Assets: fungibles::Inspect<Self::AccountId, AssetId = Self::AssetKind, Balance = Self::Balance>
			+ fungibles::Mutate<Self::AccountId>;

		/// The native token, in which bonds are held (they stay in their owner's account, on
		/// hold under this pallet's [`HoldReason`]).
		type Currency: fungible::MutateHold<
			Self::AccountId,
			Reason = Self::RuntimeHoldReason,
			Balance = BalanceOf<Self>,
		>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Moves assets in and out of escrow: [`transfer::NativeOrAssets`] for the native token
		/// and `pallet-assets` tokens.
		type Transfer: TransferAssets<Self::AccountId, Self::AssetKind, Self::Balance>;

		/// Decimals of each asset, read when governance lists it (for fiat totals).
		type Decimals: AssetDecimals<Self::AssetKind>;

		/// The chain's native token (its calls are weighed by their `*_native` benchmarks).
		type NativeAsset: Get<Self::AssetKind>;

		/// Assets besides the native token that most blocks move (the chain's stablecoins):
		/// see [`weight`]. `BenchmarkHelper::asset()` must be one of them.
		type HotAssets: Get<&'static [Self::AssetKind]>;

		/// Storage items of an asset that every move of it in or out of escrow reads and
		/// writes: its listing, its `EscrowTotals`, its details and the escrow's account of it
		/// (4).
		#[pallet::constant]
		type EscrowAssetKeys: Get<u32>;

		/// The KYC gate: levels, and how long an account has been verified.
		type Kyc: KycGate<Self::AccountId, BlockNumberFor<Self>>;

		/// Lowest KYC level a seller needs to create an advert.
		#[pallet::constant]
		type MinSellerLevel: Get<KycLevel>;

		/// Lowest KYC level a buyer needs, whatever the advert asks.
		#[pallet::constant]
		type MinBuyerLevel: Get<KycLevel>;

		/// Who settles disputes: `Some(arbiter)` names the arbiter, who may not decide a dispute
		/// it is a party to; `None` is a body that is no party (e.g. Root or a council motion).
		/// [`ArbiterOrBody`] is such an origin.
		type ArbiterOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = Option<Self::AccountId>>;

		/// The arbiters: a dispute is assigned one of them who is no party to the trade.
		type Arbiters: SortedMembers<Self::AccountId>;

		/// Who sets the trade fee and the trade rules, lists and delists assets, ends adverts of delisted assets and
		/// settles claims.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Id of the escrow account.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Account that receives trade fees.
		type FeeDestination: Get<Self::AccountId>;

		/// Highest trade fee governance may set, in basis points.
		#[pallet::constant]
		type MaxTradeFeeBps: Get<Bps>;

		/// Shortest payment window an advert may set, in blocks.
		#[pallet::constant]
		type MinPaymentWindow: Get<BlockNumberFor<Self>>;

		/// Longest payment window an advert may set, in blocks.
		#[pallet::constant]
		type MaxPaymentWindow: Get<BlockNumberFor<Self>>;

		/// Blocks over which a buyer's cancellations and expiries are counted against
		/// `max_strikes` (a day).
		#[pallet::constant]
		type StrikeWindow: Get<BlockNumberFor<Self>>;

		/// Lengths of a buyer's cooldowns in blocks, one step longer each time (the last step
		/// repeats).
		type Cooldowns: Get<&'static [BlockNumberFor<Self>]>;

		/// Blocks per bucket of a trade record's recent window of [`RECENT_BUCKETS`] buckets (5
		/// days, for a window of 30).
		#[pallet::constant]
		type RecentBucket: Get<BlockNumberFor<Self>>;

		/// Most payment methods on one advert.
		#[pallet::constant]
		type MaxPaymentMethods: Get<u32>;

		/// Most adverts an account has at once (closed adverts with open orders count).
		#[pallet::constant]
		type MaxAdvertsPerAccount: Get<u32>;

		/// Most open orders an account has at once as buyer.
		#[pallet::constant]
		type MaxOrdersPerAccount: Get<u32>;

		/// Most open orders on one advert.
		#[pallet::constant]
		type MaxOrdersPerAdvert: Get<u32>;

		/// Most deadlines the hook acts on in one block (expiries, disputes opened, arbiters
		/// drawn, escalations); those due beyond it wait for the next blocks.
		#[pallet::constant]
		type MaxExpiriesPerBlock: Get<u32>;

		/// Weights of the calls, from the benchmarks.
		type WeightInfo: WeightInfo;

		/// Creates assets and balances for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AssetKind>;
	}

	/// Prepares an asset for the benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AssetKind> {
		/// One of `HotAssets` that exists (created here if need be), whose balances benchmarks
		/// can mint: the benchmarks measure the asset path on it.
		fn asset() -> AssetKind;

		/// An asset that exists, with decimals, that is not listed and that neither the escrow
		/// account nor the fee destination has an account of (created here): `list_asset` is
		/// measured on it.
		fn unlisted_asset() -> AssetKind;
	}

	/// Why the pallet holds native tokens in a trader's account.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The seller's bond of an advert.
		SellerBond,
		/// The buyer's bond of an order.
		BuyerBond,
	}

	/// Balance of an asset.
	pub type BalanceOf<T> = <T as Config>::Balance;
	/// An advert's terms.
	pub type AdvertTermsOf<T> =
		AdvertTerms<BalanceOf<T>, BlockNumberFor<T>, <T as Config>::MaxPaymentMethods>;
	/// An advert, as stored.
	pub type AdvertOf<T> = Advert<
		<T as frame_system::Config>::AccountId,
		<T as Config>::AssetKind,
		BalanceOf<T>,
		BlockNumberFor<T>,
		<T as Config>::MaxPaymentMethods,
		<T as Config>::MaxOrdersPerAdvert,
	>;
	/// An order, as stored.
	pub type OrderOf<T> = Order<
		<T as frame_system::Config>::AccountId,
		<T as Config>::AssetKind,
		BalanceOf<T>,
		BlockNumberFor<T>,
	>;
	/// What the pallet keeps per account.
	pub type TraderOf<T> = Trader<
		BlockNumberFor<T>,
		<T as Config>::MaxAdvertsPerAccount,
		<T as Config>::MaxOrdersPerAccount,
	>;
	/// Governance's rules for bonds and cancellations.
	pub type TradeRulesOf<T> = TradeRules<BalanceOf<T>, BlockNumberFor<T>>;
	/// Who may decide a dispute now.
	pub type DisputeStageOf<T> =
		DisputeStage<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
	/// What a settlement did.
	pub type SettlementOf<T> = Settlement<<T as Config>::AssetKind>;
	/// A listed asset's decimals and order sizes.
	pub type AssetListingOf<T> = AssetListing<BalanceOf<T>>;
	/// An account's trade record.
	pub type TradeRecordOf<T> = TradeRecord<BlockNumberFor<T>>;
	/// What an account trades of one asset.
	pub type AssetRecordOf<T> = AssetRecord<BalanceOf<T>>;
	/// Limits of one asset and KYC level.
	pub type TradeLimitOf<T> = TradeLimit<BalanceOf<T>>;
	/// The ramp for new buyers.
	pub type RampOf<T> = Ramp<BlockNumberFor<T>>;

	/// The id the next advert gets.
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type NextAdvertId<T: Config> = StorageValue<_, AdvertId, ValueQuery>;

	/// The id the next order gets.
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type NextOrderId<T: Config> = StorageValue<_, OrderId, ValueQuery>;

	/// Adverts: open, paused, and closed ones with open orders.
	#[pallet::storage]
	pub type Adverts<T: Config> = StorageMap<_, Twox64Concat, AdvertId, AdvertOf<T>, OptionQuery>;

	/// The open book: adverts that take orders, by asset, in id order ([`book_key`]). Paused and
	/// closed adverts are not in it.
	#[pallet::storage]
	pub type OpenAdverts<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AssetKind, Identity, BookKey, (), OptionQuery>;

	/// Open orders; an order is removed when it is settled.
	#[pallet::storage]
	pub type Orders<T: Config> = StorageMap<_, Twox64Concat, OrderId, OrderOf<T>, OptionQuery>;

	/// Per account: its adverts, its open orders as buyer, its trade record and its strikes.
	#[pallet::storage]
	pub type Traders<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, TraderOf<T>, ValueQuery>;

	/// Per account and asset: what it bought and sold, and what it has open now as buyer and
	/// as seller (what the limits count).
	#[pallet::storage]
	pub type AssetRecords<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AssetKind,
		AssetRecordOf<T>,
		ValueQuery,
	>;

	/// Governance's limits per listed asset and KYC level: the largest single order and the
	/// largest total open, for buyers (scaled by [`BuyerRamp`]) and sellers. No entry: only
	/// the listing's order sizes apply.
	#[pallet::storage]
	pub type Limits<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AssetKind,
		Twox64Concat,
		KycLevel,
		TradeLimitOf<T>,
		OptionQuery,
	>;

	/// The ramp for new buyers: the share of their level's [`Limits`] they get by account
	/// age.
	#[pallet::storage]
	pub type BuyerRamp<T: Config> = StorageValue<_, RampOf<T>, ValueQuery>;

	/// Orders by the block from which their deadline acts ([`Order::deadline`]): unpaid orders
	/// expire, paid ones go to dispute, disputes get their arbiter and escalate. The hook works
	/// through the blocks in order from [`DeadlineCursor`], at most `MaxExpiriesPerBlock`
	/// orders a block; an order is re-queued at its next deadline and leaves the queue when it
	/// ends.
	#[pallet::storage]
	pub type Deadlines<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		Twox64Concat,
		OrderId,
		(),
		OptionQuery,
	>;

	/// The first block whose deadlines may still hold orders.
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type DeadlineCursor<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// What escrow holds per asset: what it owes (the adverts' available amounts plus the open
	/// orders' amounts) and the trade fees taken and not yet swept.
	#[pallet::storage]
	pub type EscrowTotals<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AssetKind, EscrowTotal<BalanceOf<T>>, ValueQuery>;

	/// The assets that may be traded, with their decimals and order sizes, kept by governance.
	#[pallet::storage]
	pub type Listings<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AssetKind, AssetListingOf<T>, OptionQuery>;

	/// What escrow owes an account in an asset whose payout could not move (a delisted asset,
	/// frozen or destroyed): paid by [`Pallet::claim`] once it moves, or settled by governance.
	#[pallet::storage]
	pub type Claims<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AssetKind,
		Blake2_128Concat,
		T::AccountId,
		BalanceOf<T>,
		ValueQuery,
	>;

	/// The trade fee in basis points, taken from the buyer's proceeds. An order takes the rate
	/// of when it was opened ([`Order::fee_bps`]).
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type TradeFeeBps<T: Config> = StorageValue<_, Bps, ValueQuery>;

	/// Governance's trade rules: the bounds of the bonds adverts ask, where a slashed bond
	/// goes, the grace period of a cancellation, the cancellations a buyer may have in a day,
	/// and how long a seller has to release and an arbiter to decide.
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type Rules<T: Config> = StorageValue<_, TradeRulesOf<T>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The initial trade fee, in basis points.
		pub trade_fee_bps: Bps,
		/// Listed assets: `(asset, min_order, max_order)`; decimals are read from the asset.
		pub listed: alloc::vec::Vec<(T::AssetKind, BalanceOf<T>, BalanceOf<T>)>,
		/// The rules for bonds and cancellations.
		pub rules: TradeRulesOf<T>,
		/// Limits: `(asset, level, limit)`, for listed assets.
		pub limits: alloc::vec::Vec<(T::AssetKind, KycLevel, TradeLimitOf<T>)>,
		/// The ramp for new buyers.
		pub ramp: alloc::vec::Vec<RampStep<BlockNumberFor<T>>>,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		/// A fee above `MaxTradeFeeBps` is capped at it, with a defensive error; a listing the
		/// `list_asset` call would refuse is skipped with one.
		fn build(&self) {
			let max = T::MaxTradeFeeBps::get();
			if self.trade_fee_bps > max {
				frame_support::defensive!("genesis trade fee above MaxTradeFeeBps");
			}
			TradeFeeBps::<T>::put(self.trade_fee_bps.min(max));
			if Pallet::<T>::do_set_rules(self.rules).is_err() {
				frame_support::defensive!("genesis trade rules refused");
			}
			for (asset, min_order, max_order) in &self.listed {
				if Pallet::<T>::do_list_asset(asset.clone(), *min_order, *max_order).is_err() {
					frame_support::defensive!("genesis listing refused: unknown asset, invalid sizes, or no deposit for its accounts");
				}
			}
			for (asset, level, limit) in &self.limits {
				if Pallet::<T>::do_set_limit(asset.clone(), *level, Some(*limit)).is_err() {
					frame_support::defensive!("genesis limit refused: asset not listed or invalid");
				}
			}
			let ramp = RampOf::<T>::try_from(self.ramp.clone()).unwrap_or_default();
			if ramp.len() != self.ramp.len() || Pallet::<T>::do_set_ramp(ramp).is_err() {
				frame_support::defensive!("genesis ramp refused");
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A seller created an advert with `terms` and locked `amount` in escrow.
		AdvertCreated {
			advert_id: AdvertId,
			seller: T::AccountId,
			asset: T::AssetKind,
			amount: BalanceOf<T>,
			terms: AdvertTermsOf<T>,
		},
		/// The seller added `amount` to an advert's escrow.
		AdvertToppedUp { advert_id: AdvertId, amount: BalanceOf<T>, available: BalanceOf<T> },
		/// The seller took `amount` of an advert's escrow back.
		AdvertWithdrawn { advert_id: AdvertId, amount: BalanceOf<T>, available: BalanceOf<T> },
		/// The seller replaced an advert's terms (for new orders only); new orders name
		/// `terms_version`.
		AdvertUpdated { advert_id: AdvertId, terms: AdvertTermsOf<T>, terms_version: TermsVersion },
		/// The seller paused an advert.
		AdvertPaused { advert_id: AdvertId },
		/// The seller resumed an advert.
		AdvertResumed { advert_id: AdvertId },
		/// The seller closed an advert; `returned` went back to the seller at once and
		/// `open_orders` orders go on until they end.
		AdvertClosed { advert_id: AdvertId, returned: BalanceOf<T>, open_orders: u32 },
		/// A closed advert is gone: closed without open orders, or its last order ended.
		AdvertRemoved { advert_id: AdvertId },
		/// A buyer opened an order; `fiat_total` minor units of `currency` are owed by `pay_by`.
		/// `fee_bps` is the trade fee its settlement will take from what the buyer gets.
		OrderOpened {
			order_id: OrderId,
			advert_id: AdvertId,
			buyer: T::AccountId,
			seller: T::AccountId,
			asset: T::AssetKind,
			amount: BalanceOf<T>,
			fiat_total: u128,
			currency: CurrencyCode,
			fee_bps: Bps,
			pay_by: BlockNumberFor<T>,
		},
		/// The buyer marked an order paid.
		OrderPaid { order_id: OrderId, payment_ref: Option<H256> },
		/// A dispute was opened: by a party (`Some`) with its evidence, or by the chain (`None`)
		/// because the seller neither released nor disputed within the release window. Its
		/// arbiter is drawn in the next block.
		DisputeOpened { order_id: OrderId, opened_by: Option<T::AccountId>, evidence: Option<H256> },
		/// `arbiter` was drawn to decide the dispute, before block `until`.
		ArbiterAssigned { order_id: OrderId, arbiter: T::AccountId, until: BlockNumberFor<T> },
		/// The dispute was not decided in time (or no arbiter could be drawn): now `stage`
		/// decides it.
		DisputeEscalated { order_id: OrderId, stage: DisputeStageOf<T> },
		/// A party gave (or replaced) its evidence hash in a dispute.
		EvidenceSubmitted { order_id: OrderId, by: T::AccountId, evidence: H256 },
		/// `who` lost `amount` of its bond on an order: `to_wronged` went to the other party
		/// `wronged`, `to_fees` to the fee destination.
		BondSlashed {
			order_id: OrderId,
			who: T::AccountId,
			amount: BalanceOf<T>,
			wronged: T::AccountId,
			to_wronged: BalanceOf<T>,
			to_fees: BalanceOf<T>,
		},
		/// A buyer had more cancellations and expiries in a day than the rules allow: it opens
		/// no orders before block `until`.
		BuyerCooledDown { who: T::AccountId, until: BlockNumberFor<T> },
		/// Governance set the rules for bonds and cancellations.
		RulesSet { rules: TradeRulesOf<T> },
		/// Governance set (`Some`) or removed (`None`) the limits of `asset` for accounts of
		/// KYC `level`.
		LimitSet { asset: T::AssetKind, level: KycLevel, limit: Option<TradeLimitOf<T>> },
		/// Governance set the ramp for new buyers.
		RampSet { ramp: RampOf<T> },
		/// An order ended: released, cancelled, expired or resolved, and is gone from storage.
		/// Of its amount, `to_buyer` went to the buyer, `fee` to the fees kept in escrow until
		/// swept, `to_seller` to the seller (its dispute share, or the refund of a closed
		/// advert's order) and `to_advert` back to the advert's available amount.
		OrderSettled {
			order_id: OrderId,
			advert_id: AdvertId,
			outcome: Outcome,
			buyer: T::AccountId,
			seller: T::AccountId,
			asset: T::AssetKind,
			to_buyer: BalanceOf<T>,
			fee: BalanceOf<T>,
			to_seller: BalanceOf<T>,
			to_advert: BalanceOf<T>,
		},
		/// Governance set the trade fee.
		TradeFeeSet { bps: Bps },
		/// The trade fees taken in `asset` went from escrow to the fee destination `to`.
		FeesSwept { asset: T::AssetKind, amount: BalanceOf<T>, to: T::AccountId },
		/// Governance listed `asset` (or changed its order sizes).
		AssetListed {
			asset: T::AssetKind,
			decimals: u8,
			min_order: BalanceOf<T>,
			max_order: BalanceOf<T>,
		},
		/// Governance delisted `asset`: no new adverts or orders; open ones end as usual.
		AssetDelisted { asset: T::AssetKind },
		/// A payout of `amount` in a delisted asset could not move and was added to `who`'s
		/// claim, now `claim`.
		ClaimRecorded {
			asset: T::AssetKind,
			who: T::AccountId,
			amount: BalanceOf<T>,
			claim: BalanceOf<T>,
		},
		/// Escrow paid `who` its claim.
		ClaimPaid { asset: T::AssetKind, who: T::AccountId, amount: BalanceOf<T> },
		/// Governance settled `who`'s claim off the chain's books.
		ClaimSettled { asset: T::AssetKind, who: T::AccountId, amount: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The seller's KYC level is below `MinSellerLevel` (missing, expired, suspended,
		/// revoked, or its provider removed).
		SellerKycTooLow,
		/// The buyer's KYC level is below what the chain and the advert ask.
		BuyerKycTooLow,
		/// The runtime has no such asset.
		UnknownAsset,
		/// Amounts must be above zero.
		ZeroAmount,
		/// Prices must be above zero.
		ZeroPrice,
		/// `min_order` is above `max_order`, or leaves the buyer less than the asset's minimum
		/// balance after the highest trade fee.
		InvalidOrderLimits,
		/// The currency is not three upper-case ASCII letters.
		InvalidCurrency,
		/// A payment method code is empty or has characters other than A-Z, 0-9 and `_`.
		InvalidPaymentMethod,
		/// An advert needs at least one payment method.
		NoPaymentMethod,
		/// The payment window is outside `MinPaymentWindow..=MaxPaymentWindow`.
		InvalidPaymentWindow,
		/// The account has `MaxAdvertsPerAccount` adverts.
		TooManyAdverts,
		/// The buyer has `MaxOrdersPerAccount` open orders.
		TooManyOrders,
		/// The advert has `MaxOrdersPerAdvert` open orders.
		TooManyOrdersOnAdvert,
		/// No advert has this id.
		UnknownAdvert,
		/// No open order has this id.
		UnknownOrder,
		/// Only the advert's or order's seller may do this.
		NotSeller,
		/// Only the order's buyer may do this.
		NotBuyer,
		/// Only the order's buyer or seller may do this.
		NotParty,
		/// The advert is closed.
		AdvertClosed,
		/// The advert is paused.
		AdvertPaused,
		/// The advert is not paused.
		AdvertNotPaused,
		/// The advert has less available than asked.
		InsufficientAvailable,
		/// The amount is outside the advert's `min_order..=max_order`.
		AmountOutOfLimits,
		/// A seller cannot buy from its own advert.
		SelfTrade,
		/// The advert's terms changed since the version the buyer named.
		TermsChanged,
		/// Governance has not listed the asset (or delisted it).
		AssetNotListed,
		/// The asset is listed: governance ends adverts of delisted assets only.
		AssetStillListed,
		/// The order limits or the amount are outside the asset's listed order sizes.
		OutsideListedLimits,
		/// A listing's `min_order` is zero, below the asset's minimum balance, or above its
		/// `max_order`.
		InvalidListing,
		/// The escrow's or the fee destination's account of the asset could not be opened: it
		/// needs the asset's account deposit in its native balance, beyond what escrow owes.
		CannotOpenAccount,
		/// The account has no claim in this asset.
		NoClaim,
		/// The advert does not accept this payment method.
		PaymentMethodNotAccepted,
		/// The order is not in a state that allows this.
		WrongOrderStatus,
		/// The payment window of the order has passed.
		PaymentWindowPassed,
		/// The buyer must wait the rules' `release_window` after marking paid before disputing.
		ReleaseWindowOpen,
		/// The buyer's share is above 10 000 bps.
		InvalidShare,
		/// The arbiter is the buyer or the seller of the disputed order.
		ArbiterIsParty,
		/// Another arbiter is assigned to this dispute, or its arbiter is not drawn yet.
		NotAssignedArbiter,
		/// The dispute escalated to governance: only governance decides it.
		EscalatedToGovernance,
		/// A bond in the terms is outside governance's bounds (`Rules`).
		BondOutsideLimits,
		/// The bond could not be put on hold: not enough free native balance (the account must
		/// keep the existential deposit).
		CannotHoldBond,
		/// The buyer cancelled or let expire too many orders lately and is cooling down.
		CoolingDown,
		/// Rules with a minimum bond above its maximum, a share above 10 000 bps, or a release or
		/// arbiter window of zero blocks.
		InvalidRules,
		/// The buyer has completed fewer trades than the advert asks.
		BuyerTooFewTrades,
		/// The buyer cancelled or let expire a larger share of its recent orders than the
		/// advert allows.
		BuyerFailureRateTooHigh,
		/// The chain has known the buyer (first trade or first KYC) for less than the advert
		/// asks.
		BuyerAccountTooNew,
		/// The advert's buyer conditions ask a failure rate above 10 000 bps.
		InvalidConditions,
		/// The order (or, for a seller, the advert's `max_order`) is above the limit of the
		/// account's KYC level for the asset (for a new buyer, the ramp's share of it).
		AboveOrderLimit,
		/// The account's open total in the asset would pass the limit of its KYC level (for a
		/// new buyer, the ramp's share of it).
		AboveOpenLimit,
		/// A limit of zero, or a `max_order` above `max_open`.
		InvalidLimit,
		/// A ramp that does not start at age 0, whose ages do not rise or whose shares fall,
		/// or a share above 10 000 bps.
		InvalidRamp,
		/// The fee is above `MaxTradeFeeBps`.
		FeeTooHigh,
		/// No trade fees of this asset are waiting in escrow.
		NoFeesToSweep,
		/// A fiat total, an amount or an id does not fit its type.
		Overflow,
		/// The escrow's books do not add up (an invariant is broken); nothing was changed.
		LedgerMismatch,
		/// Escrow does not hold the asset's minimum balance beyond what it owes and keeps in
		/// fees: its reserve, which keeps escrow's account of the asset alive whatever is paid
		/// out. Send the escrow account the asset's minimum balance once to trade the asset.
		NoEscrowReserve,
	}

	impl<T> From<OrderRefusal> for Error<T> {
		fn from(refusal: OrderRefusal) -> Self {
			match refusal {
				OrderRefusal::NotBuyer => Error::NotBuyer,
				OrderRefusal::NotSeller => Error::NotSeller,
				OrderRefusal::NotParty => Error::NotParty,
				OrderRefusal::WrongStatus => Error::WrongOrderStatus,
				OrderRefusal::PaymentWindowPassed => Error::PaymentWindowPassed,
				OrderRefusal::ReleaseWindowOpen => Error::ReleaseWindowOpen,
				OrderRefusal::ArbiterIsParty => Error::ArbiterIsParty,
				OrderRefusal::NotAssignedArbiter => Error::NotAssignedArbiter,
				OrderRefusal::EscalatedToGovernance => Error::EscalatedToGovernance,
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Acts on the deadlines that are due, at most `MaxExpiriesPerBlock`: expires unpaid
		/// orders, opens disputes on paid orders the seller left, draws arbiters, escalates.
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::act_on_deadlines(now).saturating_add(weight::block_hot_keys::<T>())
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Create a sell advert and lock `amount` of `asset` in escrow, in one extrinsic.
		///
		/// - `terms`: price per whole token in minor units of the currency (e.g. cents), the
		///   currency (`EUR`), order limits in the asset's smallest units, payment methods
		///   (`SEPA`), the payment window in blocks, the buyers' KYC level, a terms hash, the
		///   bonds, and what buyers' records must show (completed trades, recent failure rate,
		///   account age).
		///
		/// The asset must be listed and the order limits within its listed sizes
		/// (`OutsideListedLimits`). The seller needs KYC level `MinSellerLevel`; the limits of
		/// its level for the asset bound `max_order` and what it has in escrow of the asset
		/// (`AboveOrderLimit`, `AboveOpenLimit`). Emits `AdvertCreated` with the id; the
		/// advert's terms version is 0.
		#[pallet::call_index(0)]
		#[pallet::weight(weight::create_advert::<T>(asset))]
		pub fn create_advert(
			origin: OriginFor<T>,
			asset: T::AssetKind,
			amount: BalanceOf<T>,
			terms: AdvertTermsOf<T>,
		) -> DispatchResult {
			let seller = ensure_signed(origin)?;
			Self::do_create_advert(seller, asset, amount, terms)
		}

		/// Add `amount` to an advert's escrow. Origin: the seller, with its KYC level; the advert
		/// must not be closed, its asset must be listed, and what the seller has in escrow of it
		/// stay within its level's limit (`AboveOpenLimit`). Emits `AdvertToppedUp`.
		#[pallet::call_index(1)]
		#[pallet::weight(weight::top_up_advert::<T>(None))]
		pub fn top_up_advert(
			origin: OriginFor<T>,
			advert_id: AdvertId,
			amount: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let asset = Self::do_top_up(who, advert_id, amount)?;
			Ok(Some(weight::top_up_advert::<T>(Some(&asset))).into())
		}

		/// Take `amount` of an advert's escrow back; only what no order holds. Origin: the
		/// seller; the advert must not be closed. Emits `AdvertWithdrawn`.
		#[pallet::call_index(2)]
		#[pallet::weight(weight::withdraw_from_advert::<T>(None))]
		pub fn withdraw_from_advert(
			origin: OriginFor<T>,
			advert_id: AdvertId,
			amount: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let asset = Self::do_withdraw(who, advert_id, amount)?;
			Ok(Some(weight::withdraw_from_advert::<T>(Some(&asset))).into())
		}

		/// Replace an advert's terms and step its `terms_version`. New orders get them (and must
		/// name the new version); open orders keep the terms they were opened with. Origin: the
		/// seller, with its KYC level; the advert must not be closed and its asset must be
		/// listed. Emits `AdvertUpdated`.
		#[pallet::call_index(3)]
		#[pallet::weight(weight::update_advert::<T>(None))]
		pub fn update_advert(
			origin: OriginFor<T>,
			advert_id: AdvertId,
			terms: AdvertTermsOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let asset = Self::do_update_advert(who, advert_id, terms)?;
			Ok(Some(weight::update_advert::<T>(Some(&asset))).into())
		}

		/// Stop taking new orders. Origin: the seller. Emits `AdvertPaused`.
		#[pallet::call_index(4)]
		pub fn pause_advert(origin: OriginFor<T>, advert_id: AdvertId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_paused(who, advert_id, true)
		}

		/// Take new orders again. Origin: the seller, with its KYC level; the asset must be
		/// listed. Emits `AdvertResumed`.
		#[pallet::call_index(5)]
		pub fn resume_advert(origin: OriginFor<T>, advert_id: AdvertId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_paused(who, advert_id, false)
		}

		/// Close an advert: what no order holds goes back to the seller at once. Without open
		/// orders the advert is removed at once; with some, they end as usual (a cancelled or
		/// expired one pays the seller back) and the advert is removed with the last. Origin:
		/// the seller. Emits `AdvertClosed`, and `AdvertRemoved` once it is gone.
		#[pallet::call_index(6)]
		#[pallet::weight(weight::close_advert::<T>(None))]
		pub fn close_advert(
			origin: OriginFor<T>,
			advert_id: AdvertId,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let asset = Self::do_close_advert(who, advert_id)?;
			Ok(Some(weight::close_advert::<T>(Some(&asset))).into())
		}

		/// Open an order for `amount` against an advert, paying by `payment_method`, and put the
		/// advert's `buyer_bond` on hold in the buyer's account (released when the order ends
		/// well; lost if it expires unpaid, is cancelled after the grace period or the buyer is
		/// at fault in a dispute).
		///
		/// `terms_version` is the advert's `terms_version` the buyer agreed to: if the seller
		/// changed any term since (price, currency, limits, methods, window, terms hash), the
		/// order is refused with `TermsChanged`. The asset must be listed and the seller still
		/// hold its KYC level; the buyer needs the level the chain and the advert ask. Emits
		/// `OrderOpened` with the fiat total, the trade fee (fixed from then on) and the deadline
		/// `pay_by`. Refused while the buyer cools down (`CoolingDown`), if the buyer's record
		/// does not meet the advert's conditions (`BuyerTooFewTrades`, `BuyerFailureRateTooHigh`,
		/// `BuyerAccountTooNew`), or above the limits of its KYC level for the asset, scaled by
		/// the ramp for its account age (`AboveOrderLimit`, `AboveOpenLimit`).
		#[pallet::call_index(10)]
		pub fn open_order(
			origin: OriginFor<T>,
			advert_id: AdvertId,
			amount: BalanceOf<T>,
			payment_method: MethodCode,
			terms_version: TermsVersion,
		) -> DispatchResult {
			let buyer = ensure_signed(origin)?;
			Self::do_open_order(buyer, advert_id, amount, payment_method, terms_version)
		}

		/// Say the fiat was paid, by `pay_by`, with an optional hash of the payment proof. The
		/// seller then has the rules' `release_window` to release or dispute; after it the chain
		/// opens the dispute. Origin: the buyer. Emits `OrderPaid`.
		#[pallet::call_index(11)]
		pub fn mark_paid(
			origin: OriginFor<T>,
			order_id: OrderId,
			payment_ref: Option<H256>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_mark_paid(who, order_id, payment_ref)
		}

		/// Confirm the fiat arrived: the amount minus the trade fee goes to the buyer now, whether
		/// or not it held the token, and the buyer's bond is released; the fee stays in escrow
		/// until swept. Origin: the seller; the order must not be disputed. Emits
		/// `OrderSettled`.
		#[pallet::call_index(12)]
		#[pallet::weight(weight::release::<T>(None))]
		pub fn release(origin: OriginFor<T>, order_id: OrderId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let settled = Self::do_release(who, order_id)?;
			Ok(Some(weight::release::<T>(Some(&settled))).into())
		}

		/// Cancel an order: by the buyer while it is not disputed, or by anyone once `pay_by`
		/// has passed without payment (an expiry). The amount goes back to an open or paused
		/// advert, or to the seller of a closed one. The buyer's bond is released if it cancels
		/// within the rules' `cancel_grace` of opening, and slashed otherwise (`BondSlashed`);
		/// each cancellation or expiry counts towards the buyer's cooldown. Emits
		/// `OrderSettled`.
		#[pallet::call_index(13)]
		#[pallet::weight(weight::cancel_order::<T>(None))]
		pub fn cancel_order(origin: OriginFor<T>, order_id: OrderId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let settled = Self::do_cancel(who, order_id)?;
			Ok(Some(weight::cancel_order::<T>(Some(&settled))).into())
		}

		/// Open a dispute on a paid order, with the hash of the party's evidence (given to the
		/// arbiter off chain). Origin: the seller, or the buyer the rules' `release_window` after
		/// marking paid (by then the chain opens it anyway). An arbiter is drawn in the next
		/// block. Emits `DisputeOpened`.
		#[pallet::call_index(14)]
		pub fn open_dispute(
			origin: OriginFor<T>,
			order_id: OrderId,
			evidence: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_open_dispute(who, order_id, evidence)
		}

		/// Decide a dispute: `buyer_share_bps` of the amount to the buyer (less the trade fee
		/// on that share), the rest to the seller, both paid now; the party at `fault` loses its
		/// bond (`BondSlashed`), the other bonds are released. Origin: the assigned arbiter; once
		/// escalated, any arbiter; governance at any stage. An arbiter may not decide a dispute
		/// it is a party to (`ArbiterIsParty`). Emits `OrderSettled`.
		#[pallet::call_index(15)]
		#[pallet::weight(weight::resolve_dispute::<T>(None))]
		pub fn resolve_dispute(
			origin: OriginFor<T>,
			order_id: OrderId,
			buyer_share_bps: Bps,
			fault: Fault,
		) -> DispatchResultWithPostInfo {
			let arbiter = T::ArbiterOrigin::ensure_origin(origin)?;
			let settled = Self::do_resolve(arbiter, order_id, buyer_share_bps, fault)?;
			Ok(Some(weight::resolve_dispute::<T>(Some(&settled))).into())
		}

		/// Give or replace the caller's evidence hash in a dispute, until it is decided.
		/// Origin: the buyer or the seller. Emits `EvidenceSubmitted`.
		#[pallet::call_index(16)]
		pub fn submit_evidence(
			origin: OriginFor<T>,
			order_id: OrderId,
			evidence: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_submit_evidence(who, order_id, evidence)
		}

		/// Set the trade fee, at most `MaxTradeFeeBps`, for the orders opened from then on; open
		/// orders keep the fee they were opened with. Origin: governance. Emits `TradeFeeSet`.
		#[pallet::call_index(20)]
		#[pallet::weight(weight::set_trade_fee::<T>())]
		pub fn set_trade_fee(origin: OriginFor<T>, bps: Bps) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_trade_fee(bps)
		}

		/// Set the trade rules: the bounds of the bonds adverts ask (for adverts created or
		/// updated and orders opened from then on), the share of a slashed bond that goes to the
		/// wronged party, the grace period of a cancellation, the cancellations and expiries a
		/// buyer may have in a day, and the release and arbiter windows (for orders paid and
		/// disputes opened or escalated from then on). Origin: governance. Emits `RulesSet`.
		#[pallet::call_index(27)]
		#[pallet::weight(weight::set_rules::<T>())]
		pub fn set_rules(origin: OriginFor<T>, rules: TradeRulesOf<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_rules(rules)
		}

		/// Set the limits of `asset` for accounts of KYC `level` (`None` removes them): the
		/// largest single order and the largest total open. A buyer's are scaled by the ramp;
		/// a seller's bound its adverts' `max_order` and what it has in escrow of the asset.
		/// Applies to orders opened and adverts created, updated or topped up from then on.
		/// Origin: governance; the asset must be listed. Emits `LimitSet`.
		#[pallet::call_index(28)]
		#[pallet::weight(T::WeightInfo::set_limit())]
		pub fn set_limit(
			origin: OriginFor<T>,
			asset: T::AssetKind,
			level: KycLevel,
			limit: Option<TradeLimitOf<T>>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_limit(asset, level, limit)
		}

		/// Set the ramp for new buyers: steps `(from_age, share_bps)` by ascending account age
		/// (blocks since the first trade or first KYC), the first from 0; a buyer gets the
		/// share of its level's limits of the last step it reached. Empty: full limits for all.
		/// Origin: governance. Emits `RampSet`.
		#[pallet::call_index(29)]
		#[pallet::weight(T::WeightInfo::set_ramp())]
		pub fn set_ramp(origin: OriginFor<T>, ramp: RampOf<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_ramp(ramp)
		}

		/// Send the trade fees taken in `asset` from escrow to the fee destination, in one
		/// transfer. Origin: any signed account (the fees can only go to the fee destination).
		/// Fails with the asset's error, changing nothing, if the destination cannot take them
		/// (e.g. less than the asset's minimum balance to a new account). Emits `FeesSwept`.
		#[pallet::call_index(21)]
		#[pallet::weight(weight::sweep_fees::<T>(asset))]
		pub fn sweep_fees(origin: OriginFor<T>, asset: T::AssetKind) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_sweep_fees(asset)
		}

		/// List `asset` for trading with order sizes `min_order..=max_order` (its smallest
		/// units), or change the sizes of a listed asset. The asset's decimals are read from it
		/// at its first listing and fixed. Opens the escrow's and the fee destination's accounts
		/// of the asset with a deposit from their own native balance, so that strangers cannot
		/// keep them from holding it. Origin: governance. Emits `AssetListed`.
		#[pallet::call_index(22)]
		#[pallet::weight(T::WeightInfo::list_asset())]
		pub fn list_asset(
			origin: OriginFor<T>,
			asset: T::AssetKind,
			min_order: BalanceOf<T>,
			max_order: BalanceOf<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_list_asset(asset, min_order, max_order)
		}

		/// Delist `asset`: its adverts leave the book and take no new orders, top-ups, updates
		/// or resumes; open orders finish and sellers withdraw and close as usual. Origin:
		/// governance. Emits `AssetDelisted`.
		#[pallet::call_index(23)]
		#[pallet::weight(T::WeightInfo::delist_asset())]
		pub fn delist_asset(origin: OriginFor<T>, asset: T::AssetKind) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_delist_asset(asset)
		}

		/// End an advert of a delisted asset, for an asset that no longer moves (frozen,
		/// destroyed) or a seller who is gone: the advert is closed and its unpaid orders end
		/// (`Outcome::Ended`), everything going back to the seller; paid and disputed orders go
		/// on to a release or an arbiter's decision. A payout that cannot move becomes a claim
		/// (`ClaimRecorded`). Origin: governance. Emits `AdvertClosed`, `OrderSettled` per order
		/// ended, and `AdvertRemoved` once the advert is gone.
		#[pallet::call_index(24)]
		#[pallet::weight(weight::end_advert::<T>(None))]
		pub fn end_advert(origin: OriginFor<T>, advert_id: AdvertId) -> DispatchResultWithPostInfo {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let ended = Self::do_end_advert(advert_id)?;
			Ok(Some(weight::end_advert::<T>(Some(ended))).into())
		}

		/// Be paid the caller's claim in `asset` (a payout that could not move when it was due).
		/// Fails, changing nothing, while the asset still cannot move. Origin: the claimant.
		/// Emits `ClaimPaid`.
		#[pallet::call_index(25)]
		#[pallet::weight(weight::claim::<T>(asset))]
		pub fn claim(origin: OriginFor<T>, asset: T::AssetKind) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim(who, asset)
		}

		/// Remove `who`'s claim in `asset` from the books, once governance settled it otherwise
		/// (e.g. the asset was destroyed and the claimant compensated). The amount is in the
		/// event for the record. Origin: governance. Emits `ClaimSettled`.
		#[pallet::call_index(26)]
		#[pallet::weight(T::WeightInfo::settle_claim())]
		pub fn settle_claim(
			origin: OriginFor<T>,
			asset: T::AssetKind,
			who: T::AccountId,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_settle_claim(asset, who)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The escrow account: holds every advert's and order's assets.
		pub fn escrow_account() -> T::AccountId {
			T::PalletId::get().into_account_truncating()
		}
	}
}
