//! The validator set: who authors blocks (Aura) and votes on finality (GRANDPA).
//!
//! `pallet-session` rotates sessions every [`SessionPeriod`] blocks and takes the Aura and
//! GRANDPA keys of each validator from the keys it registered with `session.setKeys` (with the
//! proof of ownership that `author_rotateKeysWithOwner` returns). The set itself is the list of
//! invulnerables of `pallet-collator-selection`, which governance changes with
//! `collatorSelection.addInvulnerable` / `removeInvulnerable`; candidacy is closed
//! (`MaxCandidates` = 0), so no one joins by bonding. A change made in session `n` is queued at
//! the end of `n` and authors from session `n + 2`, i.e. within two sessions.

use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32},
	PalletId,
};

use super::governance::Governance;
use crate::{
	currency::UNIT, opaque::SessionKeys, AccountId, Aura, Balances, BlockNumber, CollatorSelection,
	Runtime, RuntimeEvent,
};

parameter_types! {
	/// Blocks per session: how often the validator set and keys may change.
	pub const SessionPeriod: BlockNumber = SESSION_PERIOD;
	/// The first session ends at block `SessionPeriod`.
	pub const SessionOffset: BlockNumber = 0;
	/// Unused: candidacy is closed, so the pot never receives anything.
	pub const ValidatorPotId: PalletId = PalletId(*b"otc/vpot");
}

/// Blocks per session: ten minutes.
#[cfg(not(feature = "test-runtime"))]
pub const SESSION_PERIOD: BlockNumber = 10 * crate::MINUTES;
/// Blocks per session of the `test-runtime` build (node tests only): ten blocks.
#[cfg(feature = "test-runtime")]
pub const SESSION_PERIOD: BlockNumber = 10;

impl pallet_authorship::Config for Runtime {
	/// The author of a block is the Aura authority of its slot.
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	type EventHandler = ();
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	/// A validator is identified by its account.
	type ValidatorIdOf = pallet_collator_selection::IdentityCollator;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type SessionManager = CollatorSelection;
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = crate::weights::pallet_session::WeightInfo<Runtime>;
	type Currency = Balances;
	/// Held while an account has keys registered (returned by `session.purgeKeys`), so that
	/// registering keys costs more than a fee.
	type KeyDeposit = ConstU128<UNIT>;
}

impl pallet_collator_selection::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	/// Governance adds and removes validators.
	type UpdateOrigin = Governance;
	type PotId = ValidatorPotId;
	/// No candidacy by bond: the validator set is the invulnerables alone.
	#[cfg(not(feature = "runtime-benchmarks"))]
	type MaxCandidates = ConstU32<0>;
	/// The pallet's benchmarks need room for candidates (their ranges start at one or two);
	/// the weights they give are then charged at the runtime's `MaxCandidates`, 0.
	#[cfg(feature = "runtime-benchmarks")]
	type MaxCandidates = ConstU32<4>;
	/// Removing a validator never leaves fewer than one.
	type MinEligibleCollators = ConstU32<1>;
	type MaxInvulnerables = ConstU32<32>;
	type KickThreshold = SessionPeriod;
	type ValidatorId = AccountId;
	type ValidatorIdOf = pallet_collator_selection::IdentityCollator;
	/// A validator can be added only once its session keys are registered.
	type ValidatorRegistration = crate::Session;
	type WeightInfo = crate::weights::pallet_collator_selection::WeightInfo<Runtime>;
}
