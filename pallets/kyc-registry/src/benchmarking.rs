//! Benchmarks (v2) of every call, each on its most expensive path.

use super::*;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use frame_system::RawOrigin;
use sp_core::H256;

fn assert_last_event<T: Config>(event: Event<T>) {
	frame_system::Pallet::<T>::assert_last_event(<T as Config>::RuntimeEvent::from(event).into());
}

/// Appoints filler providers until one place is left (whatever genesis appointed).
fn fill_to_one_below_max<T: Config>() {
	let max = T::MaxProviders::get();
	let mut i = 0;
	while ProviderCount::<T>::get() < max.saturating_sub(1) {
		let p: T::AccountId = account("filler", i, 0);
		let _ = Pallet::<T>::insert_provider(&p, KycLevel::Enhanced, Default::default());
		i += 1;
	}
}

/// Fills the provider set and appoints `provider` at `Enhanced` in the last place.
fn fill_providers<T: Config>(provider: &T::AccountId) {
	fill_to_one_below_max::<T>();
	let name = vec![b'n'; T::MaxNameLen::get() as usize].try_into().unwrap_or_default();
	Pallet::<T>::insert_provider(provider, KycLevel::Enhanced, name).unwrap();
}

fn expiry<T: Config>() -> UnixSeconds {
	Pallet::<T>::now().saturating_add(T::MaxValidity::get())
}

/// `who` has a Verified record from `provider` and a new pending request to it.
fn with_record_and_request<T: Config>(who: &T::AccountId, provider: &T::AccountId) {
	Pallet::<T>::do_request(who.clone(), provider.clone(), H256::repeat_byte(1)).unwrap();
	Pallet::<T>::do_approve(
		provider.clone(),
		who.clone(),
		KycLevel::Verified,
		H256::repeat_byte(1),
		expiry::<T>(),
	)
	.unwrap();
	Pallet::<T>::do_request(who.clone(), provider.clone(), H256::repeat_byte(2)).unwrap();
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn add_provider() {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		fill_to_one_below_max::<T>();
		let provider: T::AccountId = account("provider", 0, 0);
		// A former provider, so that the removal from `FormerProviders` is paid for.
		FormerProviders::<T>::insert(&provider, frame_system::Pallet::<T>::block_number());
		let name = vec![b'n'; T::MaxNameLen::get() as usize].try_into().unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, provider.clone(), KycLevel::Enhanced, name);

		assert_last_event::<T>(Event::ProviderAdded { provider, max_level: KycLevel::Enhanced });
	}

	#[benchmark]
	fn remove_provider() {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		let provider: T::AccountId = account("provider", 0, 0);
		fill_providers::<T>(&provider);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, provider.clone());

		assert_last_event::<T>(Event::ProviderRemoved { provider });
	}

	#[benchmark]
	fn request_kyc() {
		let provider: T::AccountId = account("provider", 0, 0);
		fill_providers::<T>(&provider);
		let who: T::AccountId = whitelisted_caller();
		// Replacing an earlier request.
		Pallet::<T>::do_request(who.clone(), provider.clone(), H256::repeat_byte(1)).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), provider.clone(), H256::repeat_byte(2));

		assert_last_event::<T>(Event::KycRequested {
			who,
			provider,
			commitment: H256::repeat_byte(2),
		});
	}

	#[benchmark]
	fn cancel_request() {
		let provider: T::AccountId = account("provider", 0, 0);
		fill_providers::<T>(&provider);
		let who: T::AccountId = whitelisted_caller();
		Pallet::<T>::do_request(who.clone(), provider.clone(), H256::repeat_byte(1)).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert_last_event::<T>(Event::RequestCancelled { who, provider });
	}

	#[benchmark]
	fn approve() {
		let provider: T::AccountId = account("provider", 0, 0);
		fill_providers::<T>(&provider);
		let who: T::AccountId = account("who", 0, 0);
		// Re-verification: a record exists and is replaced.
		with_record_and_request::<T>(&who, &provider);
		let expires_at = expiry::<T>();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(provider.clone()),
			who.clone(),
			KycLevel::Enhanced,
			H256::repeat_byte(2),
			expires_at,
		);

		assert_last_event::<T>(Event::KycApproved {
			who,
			provider,
			level: KycLevel::Enhanced,
			expires_at,
			commitment: H256::repeat_byte(2),
		});
	}

	#[benchmark]
	fn reject() {
		let provider: T::AccountId = account("provider", 0, 0);
		fill_providers::<T>(&provider);
		let who: T::AccountId = account("who", 0, 0);
		Pallet::<T>::do_request(who.clone(), provider.clone(), H256::repeat_byte(1)).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(provider.clone()), who.clone(), 7);

		assert_last_event::<T>(Event::KycRejected { who, provider, reason: 7 });
	}

	#[benchmark]
	fn revoke() {
		let provider: T::AccountId = account("provider", 0, 0);
		fill_providers::<T>(&provider);
		let who: T::AccountId = account("who", 0, 0);
		with_record_and_request::<T>(&who, &provider);

		#[extrinsic_call]
		_(RawOrigin::Signed(provider.clone()), who.clone());

		assert_last_event::<T>(Event::KycRevoked { who, provider });
	}

	#[benchmark]
	fn suspend() {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		let provider: T::AccountId = account("provider", 0, 0);
		fill_providers::<T>(&provider);
		let who: T::AccountId = account("who", 0, 0);
		with_record_and_request::<T>(&who, &provider);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), 9);

		assert_last_event::<T>(Event::AccountSuspended { who, reason: 9 });
	}

	/// An account with a record (whose suspension flag is cleared too).
	#[benchmark]
	fn unsuspend() {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		let provider: T::AccountId = account("provider", 0, 0);
		fill_providers::<T>(&provider);
		let who: T::AccountId = account("who", 0, 0);
		with_record_and_request::<T>(&who, &provider);
		Pallet::<T>::do_suspend(who.clone(), 9).unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert_last_event::<T>(Event::AccountUnsuspended { who: who.clone() });
		assert_eq!(Pallet::<T>::effective_level(&who), KycLevel::Verified);
	}

	#[benchmark]
	fn force_set_level() {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		let provider: T::AccountId = account("provider", 0, 0);
		fill_providers::<T>(&provider);
		let who: T::AccountId = account("who", 0, 0);
		with_record_and_request::<T>(&who, &provider);
		let expires_at = expiry::<T>();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), KycLevel::Enhanced, expires_at);

		assert_last_event::<T>(Event::LevelForced { who, level: KycLevel::Enhanced, expires_at });
	}

	#[benchmark]
	fn clear_kyc() {
		let provider: T::AccountId = account("provider", 0, 0);
		fill_providers::<T>(&provider);
		let who: T::AccountId = whitelisted_caller();
		with_record_and_request::<T>(&who, &provider);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert_last_event::<T>(Event::KycCleared { who });
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
