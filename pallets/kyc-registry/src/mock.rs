//! A test runtime: frame-system, timestamp (for expiries) and the registry with Root governance.

use crate as pallet_kyc_registry;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		KycRegistry: pallet_kyc_registry,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<1>;
	type WeightInfo = ();
}

use frame_support::traits::ConstU64;

/// One year in seconds.
pub const YEAR: u64 = 365 * 24 * 3600;
/// The mock's start time: 2026-01-01T00:00:00Z.
pub const START: u64 = 1_767_225_600;

parameter_types! {
	pub const MaxValidity: u64 = 2 * YEAR;
}

impl pallet_kyc_registry::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type GovernanceOrigin = frame_system::EnsureRoot<u64>;
	type UnixTime = Timestamp;
	type MaxProviders = ConstU32<3>;
	type MaxNameLen = ConstU32<16>;
	type MaxValidity = MaxValidity;
	type WeightInfo = ();
}

/// Account ids used by the tests.
pub const ROOT_PROVIDER: u64 = 100;
pub const PROVIDER_B: u64 = 101;
pub const ALICE: u64 = 1;
pub const BOB: u64 = 2;
pub const CHARLIE: u64 = 3;

/// Sets the block timestamp to `secs` Unix seconds.
pub fn set_now(secs: u64) {
	pallet_timestamp::Now::<Test>::put(secs * 1000);
}

/// A chain with no providers, at block 1 and time [`START`].
pub fn new_test_ext() -> sp_io::TestExternalities {
	let t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		System::set_block_number(1);
		set_now(START);
	});
	ext
}

/// Runs `test` in [`new_test_ext`] and checks `try_state` afterwards.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		KycRegistry::do_try_state().expect("try_state holds after the test");
	});
}
