//! # KYC registry
//!
//! The "user KYC management system" of otc-chain: every trading account can be identity-checked
//! by a KYC provider, and the result is attested on chain so that other pallets (the OTC escrow)
//! can gate who may trade. Only commitments and attestations go on chain; personal data stays
//! with the provider.
//!
//! ## Model
//! - **Providers** are appointed and removed by [`Config::GovernanceOrigin`]. Each may attest up to
//!   its `max_level`.
//! - An **applicant** gives its identity file to a provider off chain and calls
//!   [`Pallet::request_kyc`] with the file's hash (the *commitment*). One pending request per
//!   account; a new request replaces the old one.
//! - The **provider** checks the file and calls [`Pallet::approve`] naming the same commitment
//!   (the attestation is bound to that file), a level and an expiry, or [`Pallet::reject`] with a
//!   reason code. It may later [`Pallet::revoke`] an attestation it granted. Re-verification
//!   before expiry replaces the record.
//! - **Governance** may [`Pallet::suspend`] an account (sanctions, fraud): a suspended account
//!   reads as [`KycLevel::None`] at every gate at once, whatever its attestation says.
//!   [`Pallet::force_set_level`] serves incidents.
//! - The **holder** may [`Pallet::clear_kyc`] to remove its record and commitment.
//!
//! Expiry is by wall-clock time: [`types::UnixSeconds`] read from the block timestamp through
//! [`Config::UnixTime`]. An attestation counts while `now < expires_at`.
//!
//! ## The gate
//! Other pallets depend on the [`KycGate`] trait, implemented by [`Pallet`]; mocks can use `()`,
//! which lets everyone through at [`KycLevel::Enhanced`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
mod gate;
mod invariants;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use gate::KycGate;
pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{pallet_prelude::*, traits::UnixTime};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// Who appoints and removes providers, suspends accounts and forces levels.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Source of the current time, for expiries.
		type UnixTime: UnixTime;

		/// Maximum number of providers appointed at once.
		#[pallet::constant]
		type MaxProviders: Get<u32>;

		/// Maximum length of a provider's name, in bytes.
		#[pallet::constant]
		type MaxNameLen: Get<u32>;

		/// Longest validity of an attestation from the time it is granted, in seconds.
		#[pallet::constant]
		type MaxValidity: Get<UnixSeconds>;

		/// Weights of the calls, from the benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// Provider info, as stored.
	pub type ProviderInfoOf<T> = ProviderInfo<BlockNumberFor<T>, <T as Config>::MaxNameLen>;
	/// A pending request, as stored.
	pub type RequestOf<T> = KycRequest<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
	/// An attestation, as stored.
	pub type RecordOf<T> = KycRecord<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

	/// Appointed providers.
	#[pallet::storage]
	pub type Providers<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, ProviderInfoOf<T>, OptionQuery>;

	/// Number of entries in [`Providers`] (at most [`Config::MaxProviders`]).
	#[pallet::storage]
	pub type ProviderCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// Providers that were removed, with the block of removal: their attestations no longer
	/// count, and audits can tell a removed provider from an unknown one. Grows only by
	/// governance calls.
	#[pallet::storage]
	pub type FormerProviders<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BlockNumberFor<T>, OptionQuery>;

	/// Pending requests, one per applicant.
	#[pallet::storage]
	pub type Requests<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, RequestOf<T>, OptionQuery>;

	/// Attestations, one per account.
	#[pallet::storage]
	pub type Records<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, RecordOf<T>, OptionQuery>;

	/// Suspended accounts.
	#[pallet::storage]
	pub type Suspended<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Suspension<BlockNumberFor<T>>, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Providers: `(account, max_level, name)`.
		pub providers: Vec<(T::AccountId, KycLevel, Vec<u8>)>,
		/// Attestations: `(account, provider, level, expires_at)`; the provider must be listed
		/// above with a `max_level` of at least `level`.
		pub records: Vec<(T::AccountId, T::AccountId, KycLevel, UnixSeconds)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		/// Invalid entries (a provider with level `None`, a name too long, more providers than
		/// `MaxProviders`, a record of an unknown provider or above its maximum) are skipped with
		/// a defensive error: the presets are checked by the runtime's tests.
		fn build(&self) {
			for (who, max_level, name) in &self.providers {
				let Ok(name) = BoundedVec::try_from(name.clone()) else {
					frame_support::defensive!("genesis KYC provider name too long");
					continue;
				};
				if *max_level == KycLevel::None
					|| Pallet::<T>::insert_provider(who, *max_level, name).is_err()
				{
					frame_support::defensive!("invalid or duplicate genesis KYC provider");
				}
			}
			for (who, provider, level, expires_at) in &self.records {
				match Providers::<T>::get(provider) {
					Some(info) if *level > KycLevel::None && *level <= info.max_level => {
						Records::<T>::insert(
							who,
							KycRecord {
								level: *level,
								provider: Some(provider.clone()),
								provider_max: info.max_level,
								commitment: None,
								expires_at: *expires_at,
								granted_at: Zero::zero(),
								verified_since: Zero::zero(),
								suspended: false,
							},
						);
					},
					_ => {
						frame_support::defensive!("invalid genesis KYC record");
					},
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance appointed a provider.
		ProviderAdded { provider: T::AccountId, max_level: KycLevel },
		/// Governance removed a provider; its attestations no longer count.
		ProviderRemoved { provider: T::AccountId },
		/// An applicant asked a provider to attest the identity file with hash `commitment`
		/// (replacing any earlier request).
		KycRequested { who: T::AccountId, provider: T::AccountId, commitment: H256 },
		/// An applicant withdrew its pending request.
		RequestCancelled { who: T::AccountId, provider: T::AccountId },
		/// A provider attested `level` until `expires_at` for the file `commitment`.
		KycApproved {
			who: T::AccountId,
			provider: T::AccountId,
			level: KycLevel,
			expires_at: UnixSeconds,
			commitment: H256,
		},
		/// A provider rejected a request.
		KycRejected { who: T::AccountId, provider: T::AccountId, reason: ReasonCode },
		/// A provider revoked an attestation it granted.
		KycRevoked { who: T::AccountId, provider: T::AccountId },
		/// Governance suspended an account: it reads as level `None` everywhere.
		AccountSuspended { who: T::AccountId, reason: ReasonCode },
		/// Governance lifted a suspension.
		AccountUnsuspended { who: T::AccountId },
		/// Governance set an account's level directly (`None` removes the record).
		LevelForced { who: T::AccountId, level: KycLevel, expires_at: UnixSeconds },
		/// The holder removed its own record and request.
		KycCleared { who: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already an appointed provider.
		AlreadyProvider,
		/// No appointed provider has this account.
		UnknownProvider,
		/// [`Config::MaxProviders`] providers are appointed already.
		TooManyProviders,
		/// `KycLevel::None` is not a level that can be granted or be a provider's maximum.
		InvalidLevel,
		/// The caller is not an appointed provider.
		NotProvider,
		/// The level is above the provider's `max_level`.
		LevelAboveProviderMax,
		/// The account has no pending request.
		NoPendingRequest,
		/// The pending request names another provider.
		RequestForAnotherProvider,
		/// The commitment does not match the applicant's pending request.
		CommitmentMismatch,
		/// The expiry is not in the future.
		ExpiryInPast,
		/// The expiry is further away than [`Config::MaxValidity`].
		ExpiryTooFar,
		/// The account has no attestation.
		NoRecord,
		/// The attestation was granted by another provider (or by governance).
		NotGrantingProvider,
		/// The account is suspended.
		AccountSuspended,
		/// The account is already suspended.
		AlreadySuspended,
		/// The account is not suspended.
		NotSuspended,
		/// A provider cannot attest its own account.
		SelfAttestation,
		/// The provider's own account is suspended: it cannot attest until governance lifts it.
		ProviderSuspended,
		/// The account has neither a record nor a pending request.
		NothingToClear,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Appoint `provider` to attest levels up to `max_level`. Origin: governance.
		///
		/// `name` is the provider's public name (UTF-8, at most `MaxNameLen` bytes).
		#[pallet::call_index(0)]
		pub fn add_provider(
			origin: OriginFor<T>,
			provider: T::AccountId,
			max_level: KycLevel,
			name: BoundedVec<u8, T::MaxNameLen>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_add_provider(provider, max_level, name)
		}

		/// Remove `provider`. Its attestations stop counting at once (the accounts read as level
		/// `None` until another provider attests them; appointing it again does not bring them
		/// back); pending requests to it can no longer be approved. Origin: governance.
		#[pallet::call_index(1)]
		pub fn remove_provider(origin: OriginFor<T>, provider: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_remove_provider(provider)
		}

		/// Ask `provider` to attest the identity file whose hash is `commitment` (the applicant
		/// gave the file to the provider off chain). Replaces any pending request.
		#[pallet::call_index(2)]
		pub fn request_kyc(
			origin: OriginFor<T>,
			provider: T::AccountId,
			commitment: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_request(who, provider, commitment)
		}

		/// Withdraw the caller's pending request.
		#[pallet::call_index(3)]
		pub fn cancel_request(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_request(who)
		}

		/// Attest `level` for `who` until `expires_at` (Unix seconds). Origin: the provider that
		/// `who`'s pending request names; `commitment` must equal that request's commitment.
		/// Replaces any earlier attestation of `who`.
		#[pallet::call_index(4)]
		pub fn approve(
			origin: OriginFor<T>,
			who: T::AccountId,
			level: KycLevel,
			commitment: H256,
			expires_at: UnixSeconds,
		) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_approve(provider, who, level, commitment, expires_at)
		}

		/// Reject `who`'s pending request with a reason code. Origin: the provider it names.
		#[pallet::call_index(5)]
		pub fn reject(
			origin: OriginFor<T>,
			who: T::AccountId,
			reason: ReasonCode,
		) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_reject(provider, who, reason)
		}

		/// Revoke the attestation of `who`. Origin: the provider that granted it.
		#[pallet::call_index(6)]
		pub fn revoke(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_revoke(provider, who)
		}

		/// Suspend `who`: it reads as level `None` at every gate until unsuspended, and its
		/// pending request is dropped. Origin: governance.
		#[pallet::call_index(7)]
		pub fn suspend(
			origin: OriginFor<T>,
			who: T::AccountId,
			reason: ReasonCode,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_suspend(who, reason)
		}

		/// Lift the suspension of `who`. Origin: governance.
		#[pallet::call_index(8)]
		pub fn unsuspend(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_unsuspend(who)
		}

		/// Set the level of `who` directly, until `expires_at`; `KycLevel::None` removes its
		/// record. For incidents. Origin: governance.
		#[pallet::call_index(9)]
		pub fn force_set_level(
			origin: OriginFor<T>,
			who: T::AccountId,
			level: KycLevel,
			expires_at: UnixSeconds,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_force_set_level(who, level, expires_at)
		}

		/// Remove the caller's own attestation and pending request (and with them the
		/// commitment to its identity file) from chain state. A suspension stays.
		#[pallet::call_index(10)]
		pub fn clear_kyc(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_clear(who)
		}
	}
}
