//! Storage migrations, one module per storage version.

/// Storage version 1 to 2: each [`crate::KycRecord`] carries its account's suspension flag (a
/// copy of [`crate::Suspended`]), so that the KYC gate reads one storage item instead of two.
pub mod v2 {
	use crate::{pallet::*, types::*};
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, storage_alias,
		traits::UncheckedOnRuntimeUpgrade,
	};
	use frame_system::pallet_prelude::BlockNumberFor;
	use sp_runtime::Saturating;

	/// The version 1 layout of a record: no suspension flag.
	pub mod v1 {
		use super::*;

		/// An attestation as version 1 stores it.
		#[derive(Clone, PartialEq, Eq, Encode, Decode, Debug)]
		pub struct KycRecord<AccountId, BlockNumber> {
			pub level: KycLevel,
			pub provider: Option<AccountId>,
			pub provider_max: KycLevel,
			pub commitment: Option<sp_core::H256>,
			pub expires_at: UnixSeconds,
			pub granted_at: BlockNumber,
		}

		/// A version 1 record of `T`.
		pub type RecordOf<T> = KycRecord<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

		/// Records in the version 1 layout.
		#[storage_alias]
		pub type Records<T: Config> = StorageMap<
			Pallet<T>,
			Blake2_128Concat,
			<T as frame_system::Config>::AccountId,
			RecordOf<T>,
			OptionQuery,
		>;
	}

	/// Adds to every record the flag of its account's entry in [`Suspended`]. One block, every
	/// record read once: fine for the test networks on version 1 (a chain with millions of
	/// records would need a multi-block migration).
	pub struct InnerMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut reads = 0u64;
			let mut writes = 0u64;
			Records::<T>::translate::<v1::RecordOf<T>, _>(|who, old| {
				reads.saturating_accrue(2);
				writes.saturating_inc();
				Some(KycRecord {
					level: old.level,
					provider: old.provider,
					provider_max: old.provider_max,
					commitment: old.commitment,
					expires_at: old.expires_at,
					granted_at: old.granted_at,
					suspended: Suspended::<T>::contains_key(&who),
				})
			});
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			Ok((v1::Records::<T>::iter_keys().count() as u64).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let before = u64::decode(&mut &state[..]).map_err(|_| "bad pre_upgrade state")?;
			ensure!(Records::<T>::iter_keys().count() as u64 == before, "records lost or gained");
			Pallet::<T>::do_try_state()
		}
	}

	/// [`InnerMigrateV1ToV2`], run only on storage version 1, which it sets to 2.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		InnerMigrateV1ToV2<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
