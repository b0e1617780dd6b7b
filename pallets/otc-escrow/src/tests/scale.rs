//! Cost at scale: the same trades and book pages on a state of 100 and of 100 000 adverts and
//! orders (a measurement of about a minute, run by `scripts/bench.sh scale`; see
//! docs/performance.md).

use super::*;
use crate::mock::*;
use codec::Encode;
use frame_support::{assert_ok, traits::fungibles::Mutate, BoundedVec};
use std::time::{Duration, Instant};

/// Trades measured at each scale, in each round.
const TRADES: u64 = 128;
/// Rounds of trades and pages on each state, the two states in turn; the fastest round is
/// reported, so that a burst of load from the machine's neighbours does not count as a cost
/// of the state.
const ROUNDS: u64 = 5;

/// Puts `n` open adverts and `n` open orders (one per advert, distinct sellers and buyers)
/// into storage directly, with their indexes, statistics and expiry entries: what `n` calls
/// would leave, without the per-account caps of the mock.
fn fill(n: u64) {
	for i in 0..n {
		let (seller, buyer) = (1_000_000 + i, 9_000_000 + i);
		let advert = Advert {
			seller,
			asset: USDT,
			terms: terms(),
			terms_version: 0,
			available: 90 * USDT_UNIT,
			in_orders: 10 * USDT_UNIT,
			status: AdvertStatus::Open,
			bond: 0,
			orders: BoundedVec::truncate_from(vec![i]),
			created_at: 1,
		};
		Adverts::<Test>::insert(i, advert);
		OpenAdverts::<Test>::insert(USDT, book_key(i), ());
		Traders::<Test>::insert(
			seller,
			Trader {
				adverts: BoundedVec::truncate_from(vec![i]),
				orders: Default::default(),
				record: TradeRecord { sold: 3, ..Default::default() },
				strikes: Default::default(),
			},
		);
		let order = Order {
			advert_id: i,
			seller,
			buyer,
			asset: USDT,
			amount: 10 * USDT_UNIT,
			price: PRICE,
			currency: cur("EUR"),
			fiat_total: 920,
			fee_bps: 10,
			payment_method: m("SEPA"),
			bond: 0,
			opened_at: 1,
			pay_by: 1_000_000 + i,
			status: OrderStatus::AwaitingPayment,
		};
		Orders::<Test>::insert(i, order);
		Traders::<Test>::insert(
			buyer,
			Trader {
				adverts: Default::default(),
				orders: BoundedVec::truncate_from(vec![i]),
				record: TradeRecord { bought: 2, ..Default::default() },
				strikes: Default::default(),
			},
		);
		let open = |buying, selling| AssetRecord { buying, selling, ..Default::default() };
		AssetRecords::<Test>::insert(seller, USDT, open(0, 100 * USDT_UNIT));
		AssetRecords::<Test>::insert(buyer, USDT, open(10 * USDT_UNIT, 0));
		Deadlines::<Test>::insert(1_000_001 + i, i, ());
	}
	NextAdvertId::<Test>::put(n);
	NextOrderId::<Test>::put(n);
	let owed = u128::from(n) * 100 * USDT_UNIT;
	assert_ok!(Union::mint_into(USDT, &OtcEscrow::escrow_account(), owed));
	EscrowTotals::<Test>::insert(USDT, EscrowTotal { owed, fees: 0, claims: 0 });
}

/// Mean wall time of each call over `TRADES` trades and of a 100-advert book page (the
/// fastest of `ROUNDS` rounds), and the proof size (bytes of trie nodes read) of one
/// `open_order` and one `release`.
struct Costs {
	open_order: Duration,
	mark_paid: Duration,
	release: Duration,
	page: Duration,
	open_order_proof: usize,
	release_proof: usize,
}

/// A state with `n` adverts and orders and the sellers and adverts of the measured trades.
struct Scale {
	n: u64,
	ext: sp_io::TestExternalities,
	adverts: Vec<AdvertId>,
	best: Option<[Duration; 4]>,
}

fn buyer(k: u64) -> AccountId {
	60_000 + k
}

impl Scale {
	fn new(n: u64) -> Self {
		let mut ext = new_test_ext();
		ext.execute_with(|| fill(n));
		ext.commit_all().unwrap();
		// Sellers and adverts for the measured trades (4 adverts of 4 orders a round each
		// per seller), with enough for every round. The buyers hold some USDT, so that every
		// release pays them at once (the path `release` is weighed on) rather than leaving
		// the payout for a claim.
		let adverts: Vec<AdvertId> = ext.execute_with(|| {
			for k in 0..TRADES {
				assert_ok!(Union::mint_into(USDT, &buyer(k), USDT_UNIT));
			}
			(0..TRADES / 4)
				.map(|k| {
					let seller = 50_000 + k / 4;
					if k % 4 == 0 {
						assert_ok!(Union::mint_into(USDT, &seller, 10_000 * USDT_UNIT));
					}
					create(seller, USDT, 1_000 * USDT_UNIT)
				})
				.collect()
		});
		ext.commit_all().unwrap();
		Scale { n, ext, adverts, best: None }
	}

	/// Mean time per call of `TRADES` calls of `f`.
	fn timed(&mut self, f: &dyn Fn(u64)) -> Duration {
		self.ext.execute_with(|| {
			let start = Instant::now();
			for k in 0..TRADES {
				f(k);
			}
			start.elapsed() / TRADES as u32
		})
	}

	/// Round `round`: `TRADES` trades and pages; keeps the fastest time of each.
	fn round(&mut self, round: u64) {
		let (n, first) = (self.n, round * TRADES);
		let order_id = |k: u64| n + first + k;
		let adverts = self.adverts.clone();
		let open_order = self.timed(&|k| {
			// A new block for each order spreads the expiry queue, as the chain does.
			System::set_block_number(10 + first + k);
			assert_ok!(OtcEscrow::open_order(
				RuntimeOrigin::signed(buyer(k)),
				adverts[(k / 4) as usize],
				10 * USDT_UNIT,
				m("SEPA"),
				0
			));
		});
		let mark_paid = self.timed(&|k| {
			// Within the order's payment window.
			System::set_block_number(10 + first + k);
			assert_ok!(OtcEscrow::mark_paid(RuntimeOrigin::signed(buyer(k)), order_id(k), None));
		});
		let release = self.timed(&|k| {
			let seller = 50_000 + k / 16;
			assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(seller), order_id(k)));
		});
		let page = self.timed(&|k| {
			// From the middle of the book when it is large enough.
			let after = if n >= 1_000 { n / 2 + k } else { k % 20 };
			let page =
				OtcEscrow::advert_page(USDT, None, SellerFilter::default(), Some(after), 100);
			assert_eq!(page.adverts.len(), 100);
		});
		self.ext.commit_all().unwrap();
		let this = [open_order, mark_paid, release, page];
		self.best = Some(match self.best {
			Some(b) => core::array::from_fn(|i| b[i].min(this[i])),
			None => this,
		});
	}

	/// The fastest round's times and the proof sizes of one more trade on the committed
	/// state, without the events of the rounds (a block starts with none; appending to them
	/// would put them all in the proof).
	fn costs(mut self) -> Costs {
		let [open_order, mark_paid, release, page] = self.best.expect("a round was run");
		self.ext.execute_with(System::reset_events);
		self.ext.commit_all().unwrap();
		let (k, advert) = (ROUNDS * TRADES, self.adverts[0]);
		let order_id = self.n + k;
		let (_, proof) = self.ext.execute_and_prove(|| {
			assert_ok!(OtcEscrow::open_order(
				RuntimeOrigin::signed(buyer(k)),
				advert,
				10 * USDT_UNIT,
				m("SEPA"),
				0
			));
		});
		let open_order_proof = proof.encoded_size();
		self.ext.commit_all().unwrap();
		let (_, proof) = self.ext.execute_and_prove(|| {
			assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(50_000), order_id));
		});
		let release_proof = proof.encoded_size();
		self.ext
			.execute_with(|| OtcEscrow::do_try_state().expect("try_state holds at scale"));
		Costs { open_order, mark_paid, release, page, open_order_proof, release_proof }
	}
}

#[test]
#[ignore = "a measurement of about a minute: scripts/bench.sh runs it"]
fn costs_at_100_000_adverts_and_orders_match_costs_at_100() {
	// A first round warms caches and the allocator; it is not reported. Then the two states
	// take turns, round by round, so that the machine's slow and fast phases fall on both.
	let mut warm = Scale::new(100);
	warm.round(0);
	let (mut small, mut large) = (Scale::new(100), Scale::new(100_000));
	for round in 0..ROUNDS {
		small.round(round);
		large.round(round);
	}
	let (small, large) = (small.costs(), large.costs());
	let us = |d: Duration| d.as_secs_f64() * 1e6;
	println!("| state | open_order | mark_paid | release | book page (100) | open_order proof | release proof |");
	println!("|---|---|---|---|---|---|---|");
	for (n, c) in [(100, &small), (100_000, &large)] {
		println!(
			"| {n} adverts + {n} orders | {:.1} us | {:.1} us | {:.1} us | {:.1} us | {} B | {} B |",
			us(c.open_order), us(c.mark_paid), us(c.release), us(c.page), c.open_order_proof, c.release_proof
		);
	}
	let ratio = |a: Duration, b: Duration| us(b) / us(a);
	println!(
		"ratios 100k/100: open_order {:.2}, mark_paid {:.2}, release {:.2}, page {:.2}, proofs {:.2} / {:.2}",
		ratio(small.open_order, large.open_order),
		ratio(small.mark_paid, large.mark_paid),
		ratio(small.release, large.release),
		ratio(small.page, large.page),
		large.open_order_proof as f64 / small.open_order_proof as f64,
		large.release_proof as f64 / small.release_proof as f64,
	);
	// A cost that grew with the state (a scan, an unbounded read) would be hundreds of times
	// larger at 100 000; a trie two levels deeper costs a little: most for the page, whose
	// every step seeks the next key from the trie's root.
	for (name, a, b, bound) in [
		("open_order", small.open_order, large.open_order, 2.0),
		("release", small.release, large.release, 2.0),
		("page", small.page, large.page, 3.0),
	] {
		assert!(ratio(a, b) < bound, "{name} grew {:.2}x from 100 to 100 000", ratio(a, b));
	}
}
