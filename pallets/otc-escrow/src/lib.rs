//! # OTC escrow
//!
//! The product of otc-chain: over-the-counter trades of digital assets for fiat with the chain as
//! the escrow and the ledger, so that no platform can mis-book, tamper with or run off with the
//! assets (design: the `CN112017045A` summary in the project's seed).
//!
//! - A seller posts a sell **advert** with [`Pallet::create_advert`]; the same extrinsic moves
//!   the assets into the pallet's escrow account (derived from [`Config::PalletId`]), where
//!   anyone can audit them.
//! - A buyer opens an **order** ([`Pallet::open_order`]), pays fiat off chain and marks it paid
//!   ([`Pallet::mark_paid`]).
//! - The seller confirms and [`Pallet::release`]s: the assets minus the trade fee go to the buyer.
//! - Cancellation ([`Pallet::cancel_order`]), expiry of unpaid orders (by anyone, and by the
//!   pallet itself in `on_initialize`) and disputes ([`Pallet::open_dispute`],
//!   [`Pallet::resolve_dispute`] by [`Config::ArbiterOrigin`]) settle every other path.
//!
//! Every order ends in one function, [`Pallet::settle`], which moves the funds, updates the
//! advert, the indexes, the escrow totals and the per-account [`TradeStats`]. No path mints or
//! burns; `try_state` checks that escrow holds exactly what adverts and orders owe plus the
//! trade fees taken, which stay in escrow until anyone sweeps them to the fee destination
//! ([`Pallet::sweep_fees`]).
//!
//! Assets are named by [`Config::AssetKind`] (native token or any `pallet-assets` token through
//! `fungible::UnionOf` in the runtime). Buyers and sellers are gated by the KYC registry.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

mod adverts;
mod api;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod expiry;
mod invariants;
pub mod migrations;
#[cfg(test)]
mod mock;
mod orders;
pub mod runtime_api;
mod settlement;
#[cfg(test)]
mod tests;
pub mod transfer;
pub mod types;
pub mod weights;

pub use transfer::TransferAssets;
pub use types::*;
pub use weights::WeightInfo;

/// Storage keys that most OTC extrinsics of a block read, and many write: the id counters
/// (`NextAdvertId`, `NextOrderId`), the trade fee (`TradeFeeBps`), the expiry cursor, the escrow
/// account's balance of the native token and the escrow total of the native token
/// (`EscrowTotals` of `NativeAsset`). The database reads each once a block and writes each once
/// at the end of the block, however many extrinsics touch it; so the hook charges that once a
/// block (`on_initialize`), and the benchmarks do not count these keys in each call (they are
/// whitelisted: `#[pallet::whitelist_storage]`, and the runtime's benchmark whitelist for the
/// escrow account and the native escrow total). The same holds for the escrow-side keys of each
/// of `Config::HotAssets` (`Config::EscrowAssetKeys` of them an asset); those of any other asset
/// are charged to each call that touches them ([`Pallet::cold_asset_weight`]).
pub const HOT_KEY_READS: u32 = 6;
/// See [`HOT_KEY_READS`]: all but the trade fee are written.
pub const HOT_KEY_WRITES: u32 = 5;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungibles, tokens::Balance as BalanceT},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use pallet_kyc_registry::{KycGate, KycLevel};
	use sp_core::H256;
	use sp_runtime::traits::AccountIdConversion;

	/// The in-code storage version. Bump it with a migration whenever a stored type changes.
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(6);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// Names an asset: the native token or a `pallet-assets` token.
		type AssetKind: Parameter + MaxEncodedLen + Ord;

		/// Balance of every asset.
		type Balance: BalanceT + From<u128> + Into<u128>;

		/// The assets: balances, minimum balances (and minting, for the benchmarks).
		type Assets: fungibles::Inspect<Self::AccountId, AssetId = Self::AssetKind, Balance = Self::Balance>
			+ fungibles::Mutate<Self::AccountId>;

		/// Moves assets in and out of escrow: [`transfer::NativeOrAssets`] for the native token
		/// and `pallet-assets` tokens (with `pallet-assets`' own transfer, which reads each
		/// storage item once), or [`transfer::ViaMutate`] over `Assets` for any other kind.
		type Transfer: TransferAssets<Self::AccountId, Self::AssetKind, Self::Balance>;

		/// Decimals of each asset (for fiat totals).
		type Decimals: AssetDecimals<Self::AssetKind>;

		/// The chain's native token. Calls that move it are charged the weights of the native
		/// path (the `*_native` functions of [`WeightInfo`]); every other asset (e.g. a
		/// `pallet-assets` token, whose transfer also touches the asset's details and asset
		/// accounts) the asset path. See [`Pallet::weight_for`].
		type NativeAsset: Get<Self::AssetKind>;

		/// Assets besides the native token that most blocks move in and out of escrow (the
		/// chain's stablecoins): the hook reads and writes their escrow-side keys (their
		/// `EscrowTotals`, and for a `pallet-assets` token its details and the escrow's account
		/// of it) once a block for all the block's calls, and the runtime's benchmarks whitelist
		/// those keys for `BenchmarkHelper::asset()`, which must be one of these. A call in any
		/// other asset is charged them on top of its benchmark ([`Pallet::cold_asset_weight`]).
		type HotAssets: Get<&'static [Self::AssetKind]>;

		/// How many storage items of an asset (not of the parties) every move of it in or out
		/// of escrow reads and writes: its `EscrowTotals` and the asset's own (for a
		/// `pallet-assets` token its details and the escrow's account of it: 3 in all).
		#[pallet::constant]
		type EscrowAssetKeys: Get<u32>;

		/// The KYC gate.
		type Kyc: KycGate<Self::AccountId>;

		/// Lowest KYC level a seller needs to create an advert.
		#[pallet::constant]
		type MinSellerLevel: Get<KycLevel>;

		/// Lowest KYC level a buyer needs, whatever the advert asks.
		#[pallet::constant]
		type MinBuyerLevel: Get<KycLevel>;

		/// Who settles disputes.
		type ArbiterOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who sets the trade fee.
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

		/// Blocks after `mark_paid` before the buyer may open a dispute (the seller may at once).
		#[pallet::constant]
		type ReleaseWindow: Get<BlockNumberFor<Self>>;

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

		/// Most orders the expiry hook expires in one block; orders due beyond it wait for the
		/// next blocks (anyone can also cancel them).
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
		/// An asset other than `NativeAsset` that exists (created here if need be), whose
		/// balances benchmarks can mint: the benchmarks measure the asset path on it.
		fn asset() -> AssetKind;
	}

	/// Balance of an asset.
	pub type BalanceOf<T> = <T as Config>::Balance;
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
	/// The payment methods of an advert.
	pub type MethodsOf<T> = BoundedVec<MethodCode, <T as Config>::MaxPaymentMethods>;
	/// What the pallet keeps per account.
	pub type TraderOf<T> =
		Trader<<T as Config>::MaxAdvertsPerAccount, <T as Config>::MaxOrdersPerAccount>;

	/// The id the next advert gets.
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type NextAdvertId<T: Config> = StorageValue<_, AdvertId, ValueQuery>;

	/// The id the next order gets.
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type NextOrderId<T: Config> = StorageValue<_, OrderId, ValueQuery>;

	/// Adverts, until closed and without open orders, by id ([`IdKey`]: `id.to_be_bytes()`).
	#[pallet::storage]
	pub type Adverts<T: Config> = StorageMap<_, Identity, IdKey, AdvertOf<T>, OptionQuery>;

	/// The open book: adverts that take orders, by asset, keyed by the advert id in big-endian
	/// bytes so that they iterate in id order (see [`Pallet::advert_page`]). Paused and closed
	/// adverts are not in it.
	#[pallet::storage]
	pub type OpenAdverts<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AssetKind, Identity, IdKey, (), OptionQuery>;

	/// Open orders, by id ([`IdKey`]: `id.to_be_bytes()`); an order is removed when it ends.
	#[pallet::storage]
	pub type Orders<T: Config> = StorageMap<_, Identity, IdKey, OrderOf<T>, OptionQuery>;

	/// Per account: its adverts, its open orders as buyer and its trade statistics, in one item
	/// (a settlement reads and writes each party once).
	#[pallet::storage]
	pub type Traders<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, TraderOf<T>, ValueQuery>;

	/// Unpaid orders to expire, by the block from which they may (`pay_by + 1`), one key each:
	/// queueing an order writes one key and reads none. The expiry hook works through the
	/// blocks in order from [`ExpiryCursor`], at most `MaxExpiriesPerBlock` orders a block.
	#[pallet::storage]
	pub type ExpiryQueue<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		Twox64Concat,
		OrderId,
		(),
		OptionQuery,
	>;

	/// The first block whose expiry queue may still hold orders.
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type ExpiryCursor<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// What escrow holds per asset: what it owes (the adverts' available amounts plus the open
	/// orders' amounts) and the trade fees taken and not yet swept.
	#[pallet::storage]
	pub type EscrowTotals<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AssetKind, EscrowTotal<BalanceOf<T>>, ValueQuery>;

	/// The trade fee in basis points, taken from the buyer's proceeds. An order takes the rate
	/// of when it was opened ([`Order::fee_bps`]).
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type TradeFeeBps<T: Config> = StorageValue<_, Bps, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The initial trade fee, in basis points.
		pub trade_fee_bps: Bps,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		/// A fee above `MaxTradeFeeBps` is capped at it, with a defensive error.
		fn build(&self) {
			let max = T::MaxTradeFeeBps::get();
			if self.trade_fee_bps > max {
				frame_support::defensive!("genesis trade fee above MaxTradeFeeBps");
			}
			TradeFeeBps::<T>::put(self.trade_fee_bps.min(max));
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A seller created an advert and locked `amount` in escrow.
		AdvertCreated {
			advert_id: AdvertId,
			seller: T::AccountId,
			asset: T::AssetKind,
			amount: BalanceOf<T>,
			price: u128,
			currency: CurrencyCode,
			min_order: BalanceOf<T>,
			max_order: BalanceOf<T>,
			payment_methods: MethodsOf<T>,
			payment_window: BlockNumberFor<T>,
			min_buyer_level: KycLevel,
			terms_hash: Option<H256>,
		},
		/// The seller added `amount` to an advert's escrow.
		AdvertToppedUp { advert_id: AdvertId, amount: BalanceOf<T>, available: BalanceOf<T> },
		/// `amount` of an advert's escrow went back to its seller: taken by the seller, or paid
		/// by `reap_advert` from a closed advert (what its orders gave back).
		AdvertWithdrawn { advert_id: AdvertId, amount: BalanceOf<T>, available: BalanceOf<T> },
		/// The seller replaced an advert's terms (for new orders only).
		AdvertUpdated {
			advert_id: AdvertId,
			price: u128,
			currency: CurrencyCode,
			min_order: BalanceOf<T>,
			max_order: BalanceOf<T>,
			payment_methods: MethodsOf<T>,
			payment_window: BlockNumberFor<T>,
			min_buyer_level: KycLevel,
			terms_hash: Option<H256>,
		},
		/// The seller paused an advert.
		AdvertPaused { advert_id: AdvertId },
		/// The seller resumed an advert.
		AdvertResumed { advert_id: AdvertId },
		/// The seller closed an advert; `returned` went back to the seller at once.
		AdvertClosed { advert_id: AdvertId, returned: BalanceOf<T>, open_orders: u32 },
		/// A closed advert without open orders is gone from storage (closed so, or reaped).
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
		/// A party opened a dispute.
		DisputeOpened { order_id: OrderId, opened_by: T::AccountId, evidence: H256 },
		/// An order ended: released, cancelled, expired or resolved. `to_buyer` went from escrow
		/// to the buyer, `to_seller` to the seller's account, `to_advert` back to the advert's
		/// available amount; `fee` stays in escrow with the fees taken, until swept.
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
		/// The buyer of a settled order held none of its token (one other than the native one):
		/// `amount` waits in escrow, in the order, for `claim_payout` to pay it. Follows
		/// `OrderSettled`, whose `to_buyer` it is.
		PayoutWaiting {
			order_id: OrderId,
			buyer: T::AccountId,
			asset: T::AssetKind,
			amount: BalanceOf<T>,
		},
		/// A waiting payout went from escrow to the buyer; the order is gone from storage.
		PayoutClaimed {
			order_id: OrderId,
			buyer: T::AccountId,
			asset: T::AssetKind,
			amount: BalanceOf<T>,
		},
		/// Governance set the trade fee.
		TradeFeeSet { bps: Bps },
		/// The trade fees taken in `asset` went from escrow to the fee destination `to`.
		FeesSwept { asset: T::AssetKind, amount: BalanceOf<T>, to: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The seller's KYC level is below `MinSellerLevel` (missing, expired or suspended).
		SellerKycTooLow,
		/// The buyer's KYC level is below what the chain and the advert ask.
		BuyerKycTooLow,
		/// The runtime has no such asset.
		UnknownAsset,
		/// Amounts must be above zero.
		ZeroAmount,
		/// Prices must be above zero.
		ZeroPrice,
		/// `min_order` is zero, above `max_order`, or below the asset's minimum balance.
		InvalidOrderLimits,
		/// The currency is not three upper-case ASCII letters.
		InvalidCurrency,
		/// A payment method code is empty or has characters other than A-Z, 0-9 and `_`.
		InvalidPaymentMethod,
		/// An advert needs at least one payment method, and at most `MaxPaymentMethods`.
		BadPaymentMethodCount,
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
		/// No open order (nor one with a waiting payout) has this id.
		UnknownOrder,
		/// Only the advert's seller may do this.
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
		/// The advert's price is above the buyer's `max_price`.
		PriceAboveMax,
		/// The advert does not accept this payment method.
		PaymentMethodNotAccepted,
		/// The order is not in a state that allows this.
		WrongOrderStatus,
		/// The order's payout is not waiting to be claimed: the order is still open.
		NoPayoutWaiting,
		/// The payment window of the order has passed.
		PaymentWindowPassed,
		/// The payment window of the order has not passed yet.
		PaymentWindowOpen,
		/// The buyer must wait `ReleaseWindow` blocks after marking paid before disputing.
		ReleaseWindowOpen,
		/// The buyer's share is above 10 000 bps.
		InvalidShare,
		/// The fee is above `MaxTradeFeeBps`.
		FeeTooHigh,
		/// No trade fees of this asset are waiting in escrow.
		NoFeesToSweep,
		/// A fiat total or an amount does not fit in 128 bits.
		Overflow,
		/// The advert is not closed.
		AdvertNotClosed,
		/// The advert still has open orders.
		AdvertHasOpenOrders,
		/// Escrow does not hold the asset's minimum balance beyond what it owes and keeps in
		/// fees: its reserve, which keeps escrow's account of the asset alive whatever is paid
		/// out. Send the escrow account the asset's minimum balance once to trade the asset.
		NoEscrowReserve,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Expires the unpaid orders that are due, at most `MaxExpiriesPerBlock`, and charges
		/// the block's one read and write of the pallet's hot keys ([`HOT_KEY_READS`]) and of the
		/// hot assets' escrow-side keys.
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::expire_due(now)
				.saturating_add(
					T::DbWeight::get()
						.reads_writes(u64::from(HOT_KEY_READS), u64::from(HOT_KEY_WRITES)),
				)
				.saturating_add(Self::hot_assets_weight())
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
		/// - `price`: fiat price of one whole token in minor units of `currency` (e.g. cents).
		/// - `currency`: ISO-4217 code, e.g. `EUR`.
		/// - `min_order`, `max_order`: order limits in the asset's smallest units.
		/// - `payment_methods`: method codes such as `SEPA`, `ALIPAY`.
		/// - `payment_window`: blocks a buyer has to pay after opening an order.
		/// - `min_buyer_level`: KYC level buyers need (the chain's minimum applies anyway).
		/// - `terms_hash`: hash of the seller's off-chain terms, if any.
		///
		/// The seller needs KYC level `MinSellerLevel`. The id is in `AdvertCreated`.
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::weight_for(
			asset,
			T::WeightInfo::create_advert_native(),
			T::WeightInfo::create_advert(),
		))]
		pub fn create_advert(
			origin: OriginFor<T>,
			asset: T::AssetKind,
			amount: BalanceOf<T>,
			price: u128,
			currency: CurrencyCode,
			min_order: BalanceOf<T>,
			max_order: BalanceOf<T>,
			payment_methods: Vec<MethodCode>,
			payment_window: BlockNumberFor<T>,
			min_buyer_level: KycLevel,
			terms_hash: Option<H256>,
		) -> DispatchResult {
			let seller = ensure_signed(origin)?;
			let terms = AdvertTerms {
				price,
				currency,
				min_order,
				max_order,
				payment_methods,
				payment_window,
				min_buyer_level,
				terms_hash,
			};
			Self::do_create_advert(seller, asset, amount, terms)
		}

		/// Add `amount` to an advert's escrow. Origin: the seller; the advert must not be closed.
		#[pallet::call_index(1)]
		#[pallet::weight(Pallet::<T>::before_dispatch(
			T::WeightInfo::top_up_advert_native(),
			T::WeightInfo::top_up_advert(),
		))]
		pub fn top_up_advert(
			origin: OriginFor<T>,
			advert_id: AdvertId,
			amount: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let asset = Self::do_top_up(who, advert_id, amount)?;
			Ok(Self::charged(
				&asset,
				T::WeightInfo::top_up_advert_native(),
				T::WeightInfo::top_up_advert(),
			))
		}

		/// Take `amount` back from an advert's escrow; only what no order holds. Works on a
		/// closed advert too, where refunds of its orders wait. Origin: the seller.
		#[pallet::call_index(2)]
		#[pallet::weight(Pallet::<T>::before_dispatch(
			T::WeightInfo::withdraw_from_advert_native(),
			T::WeightInfo::withdraw_from_advert(),
		))]
		pub fn withdraw_from_advert(
			origin: OriginFor<T>,
			advert_id: AdvertId,
			amount: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let asset = Self::do_withdraw(who, advert_id, amount)?;
			Ok(Self::charged(
				&asset,
				T::WeightInfo::withdraw_from_advert_native(),
				T::WeightInfo::withdraw_from_advert(),
			))
		}

		/// Replace an advert's terms. New orders get them; open orders keep the terms they were
		/// opened with. Origin: the seller; the advert must not be closed.
		#[pallet::call_index(3)]
		#[pallet::weight(Pallet::<T>::before_dispatch(
			T::WeightInfo::update_advert_native(),
			T::WeightInfo::update_advert(),
		))]
		pub fn update_advert(
			origin: OriginFor<T>,
			advert_id: AdvertId,
			price: u128,
			currency: CurrencyCode,
			min_order: BalanceOf<T>,
			max_order: BalanceOf<T>,
			payment_methods: Vec<MethodCode>,
			payment_window: BlockNumberFor<T>,
			min_buyer_level: KycLevel,
			terms_hash: Option<H256>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let terms = AdvertTerms {
				price,
				currency,
				min_order,
				max_order,
				payment_methods,
				payment_window,
				min_buyer_level,
				terms_hash,
			};
			let asset = Self::do_update_advert(who, advert_id, terms)?;
			Ok(Self::charged(
				&asset,
				T::WeightInfo::update_advert_native(),
				T::WeightInfo::update_advert(),
			))
		}

		/// Stop taking new orders. Origin: the seller.
		#[pallet::call_index(4)]
		pub fn pause_advert(origin: OriginFor<T>, advert_id: AdvertId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_paused(who, advert_id, true)
		}

		/// Take new orders again. Origin: the seller.
		#[pallet::call_index(5)]
		pub fn resume_advert(origin: OriginFor<T>, advert_id: AdvertId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_paused(who, advert_id, false)
		}

		/// Close an advert: what no order holds goes back to the seller at once; open orders end
		/// normally and their refunds wait in the advert, for the seller to take with
		/// `withdraw_from_advert`. Without open orders the advert is removed at once; with some,
		/// it stays until `reap_advert` once they have ended. Origin: the seller.
		#[pallet::call_index(6)]
		#[pallet::weight(Pallet::<T>::before_dispatch(
			T::WeightInfo::close_advert_native(),
			T::WeightInfo::close_advert(),
		))]
		pub fn close_advert(
			origin: OriginFor<T>,
			advert_id: AdvertId,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let asset = Self::do_close_advert(who, advert_id)?;
			Ok(Self::charged(
				&asset,
				T::WeightInfo::close_advert_native(),
				T::WeightInfo::close_advert(),
			))
		}

		/// Remove a closed advert whose orders have all ended: what they gave back and the
		/// seller has not withdrawn goes to the seller, the advert's sales to the seller's
		/// statistics, and it no longer counts against `MaxAdvertsPerAccount`. Origin: any
		/// signed account (a seller, or a platform tidying up after its users). Weighed before
		/// dispatch as a payout that opens the seller's account of the asset; nothing to pay,
		/// or a seller who holds the token already, is charged less.
		#[pallet::call_index(7)]
		#[pallet::weight(Pallet::<T>::before_dispatch(
			T::WeightInfo::reap_advert_native(),
			T::WeightInfo::reap_advert(),
		))]
		pub fn reap_advert(
			origin: OriginFor<T>,
			advert_id: AdvertId,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let (asset, paid) = Self::do_reap_advert(advert_id)?;
			Ok(match paid {
				None => Some(T::WeightInfo::reap_advert_empty()).into(),
				Some(to_holder) => Self::charged(
					&asset,
					T::WeightInfo::reap_advert_native(),
					Self::less_holders(T::WeightInfo::reap_advert(), to_holder),
				),
			})
		}

		/// Open an order for `amount` against an advert, paying by `payment_method`.
		///
		/// `max_price` guards against a price change in the same block: the order is refused if
		/// the advert's price is above it. The buyer needs the KYC level the chain and the advert
		/// ask. The fiat total, the trade fee (fixed from then on) and the deadline are in
		/// `OrderOpened`.
		#[pallet::call_index(10)]
		pub fn open_order(
			origin: OriginFor<T>,
			advert_id: AdvertId,
			amount: BalanceOf<T>,
			payment_method: MethodCode,
			max_price: u128,
		) -> DispatchResult {
			let buyer = ensure_signed(origin)?;
			Self::do_open_order(buyer, advert_id, amount, payment_method, max_price)
		}

		/// Say the fiat was paid, by `pay_by`, with an optional hash of the payment proof.
		/// Origin: the buyer.
		#[pallet::call_index(11)]
		pub fn mark_paid(
			origin: OriginFor<T>,
			order_id: OrderId,
			payment_ref: Option<H256>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_mark_paid(who, order_id, payment_ref)
		}

		/// Confirm the fiat arrived: the amount minus the trade fee goes to the buyer; the fee
		/// stays in escrow until swept to the fee destination. Origin: the seller; the order must
		/// not be disputed. A buyer who holds none of the token (one other than the native one)
		/// gets it with `claim_payout` (the event `PayoutWaiting`): the seller's call does not pay
		/// for opening the buyer's account of the token. Weighed before dispatch as a payout to
		/// a buyer who holds the token; a waiting payout costs one write less, refunded.
		#[pallet::call_index(12)]
		#[pallet::weight(Pallet::<T>::before_dispatch(
			T::WeightInfo::release_native(),
			T::WeightInfo::release(),
		))]
		pub fn release(origin: OriginFor<T>, order_id: OrderId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let (asset, settled) = Self::do_release(who, order_id)?;
			let other = if settled.payout_waits {
				T::WeightInfo::release_payout_waits()
			} else {
				T::WeightInfo::release()
			};
			Ok(Self::charged(&asset, T::WeightInfo::release_native(), other))
		}

		/// Cancel an order: by the buyer while it is not disputed, or by anyone once `pay_by`
		/// has passed without payment. The amount goes back to the advert: an open advert
		/// offers it again; a closed one keeps it for its seller (`withdraw_from_advert`, or
		/// `reap_advert` once its last order has ended). Nothing leaves escrow.
		#[pallet::call_index(13)]
		pub fn cancel_order(origin: OriginFor<T>, order_id: OrderId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel(who, order_id)
		}

		/// Open a dispute on a paid order, with the hash of the evidence given to the arbiter.
		/// Origin: the seller, or the buyer `ReleaseWindow` blocks after marking paid.
		#[pallet::call_index(14)]
		pub fn open_dispute(
			origin: OriginFor<T>,
			order_id: OrderId,
			evidence: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_open_dispute(who, order_id, evidence)
		}

		/// Settle a disputed order: `buyer_share_bps` of the amount to the buyer (less the trade
		/// fee on that share), the rest to the seller. Origin: the arbiter. A buyer who holds none
		/// of the token (one other than the native one) gets its share with `claim_payout`, as
		/// after `release`. Weighed before dispatch as a buyer who holds the token and a seller
		/// who holds none (its share opens its account of the token); a seller who holds some
		/// costs one storage item less, and a waiting payout one write less.
		#[pallet::call_index(15)]
		#[pallet::weight(Pallet::<T>::before_dispatch(
			T::WeightInfo::resolve_dispute_native(),
			T::WeightInfo::resolve_dispute(),
		))]
		pub fn resolve_dispute(
			origin: OriginFor<T>,
			order_id: OrderId,
			buyer_share_bps: Bps,
		) -> DispatchResultWithPostInfo {
			T::ArbiterOrigin::ensure_origin(origin)?;
			let (asset, settled) = Self::do_resolve(order_id, buyer_share_bps)?;
			let mut other = Self::less_holders(
				T::WeightInfo::resolve_dispute(),
				!settled.opened_seller_account,
			);
			if settled.payout_waits {
				other = other.saturating_sub(T::DbWeight::get().writes(1));
			}
			Ok(Self::charged(&asset, T::WeightInfo::resolve_dispute_native(), other))
		}

		/// Pay the buyer of `order_id` its waiting payout (after `release` or `resolve_dispute`
		/// to a buyer who held none of the token, the event `PayoutWaiting`): it opens the
		/// buyer's account of the token, and the order is removed. Origin: any signed account
		/// (the buyer, or a platform on its behalf): the payout can only go to the buyer. Weighed
		/// as a buyer who still holds none; one who holds some by then costs one item less.
		#[pallet::call_index(16)]
		#[pallet::weight(Pallet::<T>::before_dispatch(
			T::WeightInfo::claim_payout(),
			T::WeightInfo::claim_payout(),
		))]
		pub fn claim_payout(origin: OriginFor<T>, order_id: OrderId) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let (asset, held) = Self::do_claim_payout(order_id)?;
			let weight = Self::less_holders(T::WeightInfo::claim_payout(), held);
			// (Never the native token: its payouts do not wait.)
			Ok(Self::charged(&asset, weight, weight))
		}

		/// Set the trade fee, at most `MaxTradeFeeBps`, for the orders opened from then on; open
		/// orders keep the fee they were opened with. Origin: governance.
		#[pallet::call_index(20)]
		// `TradeFeeBps` is a hot key the benchmark does not count: its write is added here.
		#[pallet::weight(
			T::WeightInfo::set_trade_fee().saturating_add(T::DbWeight::get().writes(1))
		)]
		pub fn set_trade_fee(origin: OriginFor<T>, bps: Bps) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(bps <= T::MaxTradeFeeBps::get(), Error::<T>::FeeTooHigh);
			TradeFeeBps::<T>::put(bps);
			Self::deposit_event(Event::TradeFeeSet { bps });
			Ok(())
		}

		/// Send the trade fees taken in `asset` from escrow to the fee destination, in one
		/// transfer. Origin: any signed account (the fees can only go to the fee destination).
		/// Fails with the asset's error, changing nothing, if the destination cannot take them
		/// (e.g. less than the asset's minimum balance to a new account).
		#[pallet::call_index(21)]
		#[pallet::weight(Pallet::<T>::weight_for(
			asset,
			T::WeightInfo::sweep_fees_native(),
			T::WeightInfo::sweep_fees(),
		))]
		pub fn sweep_fees(origin: OriginFor<T>, asset: T::AssetKind) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_sweep_fees(asset)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The escrow account: holds every advert's and order's assets.
		pub fn escrow_account() -> T::AccountId {
			T::PalletId::get().into_account_truncating()
		}

		/// Whether `asset` is the native token (`NativeAsset`), whose calls are charged the native
		/// path's weights.
		pub fn is_native(asset: &T::AssetKind) -> bool {
			*asset == T::NativeAsset::get()
		}

		/// Whether `asset` is one of `HotAssets`, whose escrow-side keys the hook charges once a
		/// block.
		pub fn is_hot(asset: &T::AssetKind) -> bool {
			T::HotAssets::get().contains(asset)
		}

		/// The reads and writes of an asset's escrow-side keys (`EscrowAssetKeys` of each): what
		/// a call in an asset that is neither native nor hot pays on top of its benchmark, which
		/// runs on a hot asset.
		pub fn cold_asset_weight() -> Weight {
			let keys = u64::from(T::EscrowAssetKeys::get());
			T::DbWeight::get().reads_writes(keys, keys)
		}

		/// What the hook charges every block for the escrow-side keys of all `HotAssets`.
		pub fn hot_assets_weight() -> Weight {
			let assets = T::HotAssets::get().len() as u64;
			Self::cold_asset_weight().saturating_mul(assets)
		}

		/// The weight before dispatch of a call that learns its asset from storage: the dearest
		/// of what it may be charged after dispatch ([`Pallet::weight_for`]), `native` or
		/// `other` with a cold asset's keys, so that no path is charged less than it costs.
		pub fn before_dispatch(native: Weight, other: Weight) -> Weight {
			native.max(Self::cold(other))
		}

		/// `other` (a benchmark on a hot asset) with the escrow-side keys of an asset that is
		/// not hot.
		fn cold(other: Weight) -> Weight {
			other.saturating_add(Self::cold_asset_weight())
		}

		/// Whether `asset` is neither the native token nor hot: a call that moves it pays its
		/// escrow-side keys itself ([`Pallet::cold_asset_weight`]).
		pub fn is_cold(asset: &T::AssetKind) -> bool {
			!Self::is_native(asset) && !Self::is_hot(asset)
		}

		/// What a call in `asset` weighs: `native` (the native path's benchmark) on the native
		/// token, `other` (the asset path's) on a hot asset, and `other` with the asset's
		/// escrow-side keys on a cold one.
		pub fn weight_for(asset: &T::AssetKind, native: Weight, other: Weight) -> Weight {
			if Self::is_native(asset) {
				native
			} else if Self::is_cold(asset) {
				Self::cold(other)
			} else {
				other
			}
		}

		/// `weight`, a benchmark whose payouts open accounts, less what `to_holders` payouts to
		/// accounts that already held the token do not touch: one storage item each (a read and a
		/// write of the account's `System` entry, where a new asset account adds a reference).
		/// The execution time stays the benchmark's, a little above such a payout's.
		pub fn less_holders(weight: Weight, to_holders: impl Into<u64>) -> Weight {
			let n = to_holders.into();
			weight.saturating_sub(T::DbWeight::get().reads_writes(n, n))
		}

		/// What a call that moved `asset` is charged after dispatch: [`Pallet::weight_for`].
		/// Calls that learn their asset from storage are weighed before dispatch on the dearest
		/// path ([`Pallet::before_dispatch`]); the difference is refunded.
		fn charged(
			asset: &T::AssetKind,
			native: Weight,
			other: Weight,
		) -> frame_support::dispatch::PostDispatchInfo {
			Some(Self::weight_for(asset, native, other)).into()
		}
	}
}

/// The terms of an advert, as given to `create_advert` and `update_advert`.
pub struct AdvertTerms<Balance, BlockNumber> {
	pub price: u128,
	pub currency: CurrencyCode,
	pub min_order: Balance,
	pub max_order: Balance,
	pub payment_methods: alloc::vec::Vec<MethodCode>,
	pub payment_window: BlockNumber,
	pub min_buyer_level: pallet_kyc_registry::KycLevel,
	pub terms_hash: Option<sp_core::H256>,
}
