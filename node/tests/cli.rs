//! The `otc-node` subcommands operators use: chain specs, keys, purge-chain, and the benchmark
//! CLI being absent from the default build.

mod common;

use common::*;
use std::process::Command;

fn run(args: &[&str]) -> (bool, String, String) {
	let out = Command::new(NODE).args(args).output().expect("otc-node runs");
	(
		out.status.success(),
		String::from_utf8_lossy(&out.stdout).to_string(),
		String::from_utf8_lossy(&out.stderr).to_string(),
	)
}

#[test]
fn build_spec_has_properties_and_presets() {
	for chain in ["dev", "local"] {
		let (ok, stdout, stderr) = run(&["build-spec", "--chain", chain]);
		assert!(ok, "build-spec --chain {chain} failed: {stderr}");
		let spec: serde_json::Value = serde_json::from_str(&stdout).expect("JSON chain spec");
		assert_eq!(spec["properties"]["tokenSymbol"], "OTC");
		assert_eq!(spec["properties"]["tokenDecimals"], 12);
		assert_eq!(spec["properties"]["ss58Format"], 42);
		assert!(spec["genesis"]["runtimeGenesis"]["code"].is_string(), "wasm in the spec");
	}
	let (ok, stdout, stderr) = run(&["build-spec", "--chain", "dev", "--raw"]);
	assert!(ok, "raw build-spec failed: {stderr}");
	let spec: serde_json::Value = serde_json::from_str(&stdout).unwrap();
	assert!(spec["genesis"]["raw"]["top"].is_object(), "raw genesis storage");
	let (ok, _, _) = run(&["build-spec", "--chain", "no-such-file.json"]);
	assert!(!ok, "an unknown chain spec is an error");
}

#[test]
fn key_inspect_uses_the_dev_keyring() {
	let (ok, stdout, stderr) = run(&["key", "inspect", "//Alice"]);
	assert!(ok, "key inspect failed: {stderr}");
	assert!(stdout.contains("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"), "{stdout}");
}

#[test]
fn purge_chain_and_no_benchmark_cli_by_default() {
	let dir = temp_dir("purge");
	let base = dir.to_string_lossy().to_string();
	let (ok, _, stderr) = run(&["purge-chain", "--chain", "local", "--base-path", &base, "-y"]);
	assert!(ok, "purge-chain failed: {stderr}");
	let (ok, _, stderr) = run(&["benchmark", "pallet", "--help"]);
	assert!(!ok, "the default build has no benchmark CLI");
	assert!(stderr.contains("unrecognized subcommand"), "{stderr}");
	let _ = std::fs::remove_dir_all(dir);
}
