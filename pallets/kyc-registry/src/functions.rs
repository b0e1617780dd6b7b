//! The logic behind the calls, and the reads other pallets and runtime APIs use.

use crate::{pallet::*, types::*};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{Get, UnixTime},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::H256;

impl<T: Config> Pallet<T> {
	/// The current time in Unix seconds, from the block timestamp.
	pub fn now() -> UnixSeconds {
		T::UnixTime::now().as_secs()
	}

	/// The level every gate uses: `None` when suspended, expired, attested by a provider that
	/// has since been removed, or never attested. Reads the record (it carries the suspension)
	/// and, for a provider's attestation, the provider.
	pub fn effective_level(who: &T::AccountId) -> KycLevel {
		Self::level_of(Records::<T>::get(who).as_ref())
	}

	/// The level `record` gives: `None` when suspended, expired, absent, or attested by a
	/// provider that is no longer appointed, or was appointed again after attesting it.
	fn level_of(record: Option<&RecordOf<T>>) -> KycLevel {
		match record {
			Some(r) if !r.suspended && Self::now() < r.expires_at && Self::provider_stands(r) => {
				r.level
			},
			_ => KycLevel::None,
		}
	}

	/// Whether the provider that attested `record` is still appointed, since before it attested
	/// (a record set at genesis or by governance names none and stands).
	fn provider_stands(record: &RecordOf<T>) -> bool {
		record.provider.as_ref().map_or(true, |p| {
			Providers::<T>::get(p).is_some_and(|info| info.since <= record.granted_at)
		})
	}

	/// Sets the suspension flag of `who`'s record, if it has one.
	fn mark_suspended(who: &T::AccountId, suspended: bool) {
		Records::<T>::mutate_extant(who, |r| r.suspended = suspended);
	}

	/// Everything about `who`'s KYC in one value (for runtime APIs and clients).
	pub fn status(who: &T::AccountId) -> KycStatus<T::AccountId> {
		let record = Records::<T>::get(who);
		KycStatus {
			effective_level: Self::level_of(record.as_ref()),
			attested_level: record.as_ref().map(|r| r.level).unwrap_or_default(),
			expires_at: record.as_ref().map(|r| r.expires_at),
			provider: record.and_then(|r| r.provider),
			suspended: Suspended::<T>::contains_key(who),
			pending_request: Requests::<T>::get(who).map(|r| r.provider),
		}
	}

	/// Stores a new provider, counting it against [`Config::MaxProviders`].
	pub(crate) fn insert_provider(
		provider: &T::AccountId,
		max_level: KycLevel,
		name: BoundedVec<u8, T::MaxNameLen>,
	) -> DispatchResult {
		ensure!(!Providers::<T>::contains_key(provider), Error::<T>::AlreadyProvider);
		let count = ProviderCount::<T>::get();
		ensure!(count < T::MaxProviders::get(), Error::<T>::TooManyProviders);
		Providers::<T>::insert(
			provider,
			ProviderInfo { max_level, name, since: frame_system::Pallet::<T>::block_number() },
		);
		ProviderCount::<T>::put(count.saturating_add(1));
		FormerProviders::<T>::remove(provider);
		Ok(())
	}

	pub(crate) fn do_add_provider(
		provider: T::AccountId,
		max_level: KycLevel,
		name: BoundedVec<u8, T::MaxNameLen>,
	) -> DispatchResult {
		ensure!(max_level > KycLevel::None, Error::<T>::InvalidLevel);
		Self::insert_provider(&provider, max_level, name)?;
		Self::deposit_event(Event::ProviderAdded { provider, max_level });
		Ok(())
	}

	pub(crate) fn do_remove_provider(provider: T::AccountId) -> DispatchResult {
		ensure!(Providers::<T>::take(&provider).is_some(), Error::<T>::UnknownProvider);
		ProviderCount::<T>::mutate(|c| *c = c.saturating_sub(1));
		FormerProviders::<T>::insert(&provider, frame_system::Pallet::<T>::block_number());
		Self::deposit_event(Event::ProviderRemoved { provider });
		Ok(())
	}

	pub(crate) fn do_request(
		who: T::AccountId,
		provider: T::AccountId,
		commitment: H256,
	) -> DispatchResult {
		ensure!(Providers::<T>::contains_key(&provider), Error::<T>::UnknownProvider);
		ensure!(who != provider, Error::<T>::SelfAttestation);
		ensure!(!Suspended::<T>::contains_key(&who), Error::<T>::AccountSuspended);
		Requests::<T>::insert(
			&who,
			KycRequest {
				provider: provider.clone(),
				commitment,
				requested_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Self::deposit_event(Event::KycRequested { who, provider, commitment });
		Ok(())
	}

	pub(crate) fn do_cancel_request(who: T::AccountId) -> DispatchResult {
		let request = Requests::<T>::take(&who).ok_or(Error::<T>::NoPendingRequest)?;
		Self::deposit_event(Event::RequestCancelled { who, provider: request.provider });
		Ok(())
	}

	/// The appointed provider `provider` and the request of `who` addressed to it.
	fn provider_and_request(
		provider: &T::AccountId,
		who: &T::AccountId,
	) -> Result<(ProviderInfoOf<T>, RequestOf<T>), DispatchError> {
		let info = Providers::<T>::get(provider).ok_or(Error::<T>::NotProvider)?;
		let request = Requests::<T>::get(who).ok_or(Error::<T>::NoPendingRequest)?;
		ensure!(&request.provider == provider, Error::<T>::RequestForAnotherProvider);
		Ok((info, request))
	}

	/// Checks that `expires_at` is in the future and within [`Config::MaxValidity`].
	fn ensure_expiry(expires_at: UnixSeconds) -> DispatchResult {
		let now = Self::now();
		ensure!(expires_at > now, Error::<T>::ExpiryInPast);
		ensure!(expires_at <= now.saturating_add(T::MaxValidity::get()), Error::<T>::ExpiryTooFar);
		Ok(())
	}

	pub(crate) fn do_approve(
		provider: T::AccountId,
		who: T::AccountId,
		level: KycLevel,
		commitment: H256,
		expires_at: UnixSeconds,
	) -> DispatchResult {
		ensure!(level > KycLevel::None, Error::<T>::InvalidLevel);
		let (info, request) = Self::provider_and_request(&provider, &who)?;
		ensure!(!Suspended::<T>::contains_key(&provider), Error::<T>::ProviderSuspended);
		ensure!(level <= info.max_level, Error::<T>::LevelAboveProviderMax);
		ensure!(request.commitment == commitment, Error::<T>::CommitmentMismatch);
		Self::ensure_expiry(expires_at)?;
		// A request cannot exist for a suspended account (suspension drops it, requests are
		// refused), so no suspension check is needed here.
		Requests::<T>::remove(&who);
		let now = frame_system::Pallet::<T>::block_number();
		let verified_since = Records::<T>::get(&who).map_or(now, |r| r.verified_since);
		Records::<T>::insert(
			&who,
			KycRecord {
				level,
				provider: Some(provider.clone()),
				provider_max: info.max_level,
				commitment: Some(commitment),
				expires_at,
				granted_at: now,
				verified_since,
				suspended: false,
			},
		);
		Self::deposit_event(Event::KycApproved { who, provider, level, expires_at, commitment });
		Ok(())
	}

	pub(crate) fn do_reject(
		provider: T::AccountId,
		who: T::AccountId,
		reason: ReasonCode,
	) -> DispatchResult {
		Self::provider_and_request(&provider, &who)?;
		Requests::<T>::remove(&who);
		Self::deposit_event(Event::KycRejected { who, provider, reason });
		Ok(())
	}

	pub(crate) fn do_revoke(provider: T::AccountId, who: T::AccountId) -> DispatchResult {
		ensure!(Providers::<T>::contains_key(&provider), Error::<T>::NotProvider);
		let record = Records::<T>::get(&who).ok_or(Error::<T>::NoRecord)?;
		ensure!(record.provider.as_ref() == Some(&provider), Error::<T>::NotGrantingProvider);
		Records::<T>::remove(&who);
		Self::deposit_event(Event::KycRevoked { who, provider });
		Ok(())
	}

	pub(crate) fn do_suspend(who: T::AccountId, reason: ReasonCode) -> DispatchResult {
		ensure!(!Suspended::<T>::contains_key(&who), Error::<T>::AlreadySuspended);
		Suspended::<T>::insert(
			&who,
			Suspension { reason, since: frame_system::Pallet::<T>::block_number() },
		);
		Requests::<T>::remove(&who);
		Self::mark_suspended(&who, true);
		Self::deposit_event(Event::AccountSuspended { who, reason });
		Ok(())
	}

	pub(crate) fn do_unsuspend(who: T::AccountId) -> DispatchResult {
		ensure!(Suspended::<T>::take(&who).is_some(), Error::<T>::NotSuspended);
		Self::mark_suspended(&who, false);
		Self::deposit_event(Event::AccountUnsuspended { who });
		Ok(())
	}

	pub(crate) fn do_force_set_level(
		who: T::AccountId,
		level: KycLevel,
		expires_at: UnixSeconds,
	) -> DispatchResult {
		if level == KycLevel::None {
			ensure!(Records::<T>::take(&who).is_some(), Error::<T>::NoRecord);
		} else {
			Self::ensure_expiry(expires_at)?;
			let now = frame_system::Pallet::<T>::block_number();
			let old = Records::<T>::get(&who);
			let commitment = old.as_ref().and_then(|r| r.commitment);
			let verified_since = old.map_or(now, |r| r.verified_since);
			Records::<T>::insert(
				&who,
				KycRecord {
					level,
					provider: None,
					provider_max: KycLevel::Enhanced,
					commitment,
					expires_at,
					granted_at: now,
					verified_since,
					// A forced level does not lift a suspension.
					suspended: Suspended::<T>::contains_key(&who),
				},
			);
		}
		Self::deposit_event(Event::LevelForced { who, level, expires_at });
		Ok(())
	}

	pub(crate) fn do_clear(who: T::AccountId) -> DispatchResult {
		let had_record = Records::<T>::take(&who).is_some();
		let had_request = Requests::<T>::take(&who).is_some();
		ensure!(had_record || had_request, Error::<T>::NothingToClear);
		Self::deposit_event(Event::KycCleared { who });
		Ok(())
	}

	/// Block number helper for benchmarks and tests.
	#[allow(dead_code)]
	pub(crate) fn block_number() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}
}
