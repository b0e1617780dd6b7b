//! Governance without a master key: the council of operators, the arbiters, and the one way the
//! council reaches Root (to authorize a runtime upgrade, say).
//!
//! - **Council** (`pallet-collective` + `pallet-membership`): the operators of the consortium.
//!   Its motions act as [`Governance`] once a qualified majority passed them: at least two
//!   members and at least two thirds of all members. It sets the trade fee, appoints KYC
//!   providers, manages assets, the validator set, both memberships, and whitelists Root calls.
//! - **Arbiters** (`pallet-membership`): each member decides disputes alone, never one it is a
//!   party to (`pallet_otc_escrow::ArbiterOrBody`); the council (or Root) decides any.
//! - **Root calls** (`pallet-whitelist`): a council motion whitelists the hash of a call and
//!   dispatches it as Root, in one batch (`utility.batchAll`); `system.authorizeUpgrade` is such
//!   a call. The calls behind `force_*` and `sudo` need that motion; no key reaches them, except
//!   the development chain's sudo key (`genesis_config_presets.rs`).
//! - **Emergency brake** (`pallet-tx-pause`): a motion pauses calls of trading, KYC and assets
//!   ([`Pausable`]) and lifts the pause; the calls that run or govern the chain never stop.
//! - Root itself is accepted wherever governance is, for the development chain's sudo.

use core::marker::PhantomData;
use frame_support::{
	parameter_types,
	traits::{Contains, EitherOf, EnsureOrigin, OriginTrait},
	weights::Weight,
};
use frame_system::EnsureRoot;
use sp_runtime::Perbill;

use super::RuntimeBlockWeights;
use crate::{
	AccountId, BlockNumber, Council, OriginCaller, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeOrigin, System, DAYS,
};

/// The council's instance of `pallet-collective` (and of its `pallet-membership`).
pub type CouncilCollective = pallet_collective::Instance1;
/// The arbiters' instance of `pallet-membership`.
pub type ArbitersMembership = pallet_membership::Instance2;

/// A council motion passed by a qualified majority: at least two members, and at least two
/// thirds of all members (3 of 4, 4 of 5, 5 of 7). One member alone never passes one.
pub struct CouncilQualifiedMajority(PhantomData<()>);
impl EnsureOrigin<RuntimeOrigin> for CouncilQualifiedMajority {
	type Success = ();

	fn try_origin(origin: RuntimeOrigin) -> Result<(), RuntimeOrigin> {
		match origin.caller() {
			OriginCaller::Council(pallet_collective::RawOrigin::Members(yes, all))
				if qualified(*yes, *all) =>
			{
				Ok(())
			},
			_ => Err(origin),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<RuntimeOrigin, ()> {
		Ok(pallet_collective::RawOrigin::<AccountId, CouncilCollective>::Members(2, 3).into())
	}
}

/// `yes` of `all` members is a qualified majority.
pub const fn qualified(yes: u32, all: u32) -> bool {
	yes >= 2 && (yes as u64) * 3 >= (all as u64) * 2
}

/// The governance origin of the runtime: a council motion of a qualified majority, or Root
/// (reached by the development chain's sudo key, or by a whitelisted council call).
pub type Governance = EitherOf<EnsureRoot<AccountId>, CouncilQualifiedMajority>;

parameter_types! {
	/// A motion not closed within three days fails (members who did not vote count as nay).
	pub const CouncilMotionDuration: BlockNumber = 3 * DAYS;
	/// The council's open motions, at most.
	pub const CouncilMaxProposals: u32 = 32;
	/// Council members, at most.
	pub const CouncilMaxMembers: u32 = 16;
	/// A motion's call may use half a block.
	pub MaxProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
	/// Arbiters, at most.
	pub const MaxArbiters: u32 = 32;
	/// A Root call dispatched before its whitelisting waits at most a day for it.
	pub const DeferredDispatchExpiration: BlockNumber = DAYS;
}

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = CouncilMaxProposals;
	type MaxMembers = CouncilMaxMembers;
	/// Members who did not vote count as nay (there is no prime member).
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = crate::weights::pallet_collective::WeightInfo<Runtime>;
	/// Members change through `councilMembership`; `setMembers` is for Root alone.
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = Governance;
	type KillOrigin = Governance;
	/// Only members propose; they pay the fee, no deposit.
	type Consideration = ();
}

impl pallet_membership::Config<pallet_membership::Instance1> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = Governance;
	type RemoveOrigin = Governance;
	type SwapOrigin = Governance;
	type ResetOrigin = Governance;
	type PrimeOrigin = Governance;
	type MembershipInitialized = Council;
	type MembershipChanged = Council;
	type MaxMembers = CouncilMaxMembers;
	type WeightInfo = crate::weights::pallet_membership::WeightInfo<Runtime>;
}

impl pallet_membership::Config<ArbitersMembership> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = Governance;
	type RemoveOrigin = Governance;
	type SwapOrigin = Governance;
	type ResetOrigin = Governance;
	type PrimeOrigin = Governance;
	type MembershipInitialized = ();
	type MembershipChanged = ();
	type MaxMembers = MaxArbiters;
	type WeightInfo = crate::weights::pallet_membership::WeightInfo<Runtime>;
}

/// Who decides disputes: a member of the arbiters (not on its own trades), or governance.
pub type Arbiter = pallet_otc_escrow::ArbiterOrBody<crate::Arbiters, Governance, AccountId>;

impl pallet_whitelist::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WhitelistOrigin = Governance;
	type DispatchWhitelistedOrigin = Governance;
	/// Calls are dispatched with their preimage inline (`dispatchWhitelistedCallWithPreimage`).
	type Preimages = ();
	type DeferredDispatchExpiration = DeferredDispatchExpiration;
	type BlockNumberProvider = System;
	/// The pallet's own weights (Parity's reference machine): its benchmarks need a preimage
	/// store, which the runtime does not have. They count the preimage pallet's storage and
	/// RocksDB's slower writes, so they charge these governance-only calls more, not less, than
	/// they cost here.
	type WeightInfo = pallet_whitelist::weights::SubstrateWeight<Runtime>;
}

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = crate::weights::pallet_utility::WeightInfo<Runtime>;
}

/// The calls an emergency brake can stop: trading (`otcEscrow`), KYC (`kycRegistry`) and
/// asset transfers (`assets`). Everything that runs or governs the chain stays callable.
pub struct Pausable;
impl Contains<pallet_tx_pause::RuntimeCallNameOf<Runtime>> for Pausable {
	fn contains(name: &pallet_tx_pause::RuntimeCallNameOf<Runtime>) -> bool {
		matches!(name.0.as_slice(), b"OtcEscrow" | b"KycRegistry" | b"Assets") ||
			// The pallet's benchmarks pause a made-up call with the longest name (no pallet
			// of the runtime has a name that long).
			(cfg!(feature = "runtime-benchmarks") && name.0.len() == MaxCallNameLen::get() as usize)
	}
}

parameter_types! {
	/// The longest pallet or call name the brake takes.
	pub const MaxCallNameLen: u32 = 64;
}

/// The calls no brake can stop (`pallet-tx-pause` asks for these): all but [`Pausable`].
pub struct NeverPaused;
impl Contains<pallet_tx_pause::RuntimeCallNameOf<Runtime>> for NeverPaused {
	fn contains(name: &pallet_tx_pause::RuntimeCallNameOf<Runtime>) -> bool {
		!Pausable::contains(name)
	}
}

impl pallet_tx_pause::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	/// The emergency brake: a council motion pauses a call (`txPause.pause((pallet, call))`),
	/// another lifts it (`txPause.unpause`).
	type PauseOrigin = Governance;
	type UnpauseOrigin = Governance;
	type WhitelistedCalls = NeverPaused;
	type MaxNameLen = MaxCallNameLen;
	type WeightInfo = crate::weights::pallet_tx_pause::WeightInfo<Runtime>;
}
