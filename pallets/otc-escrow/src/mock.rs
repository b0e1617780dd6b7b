//! A test runtime: balances (native), assets (USDT-like, 6 decimals), the escrow through
//! `UnionOf`, and a KYC gate whose levels the tests set.

use crate as pallet_otc_escrow;
use crate::AssetDecimals;
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{
		fungible::{NativeFromLeft, NativeOrWithId, UnionOf},
		fungibles::{metadata::Inspect as MetadataInspect, Inspect},
		AsEnsureOriginWithArg, ConstU128, ConstU32, ConstU64,
	},
	PalletId,
};
use frame_system::{EnsureRoot, EnsureSigned};
use pallet_kyc_registry::{KycGate, KycLevel};
use sp_runtime::BuildStorage;
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u128;
pub type AssetKind = NativeOrWithId<u32>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		OtcEscrow: pallet_otc_escrow,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	// Non-zero, so that the tests see what the database costs (e.g. an asset's hot keys).
	type DbWeight = frame_support::weights::constants::RocksDbWeight;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = ConstU128<ED>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Test {
	type Balance = Balance;
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type Freezer = ();
	type Holder = ();
}

/// Existential deposit of the native token.
pub const ED: Balance = 10;
/// The USDT-like asset.
pub const USDT_ID: u32 = 1;
pub const USDT: AssetKind = NativeOrWithId::WithId(USDT_ID);
pub const NATIVE: AssetKind = NativeOrWithId::Native;
/// One whole USDT (6 decimals).
pub const USDT_UNIT: Balance = 1_000_000;
/// Minimum USDT balance.
pub const USDT_MIN: Balance = 100;
/// Native decimals in the mock.
pub const NATIVE_DECIMALS: u8 = 12;

pub const SELLER: AccountId = 1;
pub const BUYER: AccountId = 2;
pub const OTHER: AccountId = 3;
/// Has no KYC.
pub const NO_KYC: AccountId = 4;
pub const TREASURY: AccountId = 99;
/// The fee destination's native balance: enough for the deposits of its accounts of listed
/// assets.
pub const TREASURY_NATIVE: Balance = 1_000;
/// A member of the arbiters body.
pub const ARBITER: AccountId = 7;

pub type Union = UnionOf<Balances, Assets, NativeFromLeft, AssetKind, AccountId>;

thread_local! {
	static KYC: RefCell<BTreeMap<AccountId, KycLevel>> = RefCell::new(BTreeMap::new());
	static VERIFIED_SINCE: RefCell<BTreeMap<AccountId, Option<u64>>> = RefCell::new(BTreeMap::new());
}

/// A KYC gate: `Verified` for everyone but accounts set otherwise with [`set_kyc`]; verified
/// since block 1 unless set otherwise with [`set_verified_since`].
pub struct MockKyc;
impl KycGate<AccountId, u64> for MockKyc {
	fn level(who: &AccountId) -> KycLevel {
		KYC.with(|k| k.borrow().get(who).copied().unwrap_or(KycLevel::Verified))
	}
	fn verified_since(who: &AccountId) -> Option<u64> {
		VERIFIED_SINCE.with(|v| v.borrow().get(who).copied().unwrap_or(Some(1)))
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_level_for_benchmarks(who: &AccountId, level: KycLevel) {
		set_kyc(*who, level);
	}
}

/// Sets the block of `who`'s first attestation in the mock gate (`None`: never verified).
pub fn set_verified_since(who: AccountId, since: Option<u64>) {
	VERIFIED_SINCE.with(|v| v.borrow_mut().insert(who, since));
}

/// Sets `who`'s KYC level in the mock gate.
pub fn set_kyc(who: AccountId, level: KycLevel) {
	KYC.with(|k| k.borrow_mut().insert(who, level));
}

parameter_types! {
	/// The arbiters body: [`ARBITER`], and whoever a test adds.
	pub static ArbiterMembers: Vec<AccountId> = vec![ARBITER];
}

/// The arbiters body of the mock, read from [`ArbiterMembers`].
pub struct MockArbiters;
impl frame_support::traits::SortedMembers<AccountId> for MockArbiters {
	fn sorted_members() -> Vec<AccountId> {
		let mut members = ArbiterMembers::get();
		members.sort();
		members
	}
}

/// Decimals: 12 for native, the metadata's for assets that exist.
pub struct MockDecimals;
impl AssetDecimals<AssetKind> for MockDecimals {
	fn decimals(asset: &AssetKind) -> Option<u8> {
		match asset {
			NativeOrWithId::Native => Some(NATIVE_DECIMALS),
			NativeOrWithId::WithId(id) => Assets::asset_exists(*id)
				.then(|| <Assets as MetadataInspect<AccountId>>::decimals(*id)),
		}
	}
}

parameter_types! {
	pub const EscrowPalletId: PalletId = PalletId(*b"otc/escr");
	pub const Treasury: AccountId = TREASURY;
	pub const Native: AssetKind = NATIVE;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AssetKind> for BenchHelper {
	fn asset() -> AssetKind {
		USDT
	}
	fn unlisted_asset() -> AssetKind {
		use frame_support::traits::fungibles::Create;
		let id = 2;
		assert_ok_unit(<Assets as Create<AccountId>>::create(id, OTHER, false, 1));
		assert_ok_unit(
			<Assets as frame_support::traits::fungibles::metadata::Mutate<AccountId>>::set(
				id,
				&OTHER,
				b"Other".to_vec(),
				b"OTH".to_vec(),
				6,
			),
		);
		NativeOrWithId::WithId(id)
	}
}

#[cfg(feature = "runtime-benchmarks")]
fn assert_ok_unit(r: sp_runtime::DispatchResult) {
	r.expect("the benchmark asset is created");
}

impl pallet_otc_escrow::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type AssetKind = AssetKind;
	type Balance = Balance;
	type Assets = Union;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Transfer = crate::transfer::NativeOrAssets<Balances, Test>;
	type Decimals = MockDecimals;
	type NativeAsset = Native;
	type HotAssets = HotAssets;
	type EscrowAssetKeys = ConstU32<4>;
	type Kyc = MockKyc;
	type MinSellerLevel = MinLevel;
	type MinBuyerLevel = MinLevel;
	type ArbiterOrigin = crate::ArbiterOrBody<MockArbiters, EnsureRoot<AccountId>, AccountId>;
	type Arbiters = MockArbiters;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type PalletId = EscrowPalletId;
	type FeeDestination = Treasury;
	type MaxTradeFeeBps = ConstU16<500>;
	type MinPaymentWindow = ConstU64<5>;
	type MaxPaymentWindow = ConstU64<100>;
	type StrikeWindow = ConstU64<{ STRIKE_WINDOW }>;
	type Cooldowns = Cooldowns;
	type RecentBucket = ConstU64<{ RECENT_BUCKET }>;
	type MaxPaymentMethods = ConstU32<4>;
	type MaxAdvertsPerAccount = ConstU32<4>;
	type MaxOrdersPerAccount = ConstU32<4>;
	type MaxOrdersPerAdvert = ConstU32<4>;
	type MaxExpiriesPerBlock = ConstU32<4>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

use frame_support::traits::ConstU16;
parameter_types! {
	pub const MinLevel: KycLevel = KycLevel::Verified;
	pub const HotAssets: &'static [AssetKind] = &[USDT];
	pub const Cooldowns: &'static [u64] = &COOLDOWNS;
}

/// Blocks a seller has to release or dispute a paid order.
pub const RELEASE_WINDOW: u64 = 10;
/// Blocks an arbiter (then every arbiter) has to decide a dispute.
pub const ARBITER_WINDOW: u64 = 20;
/// Blocks over which a buyer's strikes count ("a day").
pub const STRIKE_WINDOW: u64 = 100;
/// Blocks per bucket of a trade record's recent window (of 6 buckets).
pub const RECENT_BUCKET: u64 = 50;
/// A buyer's cooldowns, in blocks.
pub const COOLDOWNS: [u64; 3] = [10, 20, 40];
/// The mock's rules: any bond up to 1 000 native units (none asked by default), half of a
/// slashed bond to the wronged party, 3 blocks of grace, 3 strikes a window, the release and
/// arbiter windows above.
pub fn rules() -> crate::TradeRulesOf<Test> {
	crate::TradeRules {
		min_buyer_bond: 0,
		max_buyer_bond: START_NATIVE,
		min_seller_bond: 0,
		max_seller_bond: START_NATIVE,
		to_wronged_bps: 5_000,
		cancel_grace: 3,
		max_strikes: 3,
		release_window: RELEASE_WINDOW,
		arbiter_window: ARBITER_WINDOW,
	}
}

/// Native and USDT balances every funded account starts with.
pub const START_NATIVE: Balance = 1_000_000_000_000_000; // 1000 native units
pub const START_USDT: Balance = 1_000_000 * USDT_UNIT;

/// A chain at block 1: SELLER, BUYER, OTHER, NO_KYC funded with native and USDT; the escrow
/// account holds its reserves, the native existential deposit and the USDT minimum balance; fee
/// 10 bps; native and USDT listed with any order size; NO_KYC has level None.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let escrow = crate::Pallet::<Test>::escrow_account();
	let funded = [SELLER, BUYER, OTHER, NO_KYC];
	pallet_balances::GenesisConfig::<Test> {
		balances: funded
			.iter()
			.map(|a| (*a, START_NATIVE))
			.chain([(escrow, ED), (TREASURY, TREASURY_NATIVE)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	pallet_assets::GenesisConfig::<Test> {
		assets: vec![(USDT_ID, SELLER, true, USDT_MIN)],
		metadata: vec![(USDT_ID, b"Tether".to_vec(), b"USDT".to_vec(), 6)],
		accounts: funded
			.iter()
			.map(|a| (USDT_ID, *a, START_USDT))
			.chain([(USDT_ID, escrow, USDT_MIN)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	pallet_otc_escrow::GenesisConfig::<Test> {
		trade_fee_bps: 10,
		listed: vec![(NATIVE, ED, Balance::MAX), (USDT, USDT_MIN, Balance::MAX)],
		rules: rules(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	KYC.with(|k| k.borrow_mut().clear());
	VERIFIED_SINCE.with(|v| v.borrow_mut().clear());
	set_kyc(NO_KYC, KycLevel::None);
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` and then checks `try_state` and that escrow holds exactly what it owes (plus the
/// native existential deposit).
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		OtcEscrow::do_try_state().expect("try_state holds after the test");
		assert_escrow_exact();
	});
}

/// Escrow's balance of each asset equals what it owes plus the fees it keeps plus its reserve
/// (ED for native, the minimum balance for USDT).
pub fn assert_escrow_exact() {
	let escrow = crate::Pallet::<Test>::escrow_account();
	let owed = |a: AssetKind| {
		let total = crate::EscrowTotals::<Test>::get(a);
		total.owed + total.fees
	};
	assert_eq!(Union::balance(NATIVE, &escrow), owed(NATIVE) + ED, "native escrow");
	assert_eq!(Union::balance(USDT, &escrow), owed(USDT) + USDT_MIN, "USDT escrow");
}

/// Advances to block `n`, running the pallet's `on_initialize` on each block.
pub fn run_to_block(n: u64) {
	use frame_support::traits::Hooks;
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		OtcEscrow::on_initialize(next);
	}
}
