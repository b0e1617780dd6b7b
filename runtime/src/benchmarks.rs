//! The pallets whose benchmarks `otc-node benchmark pallet` runs (built with
//! `--features runtime-benchmarks` only).

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_assets, Assets]
	[pallet_kyc_registry, KycRegistry]
	[pallet_otc_escrow, OtcEscrow]
);
