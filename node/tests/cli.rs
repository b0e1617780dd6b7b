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
	for chain in ["dev", "local", "staging"] {
		let (ok, stdout, stderr) = run(&["build-spec", "--chain", chain]);
		assert!(ok, "build-spec --chain {chain} failed: {stderr}");
		let spec: serde_json::Value = serde_json::from_str(&stdout).expect("JSON chain spec");
		assert_eq!(spec["properties"]["tokenSymbol"], "OTC");
		assert_eq!(spec["properties"]["tokenDecimals"], 12);
		assert_eq!(spec["properties"]["ss58Format"], 42);
		assert!(spec["genesis"]["runtimeGenesis"]["code"].is_string(), "wasm in the spec");
		// The patch the preset gives: a sudo key on `dev` only.
		let patch = &spec["genesis"]["runtimeGenesis"]["patch"];
		let sudo = &patch["sudo"]["key"];
		if chain == "dev" {
			assert!(sudo.is_string(), "dev keeps a sudo key: {sudo}");
		} else {
			assert!(sudo.is_null(), "{chain} has no sudo key: {sudo}");
			assert!(patch["councilMembership"]["members"].is_array(), "{chain} has a council");
		}
	}
	let (ok, stdout, stderr) = run(&["build-spec", "--chain", "dev", "--raw"]);
	assert!(ok, "raw build-spec failed: {stderr}");
	let spec: serde_json::Value = serde_json::from_str(&stdout).unwrap();
	assert!(spec["genesis"]["raw"]["top"].is_object(), "raw genesis storage");
	let (ok, _, _) = run(&["build-spec", "--chain", "no-such-file.json"]);
	assert!(!ok, "an unknown chain spec is an error");
}

/// Without `--chain` (or `--dev`) the node names the choices instead of starting a chain.
#[test]
fn no_chain_is_refused_with_the_choices() {
	let dir = temp_dir("nochain");
	let base = dir.to_string_lossy().to_string();
	let (ok, _, stderr) = run(&["--base-path", &base]);
	assert!(!ok, "otc-node without --chain must not start");
	assert!(stderr.contains("no chain given") && stderr.contains("--dev"), "{stderr}");
	let (ok, _, stderr) = run(&["build-spec"]);
	assert!(!ok && stderr.contains("no chain given"), "{stderr}");
	let _ = std::fs::remove_dir_all(dir);
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
