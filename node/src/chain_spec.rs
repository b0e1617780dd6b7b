//! The built-in chain specifications `dev`, `local` and `staging`, made from the runtime's
//! genesis presets. Only `dev` has a sudo key.

use otc_runtime::{currency, SS58_FORMAT, WASM_BINARY};
use sc_service::{ChainType, Properties};

/// Chain specification of otc-chain (no extensions).
pub type ChainSpec = sc_service::GenericChainSpec;

/// Properties wallets read: token symbol, decimals and SS58 format.
fn properties() -> Properties {
	let mut p = Properties::new();
	p.insert("tokenSymbol".into(), currency::SYMBOL.into());
	p.insert("tokenDecimals".into(), currency::DECIMALS.into());
	p.insert("ss58Format".into(), SS58_FORMAT.into());
	p
}

fn wasm() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| "the runtime wasm was not built into this node".to_string())
}

/// The chain spec named `name` (`id`) of `chain_type`, from the runtime's genesis preset
/// `preset`.
fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name(name)
		.with_id(id)
		.with_protocol_id("otc")
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// `dev`: one validator (Alice), dev accounts funded, Alice is sudo, Alice, Bob and Charlie
/// the council.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	let preset = sp_genesis_builder::DEV_RUNTIME_PRESET;
	from_preset("otc-chain development", "otc_dev", ChainType::Development, preset)
}

/// `local`: Alice, Bob and Charlie as validators and council; no sudo.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	let preset = sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET;
	from_preset("otc-chain local testnet", "otc_local", ChainType::Local, preset)
}

/// `staging`: Alice, Bob, Charlie and Dave as validators and council, Eve and Ferdie as
/// arbiters; no sudo. The template of a consortium's chain spec (`docs/operations.md`).
pub fn staging_chain_spec() -> Result<ChainSpec, String> {
	let preset = otc_runtime::genesis_config_presets::STAGING_RUNTIME_PRESET;
	from_preset("otc-chain staging", "otc_staging", ChainType::Live, preset)
}
