//! A seeded property test: random sequences of every call, by the parties and by anyone, with
//! blocks passing (deadlines acting) and accounts giving their USDT away, keep every invariant
//! after every step; each account's holdings (free, on hold for bonds, and in escrow) move only
//! by the settlements and bond slashes it took part in, and its trade record by the
//! settlements it was a party to, exactly as their outcomes say.

use super::*;
use crate::mock::*;
use frame_support::{
	dispatch::GetDispatchInfo,
	traits::{fungibles::Inspect, UnfilteredDispatchable},
};
use pallet_kyc_registry::KycLevel;
use sp_core::H256;

/// Seeds and steps per seed: 10 000 random steps in all.
const SEEDS: [u64; 5] = [1, 0xDEAD_BEEF, 0x5EED_0F0C, 42, 7_777];
const STEPS: u32 = 2_000;

/// A small deterministic generator (xorshift64*), so failures reproduce from the seed.
struct Rng(u64);
impl Rng {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n.max(1)
	}
	fn pick<T: Clone>(&mut self, items: &[T]) -> T {
		items[self.below(items.len() as u64) as usize].clone()
	}
}

/// FRESH holds no USDT until its first payout; the test takes its USDT away now and then, so
/// that payouts keep opening its account.
const TRADERS: [AccountId; 4] = [SELLER, BUYER, OTHER, FRESH];
const WATCHED: [AccountId; 6] = [SELLER, BUYER, OTHER, FRESH, TREASURY, SINK];
const ASSETS: [AssetKind; 2] = [NATIVE, USDT];
/// A bond the random adverts ask (native units).
const BOND: Balance = 1_000_000_000_000;

/// Free balance plus what escrow holds for the account: its adverts' available and in-order
/// amounts, and for the fee destination the fees kept in escrow; in the native token, plus what
/// it has on hold for bonds.
fn holdings(who: AccountId, asset: AssetKind) -> i128 {
	let escrowed: Balance = Adverts::<Test>::iter_values()
		.filter(|a| a.seller == who && a.asset == asset)
		.map(|a| a.available + a.in_orders)
		.sum();
	let fees = if who == TREASURY { EscrowTotals::<Test>::get(asset.clone()).fees } else { 0 };
	let bonds = if asset == NATIVE { OtcEscrow::bonds_held(&who) } else { 0 };
	(bal(asset, who) + escrowed + fees + bonds) as i128
}

fn all_holdings() -> Vec<i128> {
	WATCHED
		.iter()
		.flat_map(|w| ASSETS.iter().map(move |a| holdings(*w, a.clone())))
		.collect()
}

/// Index of `who`'s holding of `ASSETS[asset]` in [`all_holdings`].
fn at(who: AccountId, asset: usize) -> usize {
	WATCHED.iter().position(|x| *x == who).unwrap() * ASSETS.len() + asset
}

/// One random call, mostly by the party it expects (so that many succeed), sometimes by anyone.
fn random_call(rng: &mut Rng) -> (RuntimeOrigin, Call<Test>) {
	let adverts: Vec<AdvertId> = Adverts::<Test>::iter_keys().collect();
	let orders: Vec<OrderId> = Orders::<Test>::iter_keys().collect();
	let advert = if adverts.is_empty() { 0 } else { rng.pick(&adverts) };
	let order = if orders.is_empty() { 0 } else { rng.pick(&orders) };
	let any = rng.pick(&TRADERS);
	let fitting = rng.below(4) != 0;
	let seller = Adverts::<Test>::get(advert)
		.map(|a| a.seller)
		.filter(|_| fitting)
		.unwrap_or(any);
	let parties = Orders::<Test>::get(order).map(|o| (o.buyer, o.seller)).filter(|_| fitting);
	let (buyer, order_seller) = parties.unwrap_or((any, any));
	let amount = (1 + rng.below(300)) as Balance * USDT_UNIT / 2;
	let (who, call) = match rng.below(18) {
		0 | 1 => {
			let t = AdvertTerms {
				price: 50 + rng.below(100) as u128,
				min_order: USDT_UNIT,
				max_order: 200 * USDT_UNIT,
				payment_methods: vec![m("SEPA")].try_into().unwrap(),
				payment_window: 5 + rng.below(20),
				buyer_bond: rng.pick(&[0, BOND, 3 * BOND]),
				seller_bond: rng.pick(&[0, 10 * BOND]),
				buyer_conditions: BuyerConditions {
					min_trades: rng.pick(&[0, 0, 0, 1]),
					max_failure_bps: rng.pick(&[None, None, Some(5_000)]),
					min_account_age: rng.pick(&[0, 0, 20]),
				},
				..terms()
			};
			(any, Call::create_advert { asset: rng.pick(&ASSETS), amount: amount * 4, terms: t })
		},
		2 => (seller, Call::top_up_advert { advert_id: advert, amount }),
		3 => (seller, Call::withdraw_from_advert { advert_id: advert, amount }),
		4 => (seller, Call::pause_advert { advert_id: advert }),
		5 => (seller, Call::resume_advert { advert_id: advert }),
		6 => (seller, Call::close_advert { advert_id: advert }),
		7 | 8 => {
			let call = Call::open_order {
				advert_id: advert,
				amount: amount / 4,
				payment_method: m("SEPA"),
				terms_version: v(advert),
			};
			(any, call)
		},
		9 => (buyer, Call::mark_paid { order_id: order, payment_ref: None }),
		10 | 17 => (order_seller, Call::release { order_id: order }),
		11 => (buyer, Call::cancel_order { order_id: order }),
		12 => {
			let party = if rng.below(2) == 0 { buyer } else { order_seller };
			(party, Call::open_dispute { order_id: order, evidence: H256::zero() })
		},
		13 => (any, Call::sweep_fees { asset: rng.pick(&ASSETS) }),
		14 => (any, Call::update_advert { advert_id: advert, terms: terms() }),
		16 if rng.below(2) == 0 => {
			let max_order = rng.pick(&[20, 100, 200]) * USDT_UNIT;
			let limit = TradeLimit { max_order, max_open: max_order * rng.pick(&[1, 3, 20]) };
			let limit = rng.pick(&[None, None, Some(limit)]);
			let level = rng.pick(&[KycLevel::Verified, KycLevel::Enhanced]);
			let call = Call::set_limit { asset: rng.pick(&ASSETS), level, limit };
			return (RuntimeOrigin::root(), call);
		},
		16 => {
			let step = |from_age, share_bps| RampStep { from_age, share_bps };
			let ramp = rng.pick(&[vec![], vec![step(0, 2_000), step(30, 10_000)]]);
			return (RuntimeOrigin::root(), Call::set_ramp { ramp: ramp.try_into().unwrap() });
		},
		_ => {
			let bps = rng.pick(&[0u16, 2_500, 5_000, 6_000, 10_000]);
			let fault = rng.pick(&[Fault::Neither, Fault::Buyer, Fault::Seller]);
			let call = Call::resolve_dispute { order_id: order, buyer_share_bps: bps, fault };
			return (RuntimeOrigin::root(), call);
		},
	};
	(RuntimeOrigin::signed(who), call)
}

#[test]
fn random_sequences_keep_every_invariant() {
	for seed in SEEDS {
		new_test_ext().execute_with(|| {
			set_kyc(OTHER, KycLevel::Enhanced);
			let mut rng = Rng(seed);
			let issuance: Vec<Balance> =
				ASSETS.iter().map(|a| Union::total_issuance(a.clone())).collect();
			let (mut successes, mut first_holdings, mut removed, mut slashes) = (0, 0, 0, 0);
			let mut outcomes = std::collections::HashSet::new();
			// Orders refused by an advert's conditions and by governance's limits.
			let (mut unmet, mut over_limit) = (0, 0);
			for step in 0..STEPS {
				System::reset_events();
				let before = all_holdings();
				let mut counters = all_counters();
				let mut expected = before.clone();
				let usdt = ASSETS.iter().position(|a| *a == USDT).unwrap();

				if rng.below(8) == 0 {
					run_to_block(System::block_number() + 1 + rng.below(8));
				} else if rng.below(16) == 0 {
					// FRESH gives all its USDT away: its next payout opens its account again.
					let all = bal(USDT, FRESH);
					if all > 0 {
						give_away_usdt(FRESH);
						expected[at(FRESH, usdt)] -= all as i128;
						expected[at(SINK, usdt)] += all as i128;
					}
				} else {
					let (origin, call) = random_call(&mut rng);
					let weighed = call.get_dispatch_info().call_weight;
					let payees = payees_without_usdt(&call);
					let result = frame_support::storage::with_storage_layer(|| {
						call.clone().dispatch_bypass_filter(origin)
					});
					if let Err(e) = &result {
						use sp_runtime::DispatchError::Module;
						let name = if let Module(m) = e.error { m.message } else { None };
						match name.unwrap_or_default() {
							"BuyerTooFewTrades"
							| "BuyerFailureRateTooHigh"
							| "BuyerAccountTooNew" => unmet += 1,
							"AboveOrderLimit" | "AboveOpenLimit" => over_limit += 1,
							_ => {},
						}
					}
					if let Ok(post) = result {
						successes += 1;
						first_holdings += payees;
						let used = post.actual_weight.unwrap_or(weighed);
						assert!(
							used.all_lte(weighed),
							"seed {seed} step {step}: {call:?} used {used:?}, weighed {weighed:?}"
						);
					}
				}

				OtcEscrow::do_try_state()
					.unwrap_or_else(|e| panic!("seed {seed} step {step}: try_state: {e:?}"));
				assert_escrow_exact();
				for (i, a) in ASSETS.iter().enumerate() {
					assert_eq!(
						Union::total_issuance(a.clone()),
						issuance[i],
						"seed {seed} step {step}: mint or burn"
					);
				}
				// Holdings move only by settlements: the buyer gains what it is paid, the fee
				// destination the fee, and the seller loses both (what goes back to the seller or
				// its advert stays in its holdings).
				for record in System::events() {
					match record.event {
						RuntimeEvent::OtcEscrow(Event::OrderSettled {
							buyer,
							seller,
							asset,
							to_buyer,
							fee,
							outcome,
							..
						}) => {
							outcomes.insert(core::mem::discriminant(&outcome));
							count(&mut counters, buyer, seller, outcome, &asset, to_buyer + fee);
							let ai = ASSETS.iter().position(|a| *a == asset).unwrap();
							expected[at(buyer, ai)] += to_buyer as i128;
							expected[at(TREASURY, ai)] += fee as i128;
							expected[at(seller, ai)] -= (to_buyer + fee) as i128;
						},
						RuntimeEvent::OtcEscrow(Event::BondSlashed {
							who,
							amount,
							wronged,
							to_wronged,
							to_fees,
							..
						}) => {
							slashes += 1;
							assert_ne!(who, wronged, "a bond paid to the party that lost it");
							assert_eq!(to_wronged + to_fees, amount);
							let native = ASSETS.iter().position(|a| *a == NATIVE).unwrap();
							expected[at(who, native)] -= amount as i128;
							expected[at(wronged, native)] += to_wronged as i128;
							expected[at(TREASURY, native)] += to_fees as i128;
						},
						RuntimeEvent::OtcEscrow(Event::AdvertRemoved { .. }) => removed += 1,
						_ => {},
					}
				}
				assert_eq!(
					all_holdings(),
					expected,
					"seed {seed} step {step}: holdings moved outside trades"
				);
				assert_eq!(
					all_counters(),
					counters,
					"seed {seed} step {step}: a record moved other than by its party's settlements"
				);
			}
			assert!(successes > 500, "seed {seed}: only {successes} calls succeeded");
			assert!(
				unmet > 0 && over_limit > 0,
				"seed {seed}: no order refused by conditions or limits"
			);
			assert!(first_holdings > 0, "seed {seed}: no payout opened an account");
			assert!(removed > 0, "seed {seed}: no advert was removed");
			assert!(slashes > 0, "seed {seed}: no bond was slashed");
			assert_eq!(outcomes.len(), 4, "seed {seed}: every outcome occurs");
		});
	}
}

/// An account's counters: completed as buyer and as seller, cancelled, expired, disputes lost,
/// and per asset bought and sold.
type Counters = [u128; 9];

fn all_counters() -> Vec<Counters> {
	WATCHED
		.iter()
		.map(|w| {
			let r = record(*w);
			let (n, u) = (AssetRecords::<Test>::get(w, NATIVE), AssetRecords::<Test>::get(w, USDT));
			let c = |x: u32| u128::from(x);
			[
				c(r.bought),
				c(r.sold),
				c(r.cancelled),
				c(r.expired),
				c(r.disputes_lost),
				n.bought,
				n.sold,
				u.bought,
				u.sold,
			]
		})
		.collect()
}

/// What a settlement with `outcome` adds to its parties' counters, `sold` of its asset having
/// gone to the buyer (before the fee).
fn count(
	counters: &mut [Counters],
	buyer: AccountId,
	seller: AccountId,
	outcome: Outcome,
	asset: &AssetKind,
	sold: Balance,
) {
	let i = |who: AccountId| WATCHED.iter().position(|x| *x == who).unwrap();
	let (b, s) = (i(buyer), i(seller));
	let completed = match outcome {
		Outcome::Released => true,
		Outcome::Resolved { buyer_share_bps, .. } => buyer_share_bps >= 5_000,
		_ => false,
	};
	let add = |x: bool| u128::from(x);
	counters[b][0] += add(completed);
	counters[s][1] += add(completed);
	counters[b][2] += add(outcome == Outcome::Cancelled);
	counters[b][3] += add(outcome == Outcome::Expired);
	if let Outcome::Resolved { fault, .. } = outcome {
		counters[b][4] += add(fault == Fault::Buyer);
		counters[s][4] += add(fault == Fault::Seller);
	}
	let volume = if *asset == NATIVE { 5 } else { 7 };
	counters[b][volume] += sold;
	counters[s][volume + 1] += sold;
}

/// For a release of a USDT order: 1 if its buyer holds no USDT (the payout opens its
/// account), else 0.
fn payees_without_usdt(call: &Call<Test>) -> u32 {
	let Call::release { order_id } = call else { return 0 };
	Orders::<Test>::get(*order_id)
		.filter(|o| o.asset == USDT && bal(USDT, o.buyer) == 0)
		.map_or(0, |_| 1)
}
