//! Genesis presets of the runtime:
//!
//! | preset          | validators                  | council                | arbiters    | sudo  | `USDT` issuer |
//! |-----------------|-----------------------------|------------------------|-------------|-------|---------------|
//! | `development`   | Alice                       | Alice, Bob, Charlie    | Eve, Ferdie | Alice | `One`         |
//! | `local_testnet` | Alice, Bob, Charlie         | Alice, Bob, Charlie    | Dave, Eve   | none  | the council   |
//! | `staging`       | Alice, Bob, Charlie, Dave   | the four validators    | Eve, Ferdie | none  | the council   |
//!
//! Every preset funds the well-known dev accounts with `OTC`, creates the `USDT` asset (id
//! [`USDT_ASSET_ID`], 6 decimals), funds the dev accounts with it and lists `OTC` and `USDT` for
//! trading. "The council" issues `USDT` through a keyless owner account ([`keyless_usdt_owner`])
//! whose powers only a council motion reaches (`assets.force*`). The keys are the public dev
//! keyring: never run these presets for a chain holding real value. `staging` is the template of
//! a consortium's chain spec: `docs/operations.md` replaces its keys with the operators' own.

use crate::{
	configs::{AssetKind, TreasuryAccount},
	currency::UNIT,
	opaque::SessionKeys,
	AccountId, ArbitersConfig, AssetId, AssetsConfig, Balance, BalancesConfig,
	CollatorSelectionConfig, CouncilMembershipConfig, KycRegistryConfig, OtcEscrowConfig,
	RuntimeGenesisConfig, SessionConfig, SudoConfig, EXISTENTIAL_DEPOSIT,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use pallet_kyc_registry::KycLevel;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// Id of the `USDT` asset created at genesis.
pub const USDT_ASSET_ID: AssetId = 1;
/// Decimals of the `USDT` asset.
pub const USDT_DECIMALS: u8 = 6;
/// One whole `USDT`.
pub const USDT_UNIT: Balance = 1_000_000;
/// Smallest `USDT` balance an account may hold (one cent).
pub const USDT_MIN_BALANCE: Balance = USDT_UNIT / 100;
/// The trade fee at genesis: 10 bps (0.1 %).
pub const GENESIS_TRADE_FEE_BPS: u16 = 10;

/// Expiry of the dev chain's KYC attestations: 2100-01-01T00:00:00Z.
pub const DEV_KYC_EXPIRY: u64 = 4_102_444_800;
/// `OTC` given to each funded dev account.
pub const DEV_OTC_ENDOWMENT: Balance = 1_000_000 * UNIT;
/// `USDT` given to each funded dev account.
pub const DEV_USDT_ENDOWMENT: Balance = 1_000_000 * USDT_UNIT;

/// The dev accounts funded by both presets.
fn endowed_accounts() -> Vec<AccountId> {
	[
		Sr25519Keyring::Alice,
		Sr25519Keyring::Bob,
		Sr25519Keyring::Charlie,
		Sr25519Keyring::Dave,
		Sr25519Keyring::Eve,
		Sr25519Keyring::Ferdie,
		Sr25519Keyring::AliceStash,
		Sr25519Keyring::BobStash,
	]
	.iter()
	.map(|k| k.to_account_id())
	.collect()
}

/// KYC at genesis: Alice is a provider up to `Enhanced`; Alice, Bob and Charlie hold `Verified`
/// so the chain can trade out of the box; Dave and Eve hold nothing (for negative tests).
fn kyc_genesis() -> KycRegistryConfig {
	let provider = Sr25519Keyring::Alice.to_account_id();
	KycRegistryConfig {
		providers: vec![(provider.clone(), KycLevel::Enhanced, b"otc-chain dev KYC".to_vec())],
		records: [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
			.iter()
			.map(|k| (k.to_account_id(), provider.clone(), KycLevel::Verified, DEV_KYC_EXPIRY))
			.collect(),
	}
}

/// Name of the `staging` preset: four validators, a council of their operators, no sudo.
pub const STAGING_RUNTIME_PRESET: &str = "staging";

/// A dev validator: its account and its session keys (Aura sr25519, GRANDPA ed25519).
fn validator(sr: Sr25519Keyring, ed: Ed25519Keyring) -> (AccountId, SessionKeys) {
	let aura: AuraId = sr.public().into();
	let grandpa: GrandpaId = ed.public().into();
	(sr.to_account_id(), SessionKeys { aura, grandpa })
}

fn accounts(keys: &[Sr25519Keyring]) -> Vec<AccountId> {
	keys.iter().map(|k| k.to_account_id()).collect()
}

/// The owner of `USDT` on chains without sudo: an account no one holds a key of, so that only
/// the council (`assets.force*` by a council motion) can mint, freeze or move `USDT`. On the
/// development chain the dev keyring's `One` issues it: a dedicated issuer, no trader's or
/// validator's key.
pub fn keyless_usdt_owner() -> AccountId {
	use sp_runtime::traits::AccountIdConversion;
	frame_support::PalletId(*b"otc/usdt").into_account_truncating()
}

/// Who runs and governs a chain: its validators, council, arbiters, sudo key (if any) and the
/// owner of `USDT` (owner, issuer, admin and freezer in one).
struct Authorities {
	validators: Vec<(AccountId, SessionKeys)>,
	council: Vec<AccountId>,
	arbiters: Vec<AccountId>,
	sudo: Option<AccountId>,
	usdt_owner: AccountId,
}

fn genesis(authorities: Authorities, endowed: Vec<AccountId>) -> Value {
	let Authorities { validators, council, arbiters, sudo, usdt_owner } = authorities;
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			// The escrow account gets the existential deposit so that it always exists: escrow
			// then holds exactly what it owes plus this deposit. The treasury (the fee
			// destination) gets it plus the deposits of its accounts of listed assets.
			balances: endowed
				.iter()
				.cloned()
				.map(|a| (a, DEV_OTC_ENDOWMENT))
				.chain([
					(
						pallet_otc_escrow::Pallet::<crate::Runtime>::escrow_account(),
						EXISTENTIAL_DEPOSIT
					),
					(TreasuryAccount::get(), EXISTENTIAL_DEPOSIT + UNIT),
					// The USDT issuer pays its own fees.
					(usdt_owner.clone(), DEV_OTC_ENDOWMENT),
				])
				.collect::<Vec<_>>(),
		},
		// Aura and GRANDPA take their authorities from the session keys.
		collator_selection: CollatorSelectionConfig {
			invulnerables: validators.iter().map(|(a, _)| a.clone()).collect::<Vec<_>>(),
		},
		session: SessionConfig {
			keys: validators
				.iter()
				.map(|(a, keys)| (a.clone(), a.clone(), keys.clone()))
				.collect::<Vec<_>>(),
		},
		council_membership: CouncilMembershipConfig {
			members: council.try_into().unwrap_or_default(),
		},
		arbiters: ArbitersConfig { members: arbiters.try_into().unwrap_or_default() },
		sudo: SudoConfig { key: sudo },
		assets: AssetsConfig {
			// (id, owner, is_sufficient, min_balance): sufficient, so holding USDT alone keeps an
			// account alive.
			assets: vec![(USDT_ASSET_ID, usdt_owner, true, USDT_MIN_BALANCE)],
			metadata: vec![(
				USDT_ASSET_ID,
				b"Tether USD".to_vec(),
				b"USDT".to_vec(),
				USDT_DECIMALS
			)],
			// Escrow gets USDT's minimum balance, its reserve: escrow accepts an asset only while
			// it holds that much beyond what it owes, so no payout can empty its account of it.
			accounts: endowed
				.iter()
				.cloned()
				.map(|a| (USDT_ASSET_ID, a, DEV_USDT_ENDOWMENT))
				.chain([(
					USDT_ASSET_ID,
					pallet_otc_escrow::Pallet::<crate::Runtime>::escrow_account(),
					USDT_MIN_BALANCE,
				)])
				.collect::<Vec<_>>(),
		},
		kyc_registry: kyc_genesis(),
		otc_escrow: OtcEscrowConfig {
			trade_fee_bps: GENESIS_TRADE_FEE_BPS,
			// The tradable assets: OTC and USDT, orders from their minimum balance up to a
			// million whole tokens.
			listed: vec![
				(AssetKind::Native, EXISTENTIAL_DEPOSIT, 1_000_000 * UNIT),
				(AssetKind::WithId(USDT_ASSET_ID), USDT_MIN_BALANCE, 1_000_000 * USDT_UNIT),
			],
			rules: trade_rules(),
			// Limits per asset and KYC level are the council's to set (`set_limit`); the ramp
			// scales them for new buyers from the start.
			limits: vec![],
			ramp: buyer_ramp(),
		},
	})
}

/// The ramp for new buyers, as Bisq's: 4 % of their level's limits for the first 30 days,
/// half until 60 days, then all (account age counts from the first KYC attestation or the
/// first completed trade).
fn buyer_ramp() -> Vec<pallet_otc_escrow::RampStep<crate::BlockNumber>> {
	use pallet_otc_escrow::RampStep;
	vec![
		RampStep { from_age: 0, share_bps: 400 },
		RampStep { from_age: 30 * crate::DAYS, share_bps: 5_000 },
		RampStep { from_age: 60 * crate::DAYS, share_bps: 10_000 },
	]
}

/// The rules for bonds and cancellations every preset starts with: an advert asks the bonds it
/// wants up to 10 000 OTC from a buyer and 100 000 OTC from its seller (none required: the
/// seller, who bears a griefer's cost, sizes the buyer's bond); half of a slashed bond goes to
/// the wronged party, half to the treasury; a buyer may cancel within 5 minutes of opening
/// without losing its bond; three cancellations or expiries a day, and the fourth cools the
/// buyer down; a seller has 30 minutes to release a paid order before the chain disputes it;
/// an arbiter has 48 hours (as Bisq's mediators), then every arbiter 48 more, before the
/// council decides.
fn trade_rules() -> pallet_otc_escrow::TradeRulesOf<crate::Runtime> {
	pallet_otc_escrow::TradeRules {
		min_buyer_bond: 0,
		max_buyer_bond: 10_000 * UNIT,
		min_seller_bond: 0,
		max_seller_bond: 100_000 * UNIT,
		to_wronged_bps: 5_000,
		cancel_grace: 5 * crate::MINUTES,
		max_strikes: 3,
		release_window: 30 * crate::MINUTES,
		arbiter_window: 48 * crate::HOURS,
	}
}

/// The `development` preset: Alice alone produces and finalizes blocks and holds the sudo key.
pub fn development_config_genesis() -> Value {
	use Sr25519Keyring::*;
	genesis(
		Authorities {
			validators: vec![validator(Alice, Ed25519Keyring::Alice)],
			council: accounts(&[Alice, Bob, Charlie]),
			arbiters: accounts(&[Eve, Ferdie]),
			sudo: Some(Alice.to_account_id()),
			usdt_owner: One.to_account_id(),
		},
		endowed_accounts(),
	)
}

/// The `local_testnet` preset: Alice, Bob and Charlie validate and sit on the council; no sudo.
pub fn local_config_genesis() -> Value {
	use Sr25519Keyring::*;
	genesis(
		Authorities {
			validators: vec![
				validator(Alice, Ed25519Keyring::Alice),
				validator(Bob, Ed25519Keyring::Bob),
				validator(Charlie, Ed25519Keyring::Charlie),
			],
			council: accounts(&[Alice, Bob, Charlie]),
			arbiters: accounts(&[Dave, Eve]),
			sudo: None,
			usdt_owner: keyless_usdt_owner(),
		},
		endowed_accounts(),
	)
}

/// The `staging` preset: four validator operators (Alice, Bob, Charlie, Dave) form the council,
/// Eve and Ferdie are the arbiters; no sudo.
pub fn staging_config_genesis() -> Value {
	use Sr25519Keyring::*;
	genesis(
		Authorities {
			validators: vec![
				validator(Alice, Ed25519Keyring::Alice),
				validator(Bob, Ed25519Keyring::Bob),
				validator(Charlie, Ed25519Keyring::Charlie),
				validator(Dave, Ed25519Keyring::Dave),
			],
			council: accounts(&[Alice, Bob, Charlie, Dave]),
			arbiters: accounts(&[Eve, Ferdie]),
			sudo: None,
			usdt_owner: keyless_usdt_owner(),
		},
		endowed_accounts(),
	)
}

/// The JSON patch of the preset `id`, or `None` for an unknown id.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		STAGING_RUNTIME_PRESET => staging_config_genesis(),
		_ => return None,
	};
	// Serializing a `serde_json::Value` cannot fail; `ok()` keeps the runtime free of panics.
	serde_json::to_string(&patch).ok().map(|s| s.into_bytes())
}

/// Names of the presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(STAGING_RUNTIME_PRESET),
	]
}

/// The genesis config of the preset `id`: its patch applied to the defaults as the node's
/// chain-spec builder applies it (RFC 7386 merge). For tests and tools; `None` for an unknown
/// preset.
#[cfg(feature = "std")]
pub fn preset_config(id: &str) -> Option<RuntimeGenesisConfig> {
	let patch: Value = serde_json::from_slice(&get_preset(&PresetId::from(id))?).ok()?;
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).ok()?;
	json_merge(&mut config, patch);
	serde_json::from_value(config).ok()
}

#[cfg(feature = "std")]
fn json_merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(b), Value::Object(p)) => {
			for (k, v) in p {
				json_merge(b.entry(k).or_insert(Value::Null), v);
			}
		},
		(b, p) => *b = p,
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn presets_are_listed_and_build() {
		for id in preset_names() {
			let json = get_preset(&id).expect("listed preset exists");
			let value: Value = serde_json::from_slice(&json).expect("valid json");
			assert!(value.get("balances").is_some(), "{id:?} funds accounts");
			assert!(value.get("assets").is_some(), "{id:?} creates USDT");
		}
		assert!(get_preset(&PresetId::from("no-such-preset")).is_none());
	}

	/// The state the preset `id` builds.
	fn state_of(id: &str) -> sp_io::TestExternalities {
		use sp_runtime::BuildStorage;
		let config = preset_config(id).expect("preset exists");
		sp_io::TestExternalities::new(config.build_storage().expect("genesis builds"))
	}

	#[test]
	fn development_preset_builds_state_with_usdt() {
		state_of(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
			let alice = Sr25519Keyring::Alice.to_account_id();
			let dave = Sr25519Keyring::Dave.to_account_id();
			assert_eq!(crate::Balances::free_balance(&alice), DEV_OTC_ENDOWMENT);
			assert_eq!(crate::Assets::balance(USDT_ASSET_ID, &dave), DEV_USDT_ENDOWMENT);
			assert_eq!(pallet_sudo::Key::<crate::Runtime>::get(), Some(alice.clone()));
			assert_eq!(pallet_aura::Authorities::<crate::Runtime>::get().len(), 1);
			use pallet_kyc_registry::KycGate;
			for k in [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie] {
				assert_eq!(crate::KycRegistry::level(&k.to_account_id()), KycLevel::Verified);
			}
			assert_eq!(crate::KycRegistry::level(&dave), KycLevel::None);
			assert!(pallet_kyc_registry::Providers::<crate::Runtime>::contains_key(&alice));
		});
	}

	/// `local_testnet` and `staging` have no sudo key; their validators are the session's, and
	/// Aura and GRANDPA take them from it; the council and the arbiters are as documented.
	#[test]
	fn only_the_development_preset_has_a_sudo_key() {
		use Sr25519Keyring::*;
		for (id, validators, council, arbiters) in [
			(
				sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
				vec![Alice, Bob, Charlie],
				vec![Alice, Bob, Charlie],
				vec![Dave, Eve],
			),
			(
				STAGING_RUNTIME_PRESET,
				vec![Alice, Bob, Charlie, Dave],
				vec![Alice, Bob, Charlie, Dave],
				vec![Eve, Ferdie],
			),
		] {
			state_of(id).execute_with(|| {
				assert_eq!(pallet_sudo::Key::<crate::Runtime>::get(), None, "{id}");
				let usdt = pallet_assets::Asset::<crate::Runtime>::get(USDT_ASSET_ID).unwrap();
				assert_eq!((usdt.owner, usdt.admin), (keyless_usdt_owner(), keyless_usdt_owner()));
				let sorted = |keys: Vec<Sr25519Keyring>| {
					let mut a = accounts(&keys);
					a.sort();
					a
				};
				assert_eq!(crate::Session::validators(), sorted(validators.clone()), "{id}");
				assert_eq!(
					pallet_collator_selection::Invulnerables::<crate::Runtime>::get().to_vec(),
					sorted(validators.clone()),
				);
				assert_eq!(
					pallet_aura::Authorities::<crate::Runtime>::get().len(),
					validators.len()
				);
				assert_eq!(crate::Grandpa::grandpa_authorities().len(), validators.len());
				assert_eq!(
					pallet_collective::Members::<
						crate::Runtime,
						crate::configs::governance::CouncilCollective,
					>::get(),
					sorted(council)
				);
				assert_eq!(
					pallet_membership::Members::<
						crate::Runtime,
						crate::configs::governance::ArbitersMembership,
					>::get()
					.to_vec(),
					sorted(arbiters),
				);
			});
		}
	}
}
