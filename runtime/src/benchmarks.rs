//! The pallets whose benchmarks `otc-node benchmark pallet` runs (built with
//! `--features runtime-benchmarks` only): ours, and every polkadot-sdk pallet (and the system
//! pallet's transaction extensions) the runtime charges a measured weight for (`runtime/src/weights/`, written by `scripts/benchmark.sh`).
//! `pallet-whitelist` is not among them: its benchmarks need a preimage store, and the runtime
//! has none (`Preimages = ()`, calls are dispatched with their preimage inline).

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_transaction_payment, TransactionPayment]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_assets, Assets]
	[pallet_session, SessionBench::<Runtime>]
	[pallet_collator_selection, CollatorSelection]
	[pallet_collective, Council]
	[pallet_membership, CouncilMembership]
	[pallet_utility, Utility]
	[pallet_tx_pause, TxPause]
	[pallet_kyc_registry, KycRegistry]
	[pallet_otc_escrow, OtcEscrow]
);

/// `session.set_keys` and `purge_keys` are benchmarked with keys generated in the benchmark's
/// keystore and their proof of ownership, as `author_rotateKeysWithOwner` makes them.
impl cumulus_pallet_session_benchmarking::Config for crate::Runtime {
	fn generate_session_keys_and_proof(
		owner: Self::AccountId,
	) -> (Self::Keys, alloc::vec::Vec<u8>) {
		use codec::Encode;
		let generated = crate::opaque::SessionKeys::generate(&owner.encode(), None);
		(generated.keys, generated.proof.encode())
	}
}

/// Fees go to the block's author (`configs::ToBlockAuthor`): the benchmark's block gets one
/// (slot 0 of the development chain: its validator, Alice), so that paying it is measured.
impl pallet_transaction_payment::BenchmarkConfig for crate::Runtime {
	fn setup_benchmark_environment() {
		use codec::Encode;
		let slot = sp_consensus_aura::Slot::from(0u64);
		frame_system::Pallet::<crate::Runtime>::deposit_log(sp_runtime::DigestItem::PreRuntime(
			sp_consensus_aura::AURA_ENGINE_ID,
			slot.encode(),
		));
	}
}
