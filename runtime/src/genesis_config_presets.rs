//! Genesis presets of the runtime: `development` (one validator, Alice) and `local_testnet`
//! (Alice, Bob and Charlie as Aura and GRANDPA authorities).
//!
//! Both presets fund the well-known dev accounts with `OTC`, make Alice the sudo key, create the
//! `USDT` asset (id [`USDT_ASSET_ID`], 6 decimals) and fund the dev accounts with it. The keys are
//! the public dev keyring: never use these presets for a chain holding real value.

use crate::{
	configs::TreasuryAccount, currency::UNIT, AccountId, AssetId, AssetsConfig, Balance,
	BalancesConfig, KycRegistryConfig, OtcEscrowConfig, RuntimeGenesisConfig, SudoConfig,
	EXISTENTIAL_DEPOSIT,
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

/// Aura and GRANDPA keys of a dev validator.
fn authority_keys(sr: Sr25519Keyring, ed: Ed25519Keyring) -> (AuraId, GrandpaId) {
	(sr.public().into(), ed.public().into())
}

fn genesis(
	authorities: Vec<(AuraId, GrandpaId)>,
	endowed: Vec<AccountId>,
	root: AccountId,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			// The escrow and treasury accounts get the existential deposit so that they always
			// exist: escrow then holds exactly what it owes plus this deposit.
			balances: endowed
				.iter()
				.cloned()
				.map(|a| (a, DEV_OTC_ENDOWMENT))
				.chain([
					(
						pallet_otc_escrow::Pallet::<crate::Runtime>::escrow_account(),
						EXISTENTIAL_DEPOSIT
					),
					(TreasuryAccount::get(), EXISTENTIAL_DEPOSIT),
				])
				.collect::<Vec<_>>(),
		},
		aura: pallet_aura::GenesisConfig {
			authorities: authorities.iter().map(|a| a.0.clone()).collect::<Vec<_>>(),
		},
		grandpa: pallet_grandpa::GenesisConfig {
			authorities: authorities.iter().map(|a| (a.1.clone(), 1)).collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: Some(root.clone()) },
		assets: AssetsConfig {
			// (id, owner, is_sufficient, min_balance): sufficient, so holding USDT alone keeps an
			// account alive.
			assets: vec![(USDT_ASSET_ID, root, true, USDT_MIN_BALANCE)],
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
		otc_escrow: OtcEscrowConfig { trade_fee_bps: GENESIS_TRADE_FEE_BPS },
	})
}

/// The `development` preset: Alice alone produces and finalizes blocks.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![authority_keys(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		endowed_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// The `local_testnet` preset: Alice, Bob and Charlie are the authorities.
pub fn local_config_genesis() -> Value {
	genesis(
		vec![
			authority_keys(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			authority_keys(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			authority_keys(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
		],
		endowed_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// The JSON patch of the preset `id`, or `None` for an unknown id.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
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
	]
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

	#[test]
	fn development_preset_builds_state_with_usdt() {
		use sp_runtime::BuildStorage;
		let json = get_preset(&PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET)).unwrap();
		let mut config = RuntimeGenesisConfig::default();
		let patch: Value = serde_json::from_slice(&json).unwrap();
		let mut base = serde_json::to_value(&config).unwrap();
		json_patch_merge(&mut base, patch);
		config = serde_json::from_value(base).unwrap();
		let storage = config.build_storage().expect("genesis builds");
		sp_io::TestExternalities::new(storage).execute_with(|| {
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

	/// Minimal RFC 7386 merge, as the genesis builder applies presets.
	fn json_patch_merge(base: &mut Value, patch: Value) {
		match (base, patch) {
			(Value::Object(b), Value::Object(p)) => {
				for (k, v) in p {
					json_patch_merge(b.entry(k).or_insert(Value::Null), v);
				}
			},
			(b, p) => *b = p,
		}
	}
}
