//! `try_state`: invariants of the registry, checked by try-runtime and after every unit test.

use crate::pallet::*;

impl<T: Config> Pallet<T> {
	/// Checks every invariant of the registry's storage:
	/// - [`ProviderCount`] equals the number of [`Providers`] and is at most `MaxProviders`;
	/// - no provider has `max_level` `None`, and no account is both provider and former provider;
	/// - every record has a level above `None`, at most the provider's `max_level` at grant time,
	///   names a current or former provider (or none, when set by genesis or governance), and
	///   carries the suspension flag of its account ([`Suspended`]);
	/// - every pending request names a current or former provider, and no suspended account has
	///   one.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use crate::types::KycLevel;
		use frame_support::traits::Get;
		let mut count: u32 = 0;
		for (who, info) in Providers::<T>::iter() {
			count = count.saturating_add(1);
			if info.max_level == KycLevel::None {
				return Err("provider with max_level None".into());
			}
			if FormerProviders::<T>::contains_key(&who) {
				return Err("account is both provider and former provider".into());
			}
		}
		if count != ProviderCount::<T>::get() {
			return Err("ProviderCount differs from the number of providers".into());
		}
		if count > T::MaxProviders::get() {
			return Err("more providers than MaxProviders".into());
		}
		let known = |p: &T::AccountId| {
			Providers::<T>::contains_key(p) || FormerProviders::<T>::contains_key(p)
		};
		for (who, record) in Records::<T>::iter() {
			if record.suspended != Suspended::<T>::contains_key(&who) {
				return Err("record's suspension flag differs from Suspended".into());
			}
			if record.level == KycLevel::None {
				return Err("record with level None".into());
			}
			if record.level > record.provider_max {
				return Err("record above its provider's max_level at grant time".into());
			}
			if let Some(p) = &record.provider {
				if !known(p) {
					return Err("record granted by an unknown provider".into());
				}
			}
		}
		for (who, request) in Requests::<T>::iter() {
			if !known(&request.provider) {
				return Err("request to an unknown provider".into());
			}
			if Suspended::<T>::contains_key(&who) {
				return Err("suspended account with a pending request".into());
			}
		}
		Ok(())
	}
}
