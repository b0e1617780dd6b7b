//! The KYC gate other pallets depend on.

use crate::{pallet::*, types::KycLevel};
use frame_system::pallet_prelude::BlockNumberFor;

/// Reads an account's KYC level for gating. Implemented by [`Pallet`] with expiry and suspension
/// applied; `()` lets every account through at [`KycLevel::Enhanced`] (for mocks of pallets that
/// do not test KYC).
pub trait KycGate<AccountId, BlockNumber> {
	/// The level `who` has now: [`KycLevel::None`] when suspended, expired or never attested.
	fn level(who: &AccountId) -> KycLevel;

	/// The block of `who`'s first attestation, while it has a record (kept across renewals;
	/// `None` once the record is cleared).
	fn verified_since(who: &AccountId) -> Option<BlockNumber>;

	/// `Ok(())` when `who` has at least `min`; otherwise `Err` with the level it has.
	fn ensure_level(who: &AccountId, min: KycLevel) -> Result<(), KycLevel> {
		let level = Self::level(who);
		if level >= min {
			Ok(())
		} else {
			Err(level)
		}
	}

	/// Gives `who` the level `level` (for other pallets' benchmarks).
	#[cfg(feature = "runtime-benchmarks")]
	fn set_level_for_benchmarks(who: &AccountId, level: KycLevel);
}

impl<AccountId, BlockNumber> KycGate<AccountId, BlockNumber> for () {
	fn level(_who: &AccountId) -> KycLevel {
		KycLevel::Enhanced
	}

	fn verified_since(_who: &AccountId) -> Option<BlockNumber> {
		None
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_level_for_benchmarks(_who: &AccountId, _level: KycLevel) {}
}

impl<T: Config> KycGate<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn level(who: &T::AccountId) -> KycLevel {
		Self::effective_level(who)
	}

	fn verified_since(who: &T::AccountId) -> Option<BlockNumberFor<T>> {
		Records::<T>::get(who).map(|r| r.verified_since)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_level_for_benchmarks(who: &T::AccountId, level: KycLevel) {
		use frame_support::traits::Get;
		// Attested by a provider, as on a live chain, so that the gate reads the provider too.
		let provider: T::AccountId = frame_benchmarking::account("kyc-gate-provider", 0, 0);
		if !crate::Providers::<T>::contains_key(&provider) {
			let name = frame_support::BoundedVec::default();
			let _ = Self::insert_provider(&provider, KycLevel::Enhanced, name);
		}
		let provider = crate::Providers::<T>::contains_key(&provider).then_some(provider);
		let now = Self::now();
		crate::Suspended::<T>::remove(who);
		crate::Records::<T>::insert(
			who,
			crate::types::KycRecord {
				level,
				provider,
				provider_max: KycLevel::Enhanced,
				commitment: None,
				expires_at: now.saturating_add(T::MaxValidity::get()),
				granted_at: Self::block_number(),
				verified_since: Self::block_number(),
				suspended: false,
			},
		);
	}
}
