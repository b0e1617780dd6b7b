//! Configuration of every pallet of the runtime: governance in [`governance`], the validator
//! set in [`validators`], the rest here.

pub mod governance;
pub mod validators;

use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		AsEnsureOriginWithArg, ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, VariantCountOf,
	},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, ConstantMultiplier, Weight},
};
use frame_system::{
	limits::{BlockLength, BlockWeights},
	EnsureSigned,
};
use pallet_transaction_payment::{FungibleAdapter, Multiplier, TargetedFeeAdjustment};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{traits::Bounded, FixedPointNumber, Perbill, Perquintill};
use sp_version::RuntimeVersion;

// The database weights measured on the node's ParityDB (`scripts/benchmark.sh db`).
use crate::weights::paritydb_weights::constants::ParityDbWeight;

use super::{
	currency::{MICRO_UNIT, MILLI_UNIT, UNIT},
	AccountId, AssetId, Aura, Balance, Balances, Block, BlockNumber, Hash, Nonce, PalletInfo,
	Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin,
	RuntimeTask, System, Timestamp, EXISTENTIAL_DEPOSIT, SLOT_DURATION, SS58_FORMAT, VERSION,
};
use crate::{Assets, Authorship, KycRegistry, HOURS, MINUTES};
use governance::{Arbiter, Governance};

/// Share of a block's weight and length that ordinary (non-operational) extrinsics may use.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;

	/// Two seconds of compute per six-second block.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::with_sensible_defaults(
		Weight::from_parts(2u64 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX),
		NORMAL_DISPATCH_RATIO,
	);
	/// Blocks of at most 5 MiB.
	pub RuntimeBlockLength: BlockLength =
		BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(DispatchClass::Normal, |max| *max = NORMAL_DISPATCH_RATIO * *max)
		.build();
	pub const SS58Prefix: u16 = SS58_FORMAT;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// Database weights of the node's ParityDB, measured on a large state by
	/// `scripts/benchmark.sh db` (`weights/paritydb_weights.rs`).
	type DbWeight = ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	/// The template's value. An account's consumer references are taken by each
	/// non-sufficient asset it holds without a deposit: 16 let strangers fill an account with 15
	/// junk tokens so that it could hold no new one. The escrow's and the fee destination's
	/// accounts of listed assets are opened with a deposit and take none
	/// (`otcEscrow.listAsset`); 128 keeps every other account clear of that griefing too.
	type MaxConsumers = ConstU32<128>;
	/// Calls the council paused (the emergency brake) are refused.
	type BaseCallFilter = crate::TxPause;
	/// The checks every extrinsic passes (nonce, era, weight, ...), measured on this runtime.
	type ExtensionsWeightInfo = crate::weights::frame_system_extensions::WeightInfo<Runtime>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<32>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<32>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the Unix epoch.
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = crate::weights::pallet_timestamp::WeightInfo<Runtime>;
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = crate::weights::pallet_balances::WeightInfo<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	/// Fee per byte of an extrinsic: 10 micro-OTC, so a full block of junk (3.75 MiB) costs
	/// about 39 OTC before the multiplier.
	pub const TransactionByteFee: Balance = 10 * MICRO_UNIT;
	/// Fee per picosecond of execution weight: 20 units, so a full block's normal weight
	/// (1.5 s) costs 30 OTC before the multiplier.
	pub const WeightFee: Balance = 20;
	/// The fee multiplier rises while blocks are fuller than this, and falls back otherwise.
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	/// How fast the multiplier moves: +0.15 % a block at full blocks, so fees double in about
	/// 460 full blocks (46 minutes) and fall back at -0.075 % an empty block.
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(3, 1_000);
	/// Fees never fall below the base fees: an idle chain does not make spam cheap.
	pub MinimumMultiplier: Multiplier = Multiplier::saturating_from_integer(1);
	pub MaximumMultiplier: Multiplier = Bounded::max_value();
}

/// The fee multiplier: rises while blocks are fuller than [`TargetBlockFullness`].
pub type SlowAdjustingFeeUpdate<R> = TargetedFeeAdjustment<
	R,
	TargetBlockFullness,
	AdjustmentVariable,
	MinimumMultiplier,
	MaximumMultiplier,
>;

/// Transaction fees and tips go to the author of the block: the operators who run the chain's
/// validators are paid for it, and no pot needs governing. Fees of a block whose author cannot
/// be found, or that cannot receive them (below the existential deposit), are burnt.
pub struct ToBlockAuthor;
impl
	frame_support::traits::OnUnbalanced<
		frame_support::traits::fungible::Credit<AccountId, Balances>,
	> for ToBlockAuthor
{
	fn on_nonzero_unbalanced(fees: frame_support::traits::fungible::Credit<AccountId, Balances>) {
		use frame_support::traits::fungible::Balanced;
		if let Some(author) = Authorship::author() {
			// On failure the credit is dropped: burnt.
			let _ = <Balances as Balanced<AccountId>>::resolve(&author, fees);
		}
	}
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Fees are paid in `OTC`, to the block author.
	type OnChargeTransaction = FungibleAdapter<Balances, ToBlockAuthor>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = ConstantMultiplier<Balance, WeightFee>;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = SlowAdjustingFeeUpdate<Self>;
	type WeightInfo = crate::weights::pallet_transaction_payment::WeightInfo<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Deposit to create an asset class (refunded when it is destroyed).
	pub const AssetDeposit: Balance = 10 * UNIT;
	/// Deposit for an account that holds a non-sufficient asset.
	pub const AssetAccountDeposit: Balance = MILLI_UNIT;
	/// Deposit for an asset's metadata.
	pub const MetadataDepositBase: Balance = 10 * MILLI_UNIT;
	/// Deposit per byte of an asset's metadata.
	pub const MetadataDepositPerByte: Balance = MILLI_UNIT / 10;
	/// Deposit for an approval to spend.
	pub const ApprovalDeposit: Balance = MILLI_UNIT;
}

impl pallet_assets::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	type RemoveItemsLimit = ConstU32<1000>;
	type AssetId = AssetId;
	type AssetIdParameter = codec::Compact<AssetId>;
	type ReserveData = ();
	/// Anyone may create an asset class by paying the deposit.
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type ForceOrigin = Governance;
	type Currency = Balances;
	type AssetDeposit = AssetDeposit;
	type AssetAccountDeposit = AssetAccountDeposit;
	type MetadataDepositBase = MetadataDepositBase;
	type MetadataDepositPerByte = MetadataDepositPerByte;
	type ApprovalDeposit = ApprovalDeposit;
	type StringLimit = ConstU32<50>;
	type Freezer = ();
	type Holder = ();
	type Extra = ();
	type CallbackHandle = ();
	type AssetIdAllocator = ();
	type WeightInfo = crate::weights::pallet_assets::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

parameter_types! {
	/// An attestation is valid for at most three years from the time it is granted.
	pub const KycMaxValidity: u64 = 3 * 365 * 24 * 60 * 60;
}

impl pallet_kyc_registry::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type GovernanceOrigin = Governance;
	type UnixTime = Timestamp;
	type MaxProviders = ConstU32<32>;
	type MaxNameLen = ConstU32<64>;
	type MaxValidity = KycMaxValidity;
	type WeightInfo = pallet_kyc_registry::weights::SubstrateWeight<Runtime>;
}

/// The asset kinds the escrow trades: the native token or a `pallet-assets` token.
pub type AssetKind = frame_support::traits::fungible::NativeOrWithId<AssetId>;

/// The native token and every `pallet-assets` token behind one `fungibles` interface.
pub type NativeAndAssets = frame_support::traits::fungible::UnionOf<
	Balances,
	Assets,
	frame_support::traits::fungible::NativeFromLeft,
	AssetKind,
	AccountId,
>;

/// Decimals of the native token and of each `pallet-assets` token (from its metadata).
pub struct AssetDecimals;
impl pallet_otc_escrow::AssetDecimals<AssetKind> for AssetDecimals {
	fn decimals(asset: &AssetKind) -> Option<u8> {
		use frame_support::traits::{
			fungible::NativeOrWithId,
			fungibles::{metadata::Inspect as _, Inspect as _},
		};
		match asset {
			NativeOrWithId::Native => Some(crate::currency::DECIMALS),
			NativeOrWithId::WithId(id) => Assets::asset_exists(*id).then(|| Assets::decimals(*id)),
		}
	}
}

parameter_types! {
	/// The escrow account's id: `modlotc/escr` padded, the design's "contract address".
	pub const OtcEscrowPalletId: frame_support::PalletId = frame_support::PalletId(*b"otc/escr");
	/// The account that receives trade fees.
	pub TreasuryAccount: AccountId =
		sp_runtime::traits::AccountIdConversion::into_account_truncating(&frame_support::PalletId(*b"otc/trsy"));
	pub const MinTraderLevel: pallet_kyc_registry::KycLevel = pallet_kyc_registry::KycLevel::Verified;
}

parameter_types! {
	/// The native token: OTC calls that move it are charged the native path's weights.
	pub const NativeAssetKind: AssetKind = AssetKind::Native;
	/// The stablecoin most trades settle in (USDT on the dev chain): the escrow pallet's hook
	/// charges its escrow-side keys once a block, and the benchmarks whitelist them
	/// (`apis.rs`, `dispatch_benchmark`). A trade in any other asset pays them itself.
	pub const HotEscrowAssets: &'static [AssetKind] =
		&[AssetKind::WithId(crate::genesis_config_presets::USDT_ASSET_ID)];
}

/// The escrow benchmarks measure the asset path on USDT (a sufficient `pallet-assets` token,
/// the dearest kind of transfer this runtime has), created here if the chain has none.
#[cfg(feature = "runtime-benchmarks")]
pub struct EscrowBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_otc_escrow::BenchmarkHelper<AssetKind> for EscrowBenchmarkHelper {
	fn asset() -> AssetKind {
		use crate::genesis_config_presets::{USDT_ASSET_ID, USDT_DECIMALS, USDT_MIN_BALANCE};
		use frame_support::traits::fungibles::Inspect;
		use sp_runtime::traits::StaticLookup;
		if !Assets::asset_exists(USDT_ASSET_ID) {
			let root = frame_system::RawOrigin::Root.into();
			let owner = <Runtime as frame_system::Config>::Lookup::unlookup(TreasuryAccount::get());
			let created =
				Assets::force_create(root, USDT_ASSET_ID.into(), owner, true, USDT_MIN_BALANCE);
			let named = Assets::force_set_metadata(
				frame_system::RawOrigin::Root.into(),
				USDT_ASSET_ID.into(),
				b"Tether USD".to_vec(),
				b"USDT".to_vec(),
				USDT_DECIMALS,
				false,
			);
			if created.is_err() || named.is_err() {
				frame_support::defensive!("benchmark USDT could not be created");
			}
		}
		AssetKind::WithId(USDT_ASSET_ID)
	}

	fn unlisted_asset() -> AssetKind {
		use sp_runtime::traits::StaticLookup;
		const ID: AssetId = 999;
		let owner = <Runtime as frame_system::Config>::Lookup::unlookup(TreasuryAccount::get());
		let root = || frame_system::RawOrigin::Root.into();
		let created = Assets::force_create(root(), ID.into(), owner, false, 1);
		let named = Assets::force_set_metadata(
			root(),
			ID.into(),
			b"Unlisted".to_vec(),
			b"UNL".to_vec(),
			6,
			false,
		);
		if created.is_err() || named.is_err() {
			frame_support::defensive!("benchmark asset could not be created");
		}
		AssetKind::WithId(ID)
	}
}

parameter_types! {
	/// A serial canceller's cooldowns: 15 minutes, then 30, 1 hour, 4 hours, a day.
	pub const Cooldowns: &'static [BlockNumber] =
		&[15 * MINUTES, 30 * MINUTES, HOURS, 4 * HOURS, crate::DAYS];
}

impl pallet_otc_escrow::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AssetKind = AssetKind;
	type Balance = Balance;
	type Assets = NativeAndAssets;
	/// Bonds are held in OTC, the token every trader holds for fees anyway.
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Transfer = pallet_otc_escrow::transfer::NativeOrAssets<Balances, Runtime>;
	type Decimals = AssetDecimals;
	type NativeAsset = NativeAssetKind;
	type HotAssets = HotEscrowAssets;
	/// The asset's listing and `EscrowTotals`, its details and the escrow's account of it.
	type EscrowAssetKeys = ConstU32<4>;
	type Kyc = KycRegistry;
	type MinSellerLevel = MinTraderLevel;
	type MinBuyerLevel = MinTraderLevel;
	type ArbiterOrigin = Arbiter;
	type Arbiters = crate::Arbiters;
	type GovernanceOrigin = Governance;
	type PalletId = OtcEscrowPalletId;
	type FeeDestination = TreasuryAccount;
	/// At most 1 %.
	type MaxTradeFeeBps = frame_support::traits::ConstU16<100>;
	type MinPaymentWindow = ConstU32<{ 5 * MINUTES }>;
	type MaxPaymentWindow = ConstU32<{ 24 * HOURS }>;
	type StrikeWindow = ConstU32<{ crate::DAYS }>;
	type Cooldowns = Cooldowns;
	type RecentBucket = ConstU32<{ 5 * crate::DAYS }>;
	type MaxPaymentMethods = ConstU32<8>;
	type MaxAdvertsPerAccount = ConstU32<32>;
	type MaxOrdersPerAccount = ConstU32<16>;
	type MaxOrdersPerAdvert = ConstU32<64>;
	// The expiry hook does at most 256 expiries a block; more orders due in one block wait for
	// the next (queueing an order is not capped).
	type MaxExpiriesPerBlock = ConstU32<256>;
	type WeightInfo = pallet_otc_escrow::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = EscrowBenchmarkHelper;
}
