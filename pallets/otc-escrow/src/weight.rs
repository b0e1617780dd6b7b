//! The weight of every call whose cost depends on what it finds in storage, and of the hook:
//! all of the pallet's weight reasoning is here; the calls name one function each. **Before
//! dispatch** a call is weighed on its dearest path; **after dispatch** it is charged the path it
//! took and the difference is refunded, as `pallet-assets` does. Paths:
//!
//! - **The asset.** The native token (`NativeAsset`) is charged the `<call>_native` benchmark;
//!   a hot asset (`HotAssets`) the `<call>` benchmark; any other asset that benchmark plus its
//!   escrow-side keys (`EscrowAssetKeys` reads and writes).
//! - **A settlement** ([`Settlement`]). Its benchmark is the dearest case: every payout opens the
//!   payee's account of a `pallet-assets` token, the advert is closed and removed with this
//!   order (its seller's record is written), and both parties' bonds move (each its owner's
//!   hold and `System` account). Each payout not made spares the payee's account of the asset,
//!   each bond not moved its owner's hold, and an advert that stays its seller's record: one
//!   storage item (a read and a write) each. A payee that held the token already spares its
//!   `System` account only when no bond moved (a bond's move writes its owner's account).
//!
//! **Hot keys.** The id counters, the trade fee and rules, the deadline cursor, the escrow account's native
//! balance, the native `EscrowTotals` and `Listings` and each hot asset's escrow-side keys (its
//! listing among them) are read by most OTC
//! extrinsics of a block. The database reads and writes each once a block however many
//! extrinsics touch it, so the hook charges them once a block ([`block_hot_keys`]) and the
//! benchmarks whitelist them (`#[pallet::whitelist_storage]`, the runtime's benchmark whitelist).

use crate::{pallet::*, types::Settlement, WeightInfo};
use frame_support::{traits::Get, weights::Weight};

/// Hot keys of the pallet read in a block: both id counters, the trade fee, the trade rules, the
/// deadline cursor, the escrow account, the native escrow total and the native listing.
const HOT_KEY_READS: u64 = 8;
/// Hot keys written: all of them but the trade fee (`set_trade_fee` is charged its write), the
/// trade rules (`set_rules` likewise) and the native listing (governance's `list_asset` is
/// charged its write).
const HOT_KEY_WRITES: u64 = 5;

/// Payouts (each to a payee that held none) in the benchmark of each settling call.
const RELEASE_PAYOUTS: u32 = 1;
const CANCEL_PAYOUTS: u32 = 1;
const RESOLVE_PAYOUTS: u32 = 2;
const EXPIRY_PAYOUTS: u32 = 1;
/// Bonds moved in the benchmark of every settling call: the buyer's and the seller's.
const BENCH_BONDS: u32 = 2;

/// What the hook charges every block for the hot keys and the hot assets' escrow-side keys.
pub fn block_hot_keys<T: Config>() -> Weight {
	let assets = T::HotAssets::get().len() as u64;
	T::DbWeight::get()
		.reads_writes(HOT_KEY_READS, HOT_KEY_WRITES)
		.saturating_add(cold_keys::<T>().saturating_mul(assets))
}

/// The escrow-side keys of one asset.
fn cold_keys<T: Config>() -> Weight {
	let keys = u64::from(T::EscrowAssetKeys::get());
	T::DbWeight::get().reads_writes(keys, keys)
}

fn is_native<T: Config>(asset: &T::AssetKind) -> bool {
	*asset == T::NativeAsset::get()
}

/// The escrow-side keys a call in `asset` pays itself: none where the hook pays them.
fn own_keys<T: Config>(asset: &T::AssetKind) -> Weight {
	let hook_pays = is_native::<T>(asset) || T::HotAssets::get().contains(asset);
	cold_keys::<T>().saturating_mul(u64::from(!hook_pays))
}

/// A call that moves `asset`, benchmarked as `native` on the native token and as `other` on a
/// hot asset; `None` (the asset is not known before dispatch): the dearest of them.
pub fn by_asset<T: Config>(asset: Option<&T::AssetKind>, native: Weight, other: Weight) -> Weight {
	match asset {
		None => native.max(other.saturating_add(cold_keys::<T>())),
		Some(a) if is_native::<T>(a) => native,
		Some(a) => other.saturating_add(own_keys::<T>(a)),
	}
}

/// A settlement benchmarked as `native` / `other` with `payouts` payouts: the path `settled`
/// took, or the dearest path (`None`).
fn settled<T: Config>(
	settled: Option<&Settlement<T::AssetKind>>,
	native: Weight,
	other: Weight,
	payouts: u32,
) -> Weight {
	let Some(s) = settled else { return by_asset::<T>(None, native, other) };
	by_asset::<T>(Some(&s.asset), native, other).saturating_sub(spared::<T>(s, payouts))
}

/// The storage items a settlement did not touch, against its benchmark's `payouts`.
fn spared<T: Config>(s: &Settlement<T::AssetKind>, payouts: u32) -> Weight {
	let mut items = payouts.saturating_sub(s.payouts);
	items = items.saturating_add(BENCH_BONDS.saturating_sub(s.bonds));
	// A native payout writes the payee's `System` account whether or not it existed, and so
	// does a bond's move its owner's.
	if !is_native::<T>(&s.asset) && s.bonds == 0 {
		items = items.saturating_add(payouts.saturating_sub(s.first_holdings));
	}
	if !s.advert_removed {
		items = items.saturating_add(1);
	}
	let items = u64::from(items);
	T::DbWeight::get().reads_writes(items, items)
}

pub fn create_advert<T: Config>(asset: &T::AssetKind) -> Weight {
	let (native, other) = (T::WeightInfo::create_advert_native(), T::WeightInfo::create_advert());
	by_asset::<T>(Some(asset), native, other)
}

pub fn top_up_advert<T: Config>(asset: Option<&T::AssetKind>) -> Weight {
	by_asset::<T>(asset, T::WeightInfo::top_up_advert_native(), T::WeightInfo::top_up_advert())
}

pub fn withdraw_from_advert<T: Config>(asset: Option<&T::AssetKind>) -> Weight {
	let (native, other) =
		(T::WeightInfo::withdraw_from_advert_native(), T::WeightInfo::withdraw_from_advert());
	by_asset::<T>(asset, native, other)
}

pub fn update_advert<T: Config>(asset: Option<&T::AssetKind>) -> Weight {
	by_asset::<T>(asset, T::WeightInfo::update_advert_native(), T::WeightInfo::update_advert())
}

pub fn close_advert<T: Config>(asset: Option<&T::AssetKind>) -> Weight {
	by_asset::<T>(asset, T::WeightInfo::close_advert_native(), T::WeightInfo::close_advert())
}

pub fn sweep_fees<T: Config>(asset: &T::AssetKind) -> Weight {
	by_asset::<T>(Some(asset), T::WeightInfo::sweep_fees_native(), T::WeightInfo::sweep_fees())
}

pub fn release<T: Config>(s: Option<&Settlement<T::AssetKind>>) -> Weight {
	let (native, other) = (T::WeightInfo::release_native(), T::WeightInfo::release());
	settled::<T>(s, native, other, RELEASE_PAYOUTS)
}

pub fn cancel_order<T: Config>(s: Option<&Settlement<T::AssetKind>>) -> Weight {
	let (native, other) = (T::WeightInfo::cancel_order_native(), T::WeightInfo::cancel_order());
	settled::<T>(s, native, other, CANCEL_PAYOUTS)
}

pub fn resolve_dispute<T: Config>(s: Option<&Settlement<T::AssetKind>>) -> Weight {
	let (native, other) =
		(T::WeightInfo::resolve_dispute_native(), T::WeightInfo::resolve_dispute());
	settled::<T>(s, native, other, RESOLVE_PAYOUTS)
}

/// `end_advert` ending `ended` unpaid orders, or the most an advert has (`None`); charged as on
/// an asset that is not hot.
pub fn end_advert<T: Config>(ended: Option<u32>) -> Weight {
	let n = ended.unwrap_or_else(T::MaxOrdersPerAdvert::get);
	T::WeightInfo::end_advert(n).saturating_add(cold_keys::<T>())
}

/// `claim` in `asset`, benchmarked on a hot asset (and charged so on the native token).
pub fn claim<T: Config>(asset: &T::AssetKind) -> Weight {
	T::WeightInfo::claim().saturating_add(own_keys::<T>(asset))
}

/// `set_trade_fee` writes the trade fee, a hot key its benchmark does not count.
pub fn set_trade_fee<T: Config>() -> Weight {
	T::WeightInfo::set_trade_fee().saturating_add(T::DbWeight::get().writes(1))
}

/// `set_rules` writes the trade rules, a hot key its benchmark does not count.
pub fn set_rules<T: Config>() -> Weight {
	T::WeightInfo::set_rules().saturating_add(T::DbWeight::get().writes(1))
}

/// The deadline hook: `blocks` blocks of the queue looked at, `taken` entries taken off it, of
/// which `settled` expired an order. Each entry is charged an expiry as benchmarked (on a hot
/// asset, for the native token too), the dearest step: an expiry settles and slashes a bond,
/// while opening a dispute, drawing an arbiter and escalating each read the order (and the
/// arbiters) and write it and its queue entries, fewer items than the settlement. An expiry is
/// then charged less what its settlement did not touch; a block with nothing due pays for
/// looking at the queue only.
pub fn deadlines<T: Config>(
	blocks: u32,
	taken: u32,
	settled: &[Settlement<T::AssetKind>],
) -> Weight {
	let mut weight = T::WeightInfo::scan_expiry_queue(blocks);
	if taken == 0 {
		return weight;
	}
	weight = weight.saturating_add(T::WeightInfo::expire_orders(taken));
	for s in settled {
		let charged = own_keys::<T>(&s.asset);
		weight = weight.saturating_add(charged).saturating_sub(spared::<T>(s, EXPIRY_PAYOUTS));
	}
	weight
}
