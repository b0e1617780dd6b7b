//! How escrow moves assets in and out: [`TransferAssets`], and two ways to do it.
//!
//! `fungibles::Mutate::transfer` is generic over any token: it asks whether the source can give
//! and whether the destination can take, then decreases one balance and increases the other.
//! For a `pallet-assets` token each of those four steps reads the asset's details and the
//! accounts again: 15 reads and 4 writes of three storage items, where `pallet-assets`' own
//! transfer (the one its `transfer_keep_alive` call uses) makes the same checks with 10 and 3.
//! [`NativeOrAssets`] takes `pallet-assets`' own transfer for its tokens and `fungible::Mutate`
//! (what a native `transfer_keep_alive` does) for the native token.
//!
//! [`TransferAssets::open_account`] opens an account of a `pallet-assets` token backed by a
//! deposit of the owner (`pallet-assets`' `touch`): such an account takes no consumer reference
//! of the owner's `System` account, so strangers sending the owner junk tokens (each taking one)
//! cannot keep it from holding a listed token, and it stays open at a zero balance.

use core::marker::PhantomData;
use frame_support::{
	pallet_prelude::DispatchResult,
	traits::{
		fungible::{self, NativeOrWithId},
		tokens::Preservation,
		AccountTouch,
	},
};

/// Moves assets between accounts for escrow.
pub trait TransferAssets<AccountId, AssetKind, Balance> {
	/// Moves exactly `amount` of `asset` from `source` to `dest`, or fails and changes nothing.
	/// With `Preservation::Expendable` `source` may end with nothing; otherwise it keeps at least
	/// the asset's minimum balance. `dest` must be able to take it (e.g. an amount below the
	/// minimum balance cannot open an account). Emits the token's transfer event.
	fn transfer(
		asset: &AssetKind,
		source: &AccountId,
		dest: &AccountId,
		amount: Balance,
		preservation: Preservation,
	) -> DispatchResult;

	/// Makes sure `who` has an account of `asset` that nobody but `who` can close or use up:
	/// does nothing if it has one already (or `asset` needs none, as the native token); else
	/// opens one with a deposit reserved from `who`'s native balance.
	fn open_account(asset: &AssetKind, who: &AccountId) -> DispatchResult;
}

/// Transfers the native token (`Native`, e.g. `pallet-balances`) through `fungible::Mutate` and
/// the tokens of `pallet-assets` (instance `I` of `R`) through `pallet-assets`' own transfer.
pub struct NativeOrAssets<Native, R, I = ()>(PhantomData<(Native, R, I)>);

impl<Native, R, I>
	TransferAssets<
		<R as frame_system::Config>::AccountId,
		NativeOrWithId<<R as pallet_assets::Config<I>>::AssetId>,
		<R as pallet_assets::Config<I>>::Balance,
	> for NativeOrAssets<Native, R, I>
where
	R: pallet_assets::Config<I>,
	I: 'static,
	<R as pallet_assets::Config<I>>::AssetId: Ord,
	Native: fungible::Mutate<
		<R as frame_system::Config>::AccountId,
		Balance = <R as pallet_assets::Config<I>>::Balance,
	>,
{
	fn transfer(
		asset: &NativeOrWithId<<R as pallet_assets::Config<I>>::AssetId>,
		source: &<R as frame_system::Config>::AccountId,
		dest: &<R as frame_system::Config>::AccountId,
		amount: <R as pallet_assets::Config<I>>::Balance,
		preservation: Preservation,
	) -> DispatchResult {
		match asset {
			NativeOrWithId::Native => {
				Native::transfer(source, dest, amount, preservation).map(|_| ())
			},
			NativeOrWithId::WithId(id) => {
				// Exactly `amount`: no best effort, and no dust added to it, which only a source
				// allowed to die could leave.
				let flags = pallet_assets::TransferFlags {
					keep_alive: preservation != Preservation::Expendable,
					best_effort: false,
					burn_dust: false,
				};
				pallet_assets::Pallet::<R, I>::do_transfer(
					id.clone(),
					source,
					dest,
					amount,
					None,
					flags,
				)
				.map(|_| ())
			},
		}
	}

	fn open_account(
		asset: &NativeOrWithId<<R as pallet_assets::Config<I>>::AssetId>,
		who: &<R as frame_system::Config>::AccountId,
	) -> DispatchResult {
		let NativeOrWithId::WithId(id) = asset else { return Ok(()) };
		if pallet_assets::Account::<R, I>::contains_key(id, who) {
			return Ok(());
		}
		// The owner as its own depositor: only the owner can refund it and close the account.
		<pallet_assets::Pallet<R, I> as AccountTouch<_, _>>::touch(id.clone(), who, who)
	}
}
