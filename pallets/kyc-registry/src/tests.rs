//! Unit tests: every call's success path and every refusal; `try_state` after each test.

use crate::{mock::*, Error, Event, KycGate, KycLevel, Records, Requests};
use codec::{Decode, Encode};
use frame_support::{assert_noop, assert_ok, traits::Hooks};
use sp_core::H256;
use sp_runtime::DispatchError;

type Registry = crate::Pallet<Test>;

fn h(n: u8) -> H256 {
	H256::repeat_byte(n)
}

fn add_provider(who: u64, max: KycLevel) {
	assert_ok!(KycRegistry::add_provider(
		RuntimeOrigin::root(),
		who,
		max,
		b"Acme KYC".to_vec().try_into().unwrap()
	));
}

/// `who` requests from `provider` with commitment `c`, and the provider approves `level`.
fn attest(who: u64, provider: u64, level: KycLevel, c: H256, expires_at: u64) {
	assert_ok!(KycRegistry::request_kyc(RuntimeOrigin::signed(who), provider, c));
	assert_ok!(KycRegistry::approve(RuntimeOrigin::signed(provider), who, level, c, expires_at));
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

#[test]
fn levels_are_ordered_and_one_byte() {
	use codec::Encode;
	assert!(KycLevel::None < KycLevel::Basic);
	assert!(KycLevel::Basic < KycLevel::Verified);
	assert!(KycLevel::Verified < KycLevel::Enhanced);
	assert_eq!(KycLevel::Enhanced.encode(), vec![3u8]);
	assert_eq!(KycLevel::default(), KycLevel::None);
}

#[test]
fn add_and_remove_provider() {
	run_test(|| {
		add_provider(ROOT_PROVIDER, KycLevel::Enhanced);
		assert_eq!(
			last_event(),
			Event::ProviderAdded { provider: ROOT_PROVIDER, max_level: KycLevel::Enhanced }.into()
		);
		assert_eq!(crate::ProviderCount::<Test>::get(), 1);
		assert_eq!(
			crate::Providers::<Test>::get(ROOT_PROVIDER).unwrap().name.to_vec(),
			b"Acme KYC"
		);

		assert_ok!(KycRegistry::remove_provider(RuntimeOrigin::root(), ROOT_PROVIDER));
		assert_eq!(last_event(), Event::ProviderRemoved { provider: ROOT_PROVIDER }.into());
		assert_eq!(crate::ProviderCount::<Test>::get(), 0);
		assert!(crate::FormerProviders::<Test>::contains_key(ROOT_PROVIDER));

		// Re-appointing a former provider makes it current again.
		add_provider(ROOT_PROVIDER, KycLevel::Basic);
		assert!(!crate::FormerProviders::<Test>::contains_key(ROOT_PROVIDER));
	});
}

#[test]
fn provider_management_refusals() {
	run_test(|| {
		// Wrong origin.
		assert_noop!(
			KycRegistry::add_provider(
				RuntimeOrigin::signed(ALICE),
				ALICE,
				KycLevel::Basic,
				Default::default()
			),
			DispatchError::BadOrigin
		);
		assert_noop!(
			KycRegistry::remove_provider(RuntimeOrigin::signed(ALICE), ALICE),
			DispatchError::BadOrigin
		);
		// Invalid level, name too long.
		assert_noop!(
			KycRegistry::add_provider(
				RuntimeOrigin::root(),
				ALICE,
				KycLevel::None,
				Default::default()
			),
			Error::<Test>::InvalidLevel
		);
		// A name longer than MaxNameLen does not even decode as a call.
		let call = crate::Call::<Test>::add_provider {
			provider: ALICE,
			max_level: KycLevel::Basic,
			name: Default::default(),
		};
		let mut call = call.encode();
		call.truncate(call.len() - 1);
		call.extend(codec::Compact(17u32).encode());
		call.extend([b'x'; 17]);
		assert!(crate::Call::<Test>::decode(&mut &call[..]).is_err());
		// Duplicate, too many, unknown.
		add_provider(ROOT_PROVIDER, KycLevel::Enhanced);
		assert_noop!(
			KycRegistry::add_provider(
				RuntimeOrigin::root(),
				ROOT_PROVIDER,
				KycLevel::Basic,
				Default::default()
			),
			Error::<Test>::AlreadyProvider
		);
		add_provider(PROVIDER_B, KycLevel::Basic);
		add_provider(200, KycLevel::Basic);
		assert_noop!(
			KycRegistry::add_provider(
				RuntimeOrigin::root(),
				201,
				KycLevel::Basic,
				Default::default()
			),
			Error::<Test>::TooManyProviders
		);
		assert_noop!(
			KycRegistry::remove_provider(RuntimeOrigin::root(), 999),
			Error::<Test>::UnknownProvider
		);
	});
}

#[test]
fn request_approve_and_gate() {
	run_test(|| {
		add_provider(ROOT_PROVIDER, KycLevel::Enhanced);
		assert_eq!(Registry::level(&ALICE), KycLevel::None);

		assert_ok!(KycRegistry::request_kyc(RuntimeOrigin::signed(ALICE), ROOT_PROVIDER, h(1)));
		assert_eq!(
			last_event(),
			Event::KycRequested { who: ALICE, provider: ROOT_PROVIDER, commitment: h(1) }.into()
		);
		let expires = START + YEAR;
		assert_ok!(KycRegistry::approve(
			RuntimeOrigin::signed(ROOT_PROVIDER),
			ALICE,
			KycLevel::Verified,
			h(1),
			expires
		));
		assert_eq!(
			last_event(),
			Event::KycApproved {
				who: ALICE,
				provider: ROOT_PROVIDER,
				level: KycLevel::Verified,
				expires_at: expires,
				commitment: h(1),
			}
			.into()
		);
		assert!(Requests::<Test>::get(ALICE).is_none(), "request consumed");
		let record = Records::<Test>::get(ALICE).unwrap();
		assert_eq!(record.commitment, Some(h(1)));
		assert_eq!(record.provider_max, KycLevel::Enhanced);

		assert_eq!(Registry::level(&ALICE), KycLevel::Verified);
		assert_eq!(Registry::ensure_level(&ALICE, KycLevel::Verified), Ok(()));
		assert_eq!(Registry::ensure_level(&ALICE, KycLevel::Enhanced), Err(KycLevel::Verified));
		assert_eq!(Registry::ensure_level(&BOB, KycLevel::Basic), Err(KycLevel::None));

		let status = Registry::status(&ALICE);
		assert_eq!(status.effective_level, KycLevel::Verified);
		assert_eq!(status.expires_at, Some(expires));
		assert_eq!(status.provider, Some(ROOT_PROVIDER));
		assert!(!status.suspended);
	});
}

#[test]
fn new_request_replaces_old_and_cancel() {
	run_test(|| {
		add_provider(ROOT_PROVIDER, KycLevel::Enhanced);
		add_provider(PROVIDER_B, KycLevel::Enhanced);
		assert_ok!(KycRegistry::request_kyc(RuntimeOrigin::signed(ALICE), ROOT_PROVIDER, h(1)));
		assert_ok!(KycRegistry::request_kyc(RuntimeOrigin::signed(ALICE), PROVIDER_B, h(2)));
		let req = Requests::<Test>::get(ALICE).unwrap();
		assert_eq!((req.provider, req.commitment), (PROVIDER_B, h(2)));
		// The first provider can no longer approve.
		assert_noop!(
			KycRegistry::approve(
				RuntimeOrigin::signed(ROOT_PROVIDER),
				ALICE,
				KycLevel::Basic,
				h(1),
				START + 10
			),
			Error::<Test>::RequestForAnotherProvider
		);
		assert_ok!(KycRegistry::cancel_request(RuntimeOrigin::signed(ALICE)));
		assert_eq!(
			last_event(),
			Event::RequestCancelled { who: ALICE, provider: PROVIDER_B }.into()
		);
		assert_noop!(
			KycRegistry::cancel_request(RuntimeOrigin::signed(ALICE)),
			Error::<Test>::NoPendingRequest
		);
	});
}

#[test]
fn request_refusals() {
	run_test(|| {
		add_provider(ROOT_PROVIDER, KycLevel::Enhanced);
		assert_noop!(
			KycRegistry::request_kyc(RuntimeOrigin::signed(ALICE), 999, h(1)),
			Error::<Test>::UnknownProvider
		);
		assert_noop!(
			KycRegistry::request_kyc(RuntimeOrigin::signed(ROOT_PROVIDER), ROOT_PROVIDER, h(1)),
			Error::<Test>::SelfAttestation
		);
		assert_noop!(
			KycRegistry::request_kyc(RuntimeOrigin::root(), ROOT_PROVIDER, h(1)),
			DispatchError::BadOrigin
		);
		assert_ok!(KycRegistry::suspend(RuntimeOrigin::root(), ALICE, 7));
		assert_noop!(
			KycRegistry::request_kyc(RuntimeOrigin::signed(ALICE), ROOT_PROVIDER, h(1)),
			Error::<Test>::AccountSuspended
		);
	});
}

#[test]
fn approve_refusals() {
	run_test(|| {
		add_provider(ROOT_PROVIDER, KycLevel::Verified);
		let ok_expiry = START + YEAR;
		// `by` approves Alice at `level` for the file committed to as `c`, until `expires_at`.
		let approve = |by: u64, level: KycLevel, c: H256, expires_at: u64| {
			KycRegistry::approve(RuntimeOrigin::signed(by), ALICE, level, c, expires_at)
		};
		// No request yet.
		assert_noop!(
			approve(ROOT_PROVIDER, KycLevel::Basic, h(1), ok_expiry),
			Error::<Test>::NoPendingRequest
		);
		assert_ok!(KycRegistry::request_kyc(RuntimeOrigin::signed(ALICE), ROOT_PROVIDER, h(1)));
		for (by, level, c, expires_at, error) in [
			// Not a provider.
			(BOB, KycLevel::Basic, h(1), ok_expiry, Error::<Test>::NotProvider),
			// A level above the provider's max, and level None.
			(ROOT_PROVIDER, KycLevel::Enhanced, h(1), ok_expiry, Error::LevelAboveProviderMax),
			(ROOT_PROVIDER, KycLevel::None, h(1), ok_expiry, Error::InvalidLevel),
			// The attestation is bound to the file the applicant named.
			(ROOT_PROVIDER, KycLevel::Basic, h(2), ok_expiry, Error::CommitmentMismatch),
			// An expiry now or too far.
			(ROOT_PROVIDER, KycLevel::Basic, h(1), START, Error::ExpiryInPast),
			(ROOT_PROVIDER, KycLevel::Basic, h(1), START + 3 * YEAR, Error::ExpiryTooFar),
		] {
			assert_noop!(approve(by, level, c, expires_at), error);
		}
		// A removed provider cannot approve.
		assert_ok!(KycRegistry::remove_provider(RuntimeOrigin::root(), ROOT_PROVIDER));
		assert_noop!(
			approve(ROOT_PROVIDER, KycLevel::Basic, h(1), ok_expiry),
			Error::<Test>::NotProvider
		);
	});
}

#[test]
fn expired_record_reads_as_none() {
	run_test(|| {
		add_provider(ROOT_PROVIDER, KycLevel::Enhanced);
		attest(ALICE, ROOT_PROVIDER, KycLevel::Enhanced, h(1), START + 100);
		set_now(START + 99);
		assert_eq!(Registry::level(&ALICE), KycLevel::Enhanced);
		set_now(START + 100);
		assert_eq!(Registry::level(&ALICE), KycLevel::None);
		assert_eq!(Registry::status(&ALICE).attested_level, KycLevel::Enhanced);
	});
}

#[test]
fn reverification_replaces_the_record() {
	run_test(|| {
		add_provider(ROOT_PROVIDER, KycLevel::Enhanced);
		add_provider(PROVIDER_B, KycLevel::Enhanced);
		attest(ALICE, ROOT_PROVIDER, KycLevel::Basic, h(1), START + 100);
		attest(ALICE, PROVIDER_B, KycLevel::Enhanced, h(2), START + YEAR);
		let record = Records::<Test>::get(ALICE).unwrap();
		assert_eq!(record.level, KycLevel::Enhanced);
		assert_eq!(record.provider, Some(PROVIDER_B));
		assert_eq!(record.commitment, Some(h(2)));
		// Only the provider of the current record may revoke it.
		assert_noop!(
			KycRegistry::revoke(RuntimeOrigin::signed(ROOT_PROVIDER), ALICE),
			Error::<Test>::NotGrantingProvider
		);
	});
}

#[test]
fn reject() {
	run_test(|| {
		add_provider(ROOT_PROVIDER, KycLevel::Enhanced);
		add_provider(PROVIDER_B, KycLevel::Enhanced);
		assert_noop!(
			KycRegistry::reject(RuntimeOrigin::signed(ROOT_PROVIDER), ALICE, 3),
			Error::<Test>::NoPendingRequest
		);
		assert_ok!(KycRegistry::request_kyc(RuntimeOrigin::signed(ALICE), ROOT_PROVIDER, h(1)));
		assert_noop!(
			KycRegistry::reject(RuntimeOrigin::signed(BOB), ALICE, 3),
			Error::<Test>::NotProvider
		);
		assert_noop!(
			KycRegistry::reject(RuntimeOrigin::signed(PROVIDER_B), ALICE, 3),
			Error::<Test>::RequestForAnotherProvider
		);
		assert_ok!(KycRegistry::reject(RuntimeOrigin::signed(ROOT_PROVIDER), ALICE, 3));
		assert_eq!(
			last_event(),
			Event::KycRejected { who: ALICE, provider: ROOT_PROVIDER, reason: 3 }.into()
		);
		assert!(Requests::<Test>::get(ALICE).is_none());
		assert_eq!(Registry::level(&ALICE), KycLevel::None);
	});
}

#[test]
fn verified_since_is_the_first_attestation_until_the_record_is_cleared() {
	run_test(|| {
		add_provider(ROOT_PROVIDER, KycLevel::Enhanced);
		add_provider(PROVIDER_B, KycLevel::Enhanced);
		assert_eq!(<Registry as KycGate<u64, u64>>::verified_since(&ALICE), None);
		let first = System::block_number();
		attest(ALICE, ROOT_PROVIDER, KycLevel::Basic, h(1), START + 100);
		// A renewal by another provider, a raise and a forced level keep the first block.
		System::set_block_number(first + 10);
		attest(ALICE, PROVIDER_B, KycLevel::Enhanced, h(2), START + YEAR);
		assert_ok!(KycRegistry::force_set_level(
			RuntimeOrigin::root(),
			ALICE,
			KycLevel::Verified,
			START + YEAR
		));
		let record = Records::<Test>::get(ALICE).unwrap();
		assert_eq!((record.granted_at, record.verified_since), (first + 10, first));
		assert_eq!(Registry::verified_since(&ALICE), Some(first));
		// Cleared, the account starts again.
		assert_ok!(KycRegistry::clear_kyc(RuntimeOrigin::signed(ALICE)));
		assert_eq!(Registry::verified_since(&ALICE), None);
		System::set_block_number(first + 20);
		attest(ALICE, ROOT_PROVIDER, KycLevel::Basic, h(3), START + 100);
		assert_eq!(Registry::verified_since(&ALICE), Some(first + 20));
	});
}

#[test]
fn revoke() {
	run_test(|| {
		add_provider(ROOT_PROVIDER, KycLevel::Enhanced);
		add_provider(PROVIDER_B, KycLevel::Enhanced);
		assert_noop!(
			KycRegistry::revoke(RuntimeOrigin::signed(ROOT_PROVIDER), ALICE),
			Error::<Test>::NoRecord
		);
		attest(ALICE, ROOT_PROVIDER, KycLevel::Verified, h(1), START + YEAR);
		// A different provider is refused; a non-provider too.
		assert_noop!(
			KycRegistry::revoke(RuntimeOrigin::signed(PROVIDER_B), ALICE),
			Error::<Test>::NotGrantingProvider
		);
		assert_noop!(
			KycRegistry::revoke(RuntimeOrigin::signed(BOB), ALICE),
			Error::<Test>::NotProvider
		);
		assert_ok!(KycRegistry::revoke(RuntimeOrigin::signed(ROOT_PROVIDER), ALICE));
		assert_eq!(last_event(), Event::KycRevoked { who: ALICE, provider: ROOT_PROVIDER }.into());
		assert_eq!(Registry::level(&ALICE), KycLevel::None);
		assert!(Records::<Test>::get(ALICE).is_none());
	});
}

#[test]
fn suspension_overrides_attestation() {
	run_test(|| {
		add_provider(ROOT_PROVIDER, KycLevel::Enhanced);
		attest(ALICE, ROOT_PROVIDER, KycLevel::Enhanced, h(1), START + YEAR);
		assert_ok!(KycRegistry::request_kyc(RuntimeOrigin::signed(ALICE), ROOT_PROVIDER, h(9)));

		assert_noop!(
			KycRegistry::suspend(RuntimeOrigin::signed(ALICE), ALICE, 1),
			DispatchError::BadOrigin
		);
		assert_ok!(KycRegistry::suspend(RuntimeOrigin::root(), ALICE, 42));
		assert_eq!(last_event(), Event::AccountSuspended { who: ALICE, reason: 42 }.into());
		assert_eq!(Registry::level(&ALICE), KycLevel::None);
		assert!(Registry::status(&ALICE).suspended);
		// The record carries the flag, so that the gate reads one item.
		assert!(Records::<Test>::get(ALICE).unwrap().suspended);
		assert!(Requests::<Test>::get(ALICE).is_none(), "suspension drops the pending request");
		assert_noop!(
			KycRegistry::suspend(RuntimeOrigin::root(), ALICE, 42),
			Error::<Test>::AlreadySuspended
		);

		assert_noop!(
			KycRegistry::unsuspend(RuntimeOrigin::signed(ALICE), ALICE),
			DispatchError::BadOrigin
		);
		assert_ok!(KycRegistry::unsuspend(RuntimeOrigin::root(), ALICE));
		assert_eq!(last_event(), Event::AccountUnsuspended { who: ALICE }.into());
		assert_eq!(Registry::level(&ALICE), KycLevel::Enhanced, "attestation counts again");
		assert!(!Records::<Test>::get(ALICE).unwrap().suspended);
		assert_noop!(
			KycRegistry::unsuspend(RuntimeOrigin::root(), ALICE),
			Error::<Test>::NotSuspended
		);
	});
}

#[test]
fn a_suspension_holds_whether_the_record_comes_before_or_after_it() {
	run_test(|| {
		// Suspended without a record: a level forced later does not lift the suspension.
		assert_ok!(KycRegistry::suspend(RuntimeOrigin::root(), BOB, 5));
		assert!(Records::<Test>::get(BOB).is_none());
		assert_ok!(KycRegistry::force_set_level(
			RuntimeOrigin::root(),
			BOB,
			KycLevel::Verified,
			START + 10
		));
		assert!(Records::<Test>::get(BOB).unwrap().suspended);
		assert_eq!(Registry::level(&BOB), KycLevel::None);
		assert_eq!(Registry::status(&BOB).attested_level, KycLevel::Verified);
		assert_ok!(KycRegistry::unsuspend(RuntimeOrigin::root(), BOB));
		assert_eq!(Registry::level(&BOB), KycLevel::Verified);
		// A suspended account's record removed and forced again is still suspended.
		assert_ok!(KycRegistry::suspend(RuntimeOrigin::root(), BOB, 6));
		assert_ok!(KycRegistry::force_set_level(RuntimeOrigin::root(), BOB, KycLevel::None, 0));
		assert_ok!(KycRegistry::force_set_level(
			RuntimeOrigin::root(),
			BOB,
			KycLevel::Basic,
			START + 10
		));
		assert_eq!(Registry::level(&BOB), KycLevel::None);
	});
}

#[test]
fn force_set_level() {
	run_test(|| {
		add_provider(ROOT_PROVIDER, KycLevel::Enhanced);
		attest(ALICE, ROOT_PROVIDER, KycLevel::Basic, h(1), START + YEAR);
		assert_noop!(
			KycRegistry::force_set_level(
				RuntimeOrigin::signed(ROOT_PROVIDER),
				ALICE,
				KycLevel::Enhanced,
				START + 10
			),
			DispatchError::BadOrigin
		);
		assert_noop!(
			KycRegistry::force_set_level(RuntimeOrigin::root(), ALICE, KycLevel::Enhanced, START),
			Error::<Test>::ExpiryInPast
		);
		assert_ok!(KycRegistry::force_set_level(
			RuntimeOrigin::root(),
			ALICE,
			KycLevel::Enhanced,
			START + 10
		));
		assert_eq!(
			last_event(),
			Event::LevelForced { who: ALICE, level: KycLevel::Enhanced, expires_at: START + 10 }
				.into()
		);
		let record = Records::<Test>::get(ALICE).unwrap();
		assert_eq!(record.provider, None);
		assert_eq!(record.commitment, Some(h(1)), "the file commitment is kept");
		assert_eq!(Registry::level(&ALICE), KycLevel::Enhanced);

		assert_ok!(KycRegistry::force_set_level(RuntimeOrigin::root(), ALICE, KycLevel::None, 0));
		assert_eq!(Registry::level(&ALICE), KycLevel::None);
		assert!(Records::<Test>::get(ALICE).is_none());
		assert_noop!(
			KycRegistry::force_set_level(RuntimeOrigin::root(), ALICE, KycLevel::None, 0),
			Error::<Test>::NoRecord
		);
	});
}

#[test]
fn clear_kyc_removes_record_and_commitment() {
	run_test(|| {
		add_provider(ROOT_PROVIDER, KycLevel::Enhanced);
		assert_noop!(
			KycRegistry::clear_kyc(RuntimeOrigin::signed(ALICE)),
			Error::<Test>::NothingToClear
		);
		attest(ALICE, ROOT_PROVIDER, KycLevel::Verified, h(1), START + YEAR);
		assert_ok!(KycRegistry::request_kyc(RuntimeOrigin::signed(ALICE), ROOT_PROVIDER, h(2)));
		assert_ok!(KycRegistry::clear_kyc(RuntimeOrigin::signed(ALICE)));
		assert_eq!(last_event(), Event::KycCleared { who: ALICE }.into());
		assert!(Records::<Test>::get(ALICE).is_none());
		assert!(Requests::<Test>::get(ALICE).is_none());
		assert_eq!(Registry::level(&ALICE), KycLevel::None);
	});
}

#[test]
fn a_removed_providers_attestations_end_with_it() {
	run_test(|| {
		add_provider(ROOT_PROVIDER, KycLevel::Enhanced);
		add_provider(PROVIDER_B, KycLevel::Enhanced);
		attest(ALICE, ROOT_PROVIDER, KycLevel::Verified, h(1), START + 100);
		attest(CHARLIE, PROVIDER_B, KycLevel::Basic, h(3), START + 100);
		assert_ok!(KycRegistry::remove_provider(RuntimeOrigin::root(), ROOT_PROVIDER));
		assert_eq!(Registry::level(&ALICE), KycLevel::None);
		assert_eq!(KycRegistry::status(&ALICE).effective_level, KycLevel::None);
		// Another provider's customers keep their level.
		assert_eq!(Registry::level(&CHARLIE), KycLevel::Basic);
		// The removed provider can no longer revoke; governance can clear the record.
		assert_noop!(
			KycRegistry::revoke(RuntimeOrigin::signed(ROOT_PROVIDER), ALICE),
			Error::<Test>::NotProvider
		);
		// Appointing it again does not bring its old attestations back.
		System::set_block_number(System::block_number() + 1);
		add_provider(ROOT_PROVIDER, KycLevel::Enhanced);
		assert_eq!(Registry::level(&ALICE), KycLevel::None);
		// A new attestation by the re-appointed provider counts.
		attest(ALICE, ROOT_PROVIDER, KycLevel::Basic, h(4), START + 100);
		assert_eq!(Registry::level(&ALICE), KycLevel::Basic);
	});
}

#[test]
fn a_suspended_provider_cannot_attest() {
	run_test(|| {
		add_provider(ROOT_PROVIDER, KycLevel::Enhanced);
		assert_ok!(KycRegistry::request_kyc(RuntimeOrigin::signed(ALICE), ROOT_PROVIDER, h(1)));
		assert_ok!(KycRegistry::suspend(RuntimeOrigin::root(), ROOT_PROVIDER, 7));
		assert_noop!(
			KycRegistry::approve(
				RuntimeOrigin::signed(ROOT_PROVIDER),
				ALICE,
				KycLevel::Basic,
				h(1),
				START + 100
			),
			Error::<Test>::ProviderSuspended
		);
		assert_eq!(Registry::level(&ALICE), KycLevel::None);
		// Lifted, it attests again.
		assert_ok!(KycRegistry::unsuspend(RuntimeOrigin::root(), ROOT_PROVIDER));
		assert_ok!(KycRegistry::approve(
			RuntimeOrigin::signed(ROOT_PROVIDER),
			ALICE,
			KycLevel::Basic,
			h(1),
			START + 100
		));
		assert_eq!(Registry::level(&ALICE), KycLevel::Basic);
	});
}

#[test]
fn unit_gate_lets_everyone_through() {
	assert_eq!(<() as KycGate<u64, u64>>::level(&ALICE), KycLevel::Enhanced);
	assert_eq!(<() as KycGate<u64, u64>>::ensure_level(&ALICE, KycLevel::Enhanced), Ok(()));
}

#[test]
fn genesis_config_builds_providers_and_records() {
	use sp_runtime::BuildStorage;
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	crate::GenesisConfig::<Test> {
		providers: vec![(ROOT_PROVIDER, KycLevel::Enhanced, b"Dev KYC".to_vec())],
		records: vec![
			(ALICE, ROOT_PROVIDER, KycLevel::Verified, START + YEAR),
			(BOB, ROOT_PROVIDER, KycLevel::Verified, START + YEAR),
		],
	}
	.assimilate_storage(&mut t)
	.unwrap();
	sp_io::TestExternalities::new(t).execute_with(|| {
		set_now(START);
		assert_eq!(Registry::level(&ALICE), KycLevel::Verified);
		assert_eq!(Registry::level(&BOB), KycLevel::Verified);
		assert_eq!(Registry::level(&CHARLIE), KycLevel::None);
		assert_eq!(crate::ProviderCount::<Test>::get(), 1);
		KycRegistry::do_try_state().unwrap();
	});
}

#[test]
fn try_state_detects_corruption() {
	run_test(|| {
		add_provider(ROOT_PROVIDER, KycLevel::Basic);
		attest(ALICE, ROOT_PROVIDER, KycLevel::Basic, h(1), START + YEAR);
		// A record above its provider's max level at grant time.
		Records::<Test>::mutate(ALICE, |r| r.as_mut().unwrap().level = KycLevel::Enhanced);
		assert!(KycRegistry::do_try_state().is_err());
		Records::<Test>::mutate(ALICE, |r| r.as_mut().unwrap().level = KycLevel::Basic);
		// A wrong provider count.
		crate::ProviderCount::<Test>::put(5);
		assert!(KycRegistry::do_try_state().is_err());
		crate::ProviderCount::<Test>::put(1);
		// A request of a suspended account.
		assert_ok!(KycRegistry::suspend(RuntimeOrigin::root(), BOB, 1));
		Requests::<Test>::insert(
			BOB,
			crate::KycRequest { provider: ROOT_PROVIDER, commitment: h(3), requested_at: 1 },
		);
		assert!(KycRegistry::do_try_state().is_err());
		Requests::<Test>::remove(BOB);
		KycRegistry::do_try_state().unwrap();
		// A record whose suspension flag differs from `Suspended`.
		Records::<Test>::mutate(ALICE, |r| r.as_mut().unwrap().suspended = true);
		assert!(KycRegistry::do_try_state().is_err());
		Records::<Test>::mutate(ALICE, |r| r.as_mut().unwrap().suspended = false);
		KycRegistry::do_try_state().unwrap();
		// The hook is a no-op that must not disturb anything.
		KycRegistry::on_initialize(2);
	});
}
