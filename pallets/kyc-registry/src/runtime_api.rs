//! The runtime API of the KYC registry: what wallets and platform backends read through the node
//! (the node's `kyc_status` JSON-RPC method calls it).

use crate::types::{KycLevel, KycStatus};
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Reads of the KYC registry.
	///
	/// Version 1.
	#[api_version(1)]
	pub trait KycRegistryApi<AccountId>
	where
		AccountId: Codec,
	{
		/// `who`'s KYC: effective and attested level, expiry, provider, suspension, pending
		/// request. An account never attested reads as level `None` with nothing else set.
		fn status(who: AccountId) -> KycStatus<AccountId>;
		/// The level every gate uses for `who` now: `None` if suspended, expired or never
		/// attested.
		fn level(who: AccountId) -> KycLevel;
	}
}
