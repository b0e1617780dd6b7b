//! `otc-node benchmark ...`: only in a build with `--features runtime-benchmarks`.
//!
//! `benchmark pallet` measures the runtime's extrinsics and writes `weights.rs` files;
//! `benchmark storage` measures reads and writes of this node's database (ParityDB) on a chain's
//! state and writes the runtime's database weights; `benchmark machine` checks the host against
//! Substrate's reference hardware.

use crate::{cli::Cli, service};
use frame_benchmarking_cli::{BenchmarkCmd, SUBSTRATE_REFERENCE_HARDWARE};
use otc_runtime::opaque::Block;
use sc_cli::SubstrateCli;

/// Runs a `benchmark` subcommand.
pub fn run(cli: &Cli, cmd: &BenchmarkCmd) -> sc_cli::Result<()> {
	let runner = cli.create_runner(cmd)?;
	runner.sync_run(|config| match cmd {
		BenchmarkCmd::Pallet(cmd) => {
			cmd.run_with_spec::<sp_runtime::traits::HashingFor<Block>, ()>(Some(config.chain_spec))
		},
		BenchmarkCmd::Storage(cmd) => {
			let parts = service::new_partial(&config)?;
			let db = parts.backend.expose_db();
			let storage = parts.backend.expose_storage();
			let trie_cache = parts.backend.expose_shared_trie_cache();
			cmd.run(config, parts.client, db, storage, trie_cache)
		},
		BenchmarkCmd::Machine(cmd) => cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone()),
		_ => {
			Err("otc-node supports `benchmark pallet`, `benchmark storage` and `benchmark machine`"
				.into())
		},
	})
}
