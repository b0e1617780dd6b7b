//! Governance without a master key, on the runtime itself (genesis from the presets): no
//! signed account reaches a governance call, one council member alone passes nothing, a
//! qualified majority governs, the validator set changes within two sessions, an upgrade is
//! authorized by a council motion, and fees price the chain's resources.

use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::GetDispatchInfo,
	traits::{OnFinalize, OnInitialize, UnfilteredDispatchable},
	weights::Weight,
};
use otc_runtime::{
	configs::{
		governance::{ArbitersMembership, CouncilCollective},
		AssetKind,
	},
	genesis_config_presets::{preset_config, STAGING_RUNTIME_PRESET, USDT_ASSET_ID},
	AccountId, AssetId, Balances, Council, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin,
	Session, System,
};
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::{traits::Hash, BuildStorage, DispatchError};

/// The state the preset `id` builds, at block 1, with a keystore.
fn chain(id: &str) -> sp_io::TestExternalities {
	let config = preset_config(id).expect("preset exists");
	let mut ext = sp_io::TestExternalities::new(config.build_storage().unwrap());
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

fn local() -> sp_io::TestExternalities {
	chain(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
}

fn id(k: Sr25519Keyring) -> AccountId {
	k.to_account_id()
}

/// Every call only governance may make, with arguments that would succeed for it.
fn governance_calls() -> Vec<RuntimeCall> {
	use otc_runtime::*;
	let code_hash = <Runtime as frame_system::Config>::Hashing::hash(b"code");
	let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
	vec![
		RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::set_trade_fee { bps: 20 }),
		RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::list_asset {
			asset: AssetKind::WithId(USDT_ASSET_ID),
			min_order: 1_000_000,
			max_order: 2_000_000,
		}),
		RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::delist_asset {
			asset: AssetKind::WithId(USDT_ASSET_ID),
		}),
		RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::end_advert { advert_id: 0 }),
		RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::settle_claim {
			asset: AssetKind::WithId(USDT_ASSET_ID),
			who: id(Bob),
		}),
		RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::set_rules {
			rules: pallet_otc_escrow::Rules::<Runtime>::get(),
		}),
		RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::set_limit {
			asset: AssetKind::WithId(USDT_ASSET_ID),
			level: pallet_kyc_registry::KycLevel::Basic,
			limit: Some(pallet_otc_escrow::TradeLimit {
				max_order: 1_000_000,
				max_open: 2_000_000,
			}),
		}),
		RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::set_ramp { ramp: Default::default() }),
		RuntimeCall::KycRegistry(pallet_kyc_registry::Call::add_provider {
			provider: id(Dave),
			max_level: pallet_kyc_registry::KycLevel::Basic,
			name: b"desk".to_vec().try_into().unwrap(),
		}),
		RuntimeCall::KycRegistry(pallet_kyc_registry::Call::remove_provider {
			provider: id(Alice),
		}),
		RuntimeCall::KycRegistry(pallet_kyc_registry::Call::suspend {
			who: id(Bob),
			reason: Default::default(),
		}),
		RuntimeCall::KycRegistry(pallet_kyc_registry::Call::unsuspend { who: id(Bob) }),
		RuntimeCall::KycRegistry(pallet_kyc_registry::Call::force_set_level {
			who: id(Dave),
			level: pallet_kyc_registry::KycLevel::Verified,
			expires_at: u64::MAX,
		}),
		RuntimeCall::CollatorSelection(pallet_collator_selection::Call::add_invulnerable {
			who: id(Dave),
		}),
		RuntimeCall::CollatorSelection(pallet_collator_selection::Call::remove_invulnerable {
			who: id(Alice),
		}),
		RuntimeCall::CollatorSelection(pallet_collator_selection::Call::set_invulnerables {
			new: vec![id(Alice)],
		}),
		RuntimeCall::CouncilMembership(pallet_membership::Call::add_member {
			who: id(Dave).into(),
		}),
		RuntimeCall::CouncilMembership(pallet_membership::Call::remove_member {
			who: id(Alice).into(),
		}),
		RuntimeCall::CouncilMembership(pallet_membership::Call::reset_members {
			members: vec![id(Dave)],
		}),
		RuntimeCall::Arbiters(pallet_membership::Call::add_member { who: id(Ferdie).into() }),
		RuntimeCall::Arbiters(pallet_membership::Call::remove_member { who: id(Dave).into() }),
		RuntimeCall::Council(pallet_collective::Call::set_members {
			new_members: vec![id(Dave)],
			prime: None,
			old_count: 3,
		}),
		RuntimeCall::Whitelist(pallet_whitelist::Call::whitelist_call {
			call_hash: <Runtime as frame_system::Config>::Hashing::hash_of(&remark),
		}),
		RuntimeCall::Whitelist(pallet_whitelist::Call::dispatch_whitelisted_call_with_preimage {
			call: Box::new(remark),
		}),
		RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash }),
		RuntimeCall::System(frame_system::Call::set_code { code: vec![1, 2, 3] }),
		RuntimeCall::Balances(pallet_balances::Call::force_transfer {
			source: otc_runtime::OtcEscrow::escrow_account().into(),
			dest: id(Dave).into(),
			value: 1,
		}),
		RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
			who: id(Dave).into(),
			new_free: 1,
		}),
		RuntimeCall::Assets(pallet_assets::Call::force_transfer {
			id: USDT_ASSET_ID.into(),
			source: otc_runtime::OtcEscrow::escrow_account().into(),
			dest: id(Dave).into(),
			amount: 1,
		}),
		RuntimeCall::Assets(pallet_assets::Call::force_asset_status {
			id: USDT_ASSET_ID.into(),
			owner: id(Dave).into(),
			issuer: id(Dave).into(),
			admin: id(Dave).into(),
			freezer: id(Dave).into(),
			min_balance: 1,
			is_sufficient: true,
			is_frozen: false,
		}),
	]
}

/// No signed account, not even a council member, an arbiter or a validator, makes any
/// governance call; with no sudo key, `sudo` refuses everyone.
#[test]
fn signed_accounts_are_refused_every_governance_call() {
	local().execute_with(|| {
		for who in [Alice, Bob, Dave, Ferdie] {
			for call in governance_calls() {
				let name = call.get_call_metadata_name();
				// A signed account only relays a Root call governance already whitelisted, and
				// moves an asset only as its admin, which on this chain no one is.
				let refusal = match name {
					("Whitelist", "dispatch_whitelisted_call_with_preimage") => {
						pallet_whitelist::Error::<Runtime>::DeferredDispatchNotFound.into()
					},
					("Assets", "force_transfer") => {
						pallet_assets::Error::<Runtime>::NoPermission.into()
					},
					_ => DispatchError::BadOrigin,
				};
				let result = call.dispatch_bypass_filter(RuntimeOrigin::signed(id(who)));
				assert_eq!(result.map_err(|e| e.error), Err(refusal), "{who:?} {name:?}");
			}
			let call = Box::new(governance_calls().remove(0));
			assert_noop!(
				otc_runtime::Sudo::sudo(RuntimeOrigin::signed(id(who)), call),
				pallet_sudo::Error::<Runtime>::RequireSudo
			);
		}
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
	});
}

trait CallName {
	fn get_call_metadata_name(&self) -> (&'static str, &'static str);
}
impl CallName for RuntimeCall {
	fn get_call_metadata_name(&self) -> (&'static str, &'static str) {
		use frame_support::traits::GetCallMetadata;
		let m = self.get_call_metadata();
		(m.pallet_name, m.function_name)
	}
}

/// `who` proposes `call` to the council with `threshold`; returns the motion's hash and index.
fn propose(who: Sr25519Keyring, call: RuntimeCall, threshold: u32) -> (sp_core::H256, u32) {
	let len = call.encoded_size() as u32;
	let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
	let index = pallet_collective::ProposalCount::<Runtime, CouncilCollective>::get();
	assert_ok!(Council::propose(RuntimeOrigin::signed(id(who)), threshold, Box::new(call), len));
	(hash, index)
}

/// The members vote aye on the motion and the last one closes it; returns what its call did.
fn pass(motion: (sp_core::H256, u32), ayes: &[Sr25519Keyring]) -> Result<(), DispatchError> {
	let (hash, index) = motion;
	for who in ayes {
		assert_ok!(Council::vote(RuntimeOrigin::signed(id(*who)), hash, index, true));
	}
	System::reset_events();
	let closer = RuntimeOrigin::signed(id(ayes[0]));
	assert_ok!(Council::close(
		closer,
		hash,
		index,
		Weight::from_parts(u64::MAX / 4, u64::MAX / 4),
		1_000
	));
	executed()
}

/// The result of the last motion the council executed.
fn executed() -> Result<(), DispatchError> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| match r.event {
			RuntimeEvent::Council(pallet_collective::Event::Executed { result, .. }) => {
				Some(result)
			},
			_ => None,
		})
		.expect("the motion was executed")
}

fn fee() -> u16 {
	pallet_otc_escrow::TradeFeeBps::<Runtime>::get()
}

fn set_fee(bps: u16) -> RuntimeCall {
	RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::set_trade_fee { bps })
}

/// A motion with threshold 1 executes at once, as one member's: it is refused.
#[test]
fn one_council_member_alone_passes_nothing() {
	local().execute_with(|| {
		let before = fee();
		System::reset_events();
		propose(Alice, set_fee(20), 1);
		assert_eq!(executed(), Err(DispatchError::BadOrigin));
		assert_eq!(fee(), before);
	});
}

/// Two of three local members (2/3) pass a motion; on staging two of four do not, three do.
#[test]
fn a_qualified_majority_of_the_council_governs() {
	local().execute_with(|| {
		let motion = propose(Alice, set_fee(20), 2);
		assert_eq!(pass(motion, &[Alice, Bob]), Ok(()));
		assert_eq!(fee(), 20);
	});
	chain(STAGING_RUNTIME_PRESET).execute_with(|| {
		let before = fee();
		let motion = propose(Alice, set_fee(30), 2);
		assert_eq!(pass(motion, &[Alice, Bob]), Err(DispatchError::BadOrigin));
		assert_eq!(fee(), before);
		let motion = propose(Alice, set_fee(30), 3);
		assert_eq!(pass(motion, &[Alice, Bob, Charlie]), Ok(()));
		assert_eq!(fee(), 30);
	});
}

/// Only assets the council listed trade: a token anyone issued is refused until a motion lists
/// it, and a delisted one takes no new adverts.
#[test]
fn the_council_lists_and_delists_tradable_assets() {
	use otc_runtime::{Assets, OtcEscrow};
	local().execute_with(|| {
		// Bob issues a token named like USDT; the escrow refuses it.
		let token: AssetId = 77;
		let admin = sp_runtime::MultiAddress::Id(id(Bob));
		assert_ok!(Assets::create(RuntimeOrigin::signed(id(Bob)), token.into(), admin, 1));
		assert_ok!(Assets::set_metadata(
			RuntimeOrigin::signed(id(Bob)),
			token.into(),
			b"Tether USD".to_vec(),
			b"USDT".to_vec(),
			6
		));
		let asset = AssetKind::WithId(token);
		let terms = pallet_otc_escrow::AdvertTerms {
			price: 92,
			currency: b"EUR".to_vec().try_into().unwrap(),
			min_order: 10,
			max_order: 100,
			payment_methods: vec![b"SEPA".to_vec().try_into().unwrap()].try_into().unwrap(),
			payment_window: 600,
			min_buyer_level: pallet_kyc_registry::KycLevel::None,
			terms_hash: None,
			buyer_bond: 0,
			seller_bond: 0,
			buyer_conditions: Default::default(),
		};
		assert_noop!(
			OtcEscrow::create_advert(RuntimeOrigin::signed(id(Bob)), asset.clone(), 100, terms),
			pallet_otc_escrow::Error::<Runtime>::AssetNotListed
		);
		// A motion lists it; the escrow's account of it is opened with the deposit someone sent.
		let escrow = OtcEscrow::escrow_account();
		let deposit = <Runtime as pallet_assets::Config>::AssetAccountDeposit::get();
		assert_ok!(otc_runtime::Balances::transfer_keep_alive(
			RuntimeOrigin::signed(id(Alice)),
			escrow.clone().into(),
			deposit
		));
		let list = RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::list_asset {
			asset: asset.clone(),
			min_order: 10,
			max_order: 1_000,
		});
		assert_eq!(pass(propose(Alice, list, 2), &[Alice, Bob]), Ok(()));
		let listing = pallet_otc_escrow::Listings::<Runtime>::get(&asset).unwrap();
		assert_eq!((listing.decimals, listing.min_order, listing.max_order), (6, 10, 1_000));
		assert!(pallet_assets::Account::<Runtime>::contains_key(token, &escrow));
		let delist =
			RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::delist_asset { asset: asset.clone() });
		assert_eq!(pass(propose(Alice, delist, 2), &[Alice, Charlie]), Ok(()));
		assert!(!pallet_otc_escrow::Listings::<Runtime>::contains_key(&asset));
	});
}

/// The council changes who may arbitrate, and who sits on it.
#[test]
fn the_council_appoints_arbiters_and_members() {
	local().execute_with(|| {
		let add =
			RuntimeCall::Arbiters(pallet_membership::Call::add_member { who: id(Ferdie).into() });
		assert_eq!(pass(propose(Alice, add, 2), &[Alice, Charlie]), Ok(()));
		let arbiters = pallet_membership::Members::<Runtime, ArbitersMembership>::get();
		assert!(arbiters.contains(&id(Ferdie)));
		let add = RuntimeCall::CouncilMembership(pallet_membership::Call::add_member {
			who: id(Dave).into(),
		});
		assert_eq!(pass(propose(Bob, add, 2), &[Bob, Charlie]), Ok(()));
		assert!(pallet_collective::Members::<Runtime, CouncilCollective>::get().contains(&id(Dave)));
	});
}

/// Runs blocks up to `n` with the hooks that change authorities: the session's (it rotates
/// the validator set) and those of Aura and GRANDPA (they enact the change).
fn run_to(n: u32) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Session::on_initialize(next);
		otc_runtime::Aura::on_finalize(next);
		otc_runtime::Grandpa::on_finalize(next);
	}
}

/// Whether the Aura key of `keys` is among the block authors.
fn aura_has(keys: &otc_runtime::opaque::SessionKeys) -> bool {
	pallet_aura::Authorities::<Runtime>::get().contains(&keys.aura)
}

/// Dave registers session keys with a proof of ownership; a council motion adds him; he is an
/// Aura and GRANDPA authority within two sessions; a motion removes him, and within two sessions
/// he is not. Keys without a valid proof are refused.
#[test]
fn the_council_adds_and_removes_a_validator_within_two_sessions() {
	use otc_runtime::{configs::validators::SESSION_PERIOD, opaque::SessionKeys};
	local().execute_with(|| {
		let owner = id(Dave).encode();
		let generated = SessionKeys::generate(&owner, None);
		let keys = generated.keys.clone();
		// A proof made for another owner does not register the keys.
		let theirs = SessionKeys::generate(&id(Eve).encode(), None);
		assert_noop!(
			Session::set_keys(RuntimeOrigin::signed(id(Dave)), theirs.keys, theirs.proof.encode()),
			pallet_session::Error::<Runtime>::InvalidProof
		);
		// Not a validator before its keys are registered.
		let add =
			RuntimeCall::CollatorSelection(pallet_collator_selection::Call::add_invulnerable {
				who: id(Dave),
			});
		assert!(pass(propose(Alice, add.clone(), 2), &[Alice, Bob]).is_err());
		assert_ok!(Session::set_keys(
			RuntimeOrigin::signed(id(Dave)),
			keys.clone(),
			generated.proof.encode()
		));
		assert_eq!(pass(propose(Alice, add, 2), &[Alice, Bob]), Ok(()));
		let start = Session::current_index();
		run_to(System::block_number() + 2 * SESSION_PERIOD);
		assert!(Session::current_index() <= start + 2);
		assert!(aura_has(&keys), "Dave authors from the second session on");
		assert!(Session::validators().contains(&id(Dave)));
		assert!(otc_runtime::Grandpa::grandpa_authorities()
			.iter()
			.any(|(k, _)| *k == keys.grandpa));

		let remove =
			RuntimeCall::CollatorSelection(pallet_collator_selection::Call::remove_invulnerable {
				who: id(Dave),
			});
		assert_eq!(pass(propose(Bob, remove, 2), &[Bob, Charlie]), Ok(()));
		run_to(System::block_number() + 2 * SESSION_PERIOD);
		assert!(!aura_has(&keys), "Dave no longer authors");
		assert!(!Session::validators().contains(&id(Dave)));
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 3);
	});
}

/// A validator rotates its keys: the new ones author within two sessions.
#[test]
fn a_validator_rotates_its_keys_within_two_sessions() {
	use otc_runtime::{configs::validators::SESSION_PERIOD, opaque::SessionKeys};
	local().execute_with(|| {
		let generated = SessionKeys::generate(&id(Bob).encode(), None);
		assert_ok!(Session::set_keys(
			RuntimeOrigin::signed(id(Bob)),
			generated.keys.clone(),
			generated.proof.encode()
		));
		assert!(!aura_has(&generated.keys));
		run_to(System::block_number() + 2 * SESSION_PERIOD);
		assert!(aura_has(&generated.keys));
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 3);
	});
}

/// A council motion whitelists `system.authorizeUpgrade` and dispatches it as Root in one
/// batch; the upgrade is then authorized for anyone to apply.
#[test]
fn the_council_authorizes_a_runtime_upgrade() {
	local().execute_with(|| {
		let code_hash = <Runtime as frame_system::Config>::Hashing::hash(b"new runtime");
		let authorize = RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash });
		let call_hash = <Runtime as frame_system::Config>::Hashing::hash_of(&authorize);
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: vec![
				RuntimeCall::Whitelist(pallet_whitelist::Call::whitelist_call { call_hash }),
				RuntimeCall::Whitelist(
					pallet_whitelist::Call::dispatch_whitelisted_call_with_preimage {
						call: Box::new(authorize),
					},
				),
			],
		});
		assert_eq!(pass(propose(Alice, batch, 2), &[Alice, Charlie]), Ok(()));
		assert!(System::authorized_upgrade().is_some());
		System::assert_has_event(
			frame_system::Event::UpgradeAuthorized { code_hash, check_version: true }.into(),
		);
	});
}

/// Length is priced per byte, weight scaled to the token; the multiplier rises while blocks are
/// full and never falls below one. Prints the cost of a transfer, for docs/operations.md.
#[test]
fn fees_price_length_and_weight_and_rise_with_load() {
	use otc_runtime::{currency::UNIT, TransactionPayment};
	use pallet_transaction_payment::NextFeeMultiplier;
	use sp_runtime::{FixedPointNumber, FixedU128};
	local().execute_with(|| {
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: id(Bob).into(),
			value: UNIT,
		});
		let info = transfer.get_dispatch_info();
		// A signed transfer is about 146 bytes on the wire.
		let fee = TransactionPayment::compute_fee(146, &info, 0);
		println!("transfer_keep_alive fee: {fee} units = {} OTC", fee as f64 / UNIT as f64);
		assert!(fee > UNIT / 1_000 && fee < UNIT / 10, "a transfer costs a fraction of a cent");
		// The calls of a whole trade, charged before any refund (a signed extrinsic is its call
		// plus about 110 bytes of address, signature and extensions).
		let trade = otc_trade_calls();
		let mut total = 0;
		for (name, call) in &trade {
			let fee = TransactionPayment::compute_fee(
				call.encoded_size() as u32 + 110,
				&call.get_dispatch_info(),
				0,
			);
			total += fee;
			println!("{name} fee: {} OTC", fee as f64 / UNIT as f64);
		}
		println!("whole trade fee: {} OTC", total as f64 / UNIT as f64);
		assert!(total < 20 * fee, "a trade costs less than twenty transfers: {total}");
		let junk = TransactionPayment::compute_fee(3_932_160, &info, 0);
		assert!(junk > 30 * UNIT, "a block's worth of bytes costs {junk}");

		// Full blocks raise the multiplier, empty ones bring it back, never below one.
		let one = FixedU128::saturating_from_integer(1);
		assert_eq!(NextFeeMultiplier::<Runtime>::get(), one);
		let normal = otc_runtime::configs::RuntimeBlockWeights::get()
			.get(frame_support::dispatch::DispatchClass::Normal)
			.max_total
			.unwrap();
		for _ in 0..100 {
			System::set_block_consumed_resources(normal, 0);
			TransactionPayment::on_finalize(System::block_number());
		}
		let raised = NextFeeMultiplier::<Runtime>::get();
		assert!(raised > FixedU128::saturating_from_rational(11, 10), "{raised:?}");
		assert!(TransactionPayment::compute_fee(146, &info, 0) > fee);
		for _ in 0..1_000 {
			System::set_block_consumed_resources(Weight::zero(), 0);
			TransactionPayment::on_finalize(System::block_number());
		}
		assert_eq!(NextFeeMultiplier::<Runtime>::get(), one);
	});
}

/// Fees go to the block's author (found from the Aura slot of its digest).
#[test]
fn fees_go_to_the_block_author() {
	use frame_support::traits::{fungible::Balanced, OnUnbalanced};
	use otc_runtime::configs::ToBlockAuthor;
	use sp_runtime::generic::DigestItem;
	local().execute_with(|| {
		let authorities = Session::validators();
		// Slot 7: the author is authority 7 % 3.
		let slot = sp_consensus_aura::Slot::from(7u64);
		System::deposit_log(DigestItem::PreRuntime(
			sp_consensus_aura::AURA_ENGINE_ID,
			slot.encode(),
		));
		let author = authorities[7 % authorities.len()].clone();
		let before = Balances::free_balance(&author);
		let issuance = Balances::total_issuance();
		let fees = <Balances as Balanced<AccountId>>::issue(1_000_000);
		ToBlockAuthor::on_unbalanced(fees);
		assert_eq!(Balances::free_balance(&author), before + 1_000_000);
		assert_eq!(Balances::total_issuance(), issuance + 1_000_000);
	});
}

/// The emergency brake: a council motion pauses a trading call, which is then refused
/// (`CallFiltered`) until a motion lifts it; no member alone pulls it, and the calls that run
/// or govern the chain cannot be paused.
#[test]
fn the_council_pulls_and_releases_the_emergency_brake() {
	use frame_support::traits::fungible::NativeOrWithId;
	use sp_runtime::traits::Dispatchable;
	local().execute_with(|| {
		let name = |pallet: &str, call: &str| -> pallet_tx_pause::RuntimeCallNameOf<Runtime> {
			(
				pallet.as_bytes().to_vec().try_into().unwrap(),
				call.as_bytes().to_vec().try_into().unwrap(),
			)
		};
		let sweep = RuntimeCall::OtcEscrow(pallet_otc_escrow::Call::sweep_fees {
			asset: NativeOrWithId::Native,
		});
		let filtered: DispatchError = frame_system::Error::<Runtime>::CallFiltered.into();
		let refused = |call: RuntimeCall| {
			call.dispatch(RuntimeOrigin::signed(id(Dave))).map_err(|e| e.error) == Err(filtered)
		};
		assert!(!refused(sweep.clone()));
		let pause = |full_name| RuntimeCall::TxPause(pallet_tx_pause::Call::pause { full_name });
		assert_noop!(
			otc_runtime::TxPause::pause(
				RuntimeOrigin::signed(id(Alice)),
				name("OtcEscrow", "sweep_fees")
			),
			DispatchError::BadOrigin
		);
		assert_eq!(
			pass(propose(Alice, pause(name("OtcEscrow", "sweep_fees")), 2), &[Alice, Bob]),
			Ok(())
		);
		assert!(refused(sweep.clone()));
		// The council's own calls, sessions and upgrades cannot be paused.
		for (pallet, call) in
			[("Council", "vote"), ("System", "apply_authorized_upgrade"), ("Session", "set_keys")]
		{
			assert_eq!(
				pass(propose(Bob, pause(name(pallet, call)), 2), &[Bob, Charlie]),
				Err(pallet_tx_pause::Error::<Runtime>::Unpausable.into()),
				"{pallet}.{call}"
			);
		}
		let unpause = RuntimeCall::TxPause(pallet_tx_pause::Call::unpause {
			ident: name("OtcEscrow", "sweep_fees"),
		});
		assert_eq!(pass(propose(Charlie, unpause, 2), &[Charlie, Alice]), Ok(()));
		assert!(!refused(sweep));
	});
}

/// The four calls of a USDT trade, as traders send them.
fn otc_trade_calls() -> Vec<(&'static str, RuntimeCall)> {
	use frame_support::traits::fungible::NativeOrWithId;
	use pallet_otc_escrow::Call;
	let sepa: pallet_otc_escrow::MethodCode = b"SEPA".to_vec().try_into().unwrap();
	let terms = pallet_otc_escrow::AdvertTerms {
		price: 92,
		currency: b"EUR".to_vec().try_into().unwrap(),
		min_order: 10_000_000,
		max_order: 400_000_000,
		payment_methods: vec![sepa.clone(), b"WISE".to_vec().try_into().unwrap()]
			.try_into()
			.unwrap(),
		payment_window: 600,
		min_buyer_level: pallet_kyc_registry::KycLevel::Verified,
		terms_hash: None,
		buyer_bond: 0,
		seller_bond: 0,
		buyer_conditions: Default::default(),
	};
	let asset = NativeOrWithId::WithId(USDT_ASSET_ID);
	vec![
		(
			"create_advert",
			RuntimeCall::OtcEscrow(Call::create_advert { asset, amount: 500_000_000, terms }),
		),
		(
			"open_order",
			RuntimeCall::OtcEscrow(Call::open_order {
				advert_id: 0,
				amount: 100_000_000,
				payment_method: sepa,
				terms_version: 0,
			}),
		),
		("mark_paid", RuntimeCall::OtcEscrow(Call::mark_paid { order_id: 0, payment_ref: None })),
		("release", RuntimeCall::OtcEscrow(Call::release { order_id: 0 })),
	]
}
