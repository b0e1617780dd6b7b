//! Who decides a dispute: a named arbiter, or a body that is no party to any trade.

use core::marker::PhantomData;
use frame_support::traits::{EnsureOrigin, SortedMembers};
use frame_system::RawOrigin;

/// The origin of [`crate::Config::ArbiterOrigin`] most runtimes want: a signed member of
/// `Arbiters` (succeeds with `Some(arbiter)`, and the pallet refuses it on a dispute it is a
/// party to), or an origin of `Body`, e.g. Root or a council motion (succeeds with `None`).
pub struct ArbiterOrBody<Arbiters, Body, AccountId>(PhantomData<(Arbiters, Body, AccountId)>);

impl<O, Arbiters, Body, AccountId> EnsureOrigin<O> for ArbiterOrBody<Arbiters, Body, AccountId>
where
	O: Into<Result<RawOrigin<AccountId>, O>> + From<RawOrigin<AccountId>>,
	Arbiters: SortedMembers<AccountId>,
	Body: EnsureOrigin<O>,
	AccountId: Ord,
{
	type Success = Option<AccountId>;

	fn try_origin(origin: O) -> Result<Self::Success, O> {
		let origin = match origin.into() {
			Ok(RawOrigin::Signed(who)) if Arbiters::contains(&who) => return Ok(Some(who)),
			Ok(other) => O::from(other),
			Err(origin) => origin,
		};
		Body::try_origin(origin).map(|_| None)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		Body::try_successful_origin()
	}
}
