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

/// `dev`: one validator (Alice), dev accounts funded, Alice is sudo, Alice, Bob and Charlie
/// the council.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("otc-chain development")
		.with_id("otc_dev")
		.with_protocol_id("otc")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// `local`: Alice, Bob and Charlie as validators and council; no sudo.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("otc-chain local testnet")
		.with_id("otc_local")
		.with_protocol_id("otc")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// `staging`: Alice, Bob, Charlie and Dave as validators and council, Eve and Ferdie as
/// arbiters; no sudo. The template of a consortium's chain spec (`docs/operations.md`).
pub fn staging_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("otc-chain staging")
		.with_id("otc_staging")
		.with_protocol_id("otc")
		.with_chain_type(ChainType::Live)
		.with_genesis_config_preset_name(
			otc_runtime::genesis_config_presets::STAGING_RUNTIME_PRESET,
		)
		.with_properties(properties())
		.build())
}
