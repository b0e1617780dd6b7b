//! Types of the KYC registry: levels, providers, requests, records and suspensions.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::BoundedVec;
use scale_info::TypeInfo;
use sp_core::H256;

/// An identity-check level. Ordered: `None < Basic < Verified < Enhanced`; encoded as one byte.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum KycLevel {
	/// No identity check, or an expired, revoked or suspended one.
	#[default]
	#[codec(index = 0)]
	None,
	/// Basic check (e.g. name, date of birth, sanctions screening).
	#[codec(index = 1)]
	Basic,
	/// Verified identity document and liveness check.
	#[codec(index = 2)]
	Verified,
	/// Verified plus enhanced due diligence (source of funds, address proof).
	#[codec(index = 3)]
	Enhanced,
}

/// Seconds since the Unix epoch (UTC). Attestations expire by wall-clock time, as identity
/// documents do, read from the block timestamp.
pub type UnixSeconds = u64;

/// A desk-defined code saying why a request was rejected or an account suspended. The meaning of
/// each code is published by the provider or governance off chain; no free text goes on chain.
pub type ReasonCode = u16;

/// A KYC provider appointed by governance.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[scale_info(skip_type_params(NameLimit))]
pub struct ProviderInfo<BlockNumber, NameLimit: frame_support::traits::Get<u32>> {
	/// The highest level this provider may attest.
	pub max_level: KycLevel,
	/// Public name of the provider (e.g. its company name), UTF-8.
	pub name: BoundedVec<u8, NameLimit>,
	/// Block at which governance appointed it.
	pub since: BlockNumber,
}

/// An applicant's pending request: which provider holds the identity file, and its hash.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct KycRequest<AccountId, BlockNumber> {
	/// Provider the applicant gave the identity file to.
	pub provider: AccountId,
	/// Hash of that file: the provider's approval must name the same hash.
	pub commitment: H256,
	/// Block of the request.
	pub requested_at: BlockNumber,
}

/// An account's attested level.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct KycRecord<AccountId, BlockNumber> {
	/// Attested level (never `None`: a `None` record is removed instead).
	pub level: KycLevel,
	/// Provider that attested it; `None` when set at genesis or by governance.
	pub provider: Option<AccountId>,
	/// The provider's `max_level` when it attested (for audits: `level <= provider_max`).
	pub provider_max: KycLevel,
	/// Hash of the identity file the attestation is bound to; `None` when set at genesis or by
	/// governance.
	pub commitment: Option<H256>,
	/// The attestation counts until this time (exclusive).
	pub expires_at: UnixSeconds,
	/// Block of the attestation.
	pub granted_at: BlockNumber,
	/// Block of the account's first attestation, kept when it is renewed, raised or forced:
	/// how long the chain has known the account (the OTC escrow's account age). Starts again
	/// only after the record is cleared.
	pub verified_since: BlockNumber,
	/// Whether the account is suspended: a copy of its entry in [`crate::Suspended`] (which also
	/// holds accounts without a record), so that the gate every OTC call passes reads one storage
	/// item. `try_state` checks that the two agree.
	pub suspended: bool,
}

/// Why and since when an account is suspended.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Suspension<BlockNumber> {
	/// Governance's reason code.
	pub reason: ReasonCode,
	/// Block of the suspension.
	pub since: BlockNumber,
}

/// Everything a client needs to know of an account's KYC, in one read (for runtime APIs).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct KycStatus<AccountId> {
	/// The level every gate uses now: `None` if suspended, expired or never attested.
	pub effective_level: KycLevel,
	/// The attested level, whatever its expiry or suspension.
	pub attested_level: KycLevel,
	/// Expiry of the attestation, if any.
	pub expires_at: Option<UnixSeconds>,
	/// Provider of the attestation, if any.
	pub provider: Option<AccountId>,
	/// Whether governance suspended the account.
	pub suspended: bool,
	/// Provider of a pending request, if any.
	pub pending_request: Option<AccountId>,
}
