//! # otc-chain runtime
//!
//! The state transition function of otc-chain: a solochain secured by Aura block production and
//! GRANDPA finality, with a native token (`OTC`, 12 decimals), `pallet-assets` tokens (stablecoins
//! such as `USDT` that will be traded over the counter), a council of operators as governance
//! (sudo only on the development chain), arbiters for disputes and a validator set the council
//! changes (`configs::governance`, `configs::validators`).
//!
//! Layout: pallet configuration lives in [`configs`], genesis presets in
//! [`genesis_config_presets`], runtime APIs in [`apis`], benchmark wiring in `benchmarks`.

#![cfg_attr(not(feature = "std"), no_std)]
// `#[frame_support::runtime]` expands into deeply nested types.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

// Declared before `apis`: it defines the `list_benchmarks!`/`add_benchmarks!` macros used there.
#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benchmarks;
pub mod apis;
pub mod configs;
pub mod genesis_config_presets;
pub mod weights;

use alloc::{borrow::Cow, vec::Vec};
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Block number.
pub type BlockNumber = u32;
/// Signature of a transaction: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;
/// Account identifier: the public key of the signing scheme (32 bytes, SS58 prefix 42).
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balance of the native token and of every `pallet-assets` token.
pub type Balance = u128;
/// Transaction counter of an account.
pub type Nonce = u32;
/// Hash of blocks, extrinsics and storage.
pub type Hash = sp_core::H256;
/// Identifier of a `pallet-assets` token.
pub type AssetId = u32;

/// Units of the native token `OTC` (12 decimals).
pub mod currency {
	use super::Balance;

	/// Number of decimals of the native token.
	pub const DECIMALS: u8 = 12;
	/// Ticker of the native token, shown by wallets.
	pub const SYMBOL: &str = "OTC";
	/// One whole `OTC`.
	pub const UNIT: Balance = 1_000_000_000_000;
	/// One thousandth of an `OTC`.
	pub const MILLI_UNIT: Balance = UNIT / 1_000;
	/// One millionth of an `OTC`.
	pub const MICRO_UNIT: Balance = UNIT / 1_000_000;
	/// The smallest balance an account may hold; below it the account is reaped.
	pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;
}
pub use currency::EXISTENTIAL_DEPOSIT;

/// SS58 address format of the chain (42: the generic Substrate prefix).
pub const SS58_FORMAT: u16 = 42;

/// Target block time. Aura uses it as its slot duration; it cannot change once a chain runs.
pub const MILLISECS_PER_BLOCK: u64 = 6_000;
/// Aura slot duration.
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;
/// Blocks per minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// Types the node uses without knowing the runtime's call and extrinsic formats.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Block with opaque extrinsics.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;

	impl_opaque_keys! {
		/// The session keys of a validator: an Aura key (sr25519) and a GRANDPA key (ed25519).
		pub struct SessionKeys {
			pub aura: Aura,
			pub grandpa: Grandpa,
		}
	}
}

/// Version of the runtime. Bump `spec_version` on every runtime change that is deployed (and
/// the `test-runtime` one below with it), `transaction_version` whenever the encoding of calls
/// or transaction extensions changes. `docs/operations.md` shows how an upgrade is deployed.
#[cfg(not(feature = "test-runtime"))]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: Cow::Borrowed("otc-chain"),
	impl_name: Cow::Borrowed("otc-chain"),
	authoring_version: 1,
	spec_version: 115,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// The `test-runtime` build (`otc-test-runtime`, node tests only): one spec version ahead, so
/// that the tests can upgrade to it.
#[cfg(feature = "test-runtime")]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: Cow::Borrowed("otc-chain"),
	impl_name: Cow::Borrowed("otc-chain"),
	authoring_version: 1,
	spec_version: 116,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// Address format of extrinsics: an account id (also accepted as an SS58 string by wallets).
pub type Address = MultiAddress<AccountId, ()>;
/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// Transaction extensions checked on every signed extrinsic, in order.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
);

/// Extrinsic as it travels the network and sits in blocks.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload a signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Dispatches extrinsics to the pallets and runs the block hooks.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
>;

/// The runtime: the pallets of otc-chain and their indices (the indices are part of the call
/// encoding: never reorder, only append).
#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	/// Accounts, blocks, events.
	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	/// Block timestamps.
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	/// Block production.
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	/// Finality.
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	/// The native token `OTC`.
	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	/// Transaction fees in `OTC`.
	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	/// A superuser key, set on the development chain only.
	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;

	/// The author of each block (fees go to it).
	#[runtime::pallet_index(7)]
	pub type Authorship = pallet_authorship;

	/// The validator set, changed by governance.
	#[runtime::pallet_index(8)]
	pub type CollatorSelection = pallet_collator_selection;

	/// Sessions: rotate the validators' Aura and GRANDPA keys.
	#[runtime::pallet_index(9)]
	pub type Session = pallet_session;

	/// The council of operators.
	#[runtime::pallet_index(11)]
	pub type Council = pallet_collective<Instance1>;

	/// Who sits on the council.
	#[runtime::pallet_index(12)]
	pub type CouncilMembership = pallet_membership<Instance1>;

	/// Who may decide disputes.
	#[runtime::pallet_index(13)]
	pub type Arbiters = pallet_membership<Instance2>;

	/// Root calls the council whitelisted (e.g. `system.authorizeUpgrade`).
	#[runtime::pallet_index(14)]
	pub type Whitelist = pallet_whitelist;

	/// Batches of calls.
	#[runtime::pallet_index(15)]
	pub type Utility = pallet_utility;

	/// The emergency brake: calls the council paused.
	#[runtime::pallet_index(16)]
	pub type TxPause = pallet_tx_pause;

	/// Tokens other than `OTC` (stablecoins and others that are traded).
	#[runtime::pallet_index(10)]
	pub type Assets = pallet_assets;

	/// KYC providers, attestations and the gate the OTC pallets use.
	#[runtime::pallet_index(20)]
	pub type KycRegistry = pallet_kyc_registry;

	/// Sell adverts with escrowed assets, orders, release, cancellation, expiry, disputes.
	#[runtime::pallet_index(21)]
	pub type OtcEscrow = pallet_otc_escrow;
}
