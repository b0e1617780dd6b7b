//! Reads for the runtime API: the open book in pages, an account's adverts and orders, what
//! escrow owes and holds.

use super::*;
use crate::mock::*;
use frame_support::assert_ok;

/// Advert number `i` of a book: 20 USDT in `currency`, sellers from `first_seller` on, four
/// adverts each (the mock's cap), each seller funded at its first.
fn book_advert(i: u64, first_seller: AccountId, currency: &str) -> AdvertId {
	use frame_support::traits::fungibles::Mutate;
	let seller = first_seller + i / 4;
	if i % 4 == 0 {
		assert_ok!(<Union as Mutate<AccountId>>::mint_into(USDT, &seller, 100 * USDT_UNIT));
	}
	let id = NextAdvertId::<Test>::get();
	let t = AdvertTerms { currency: cur(currency), max_order: 20 * USDT_UNIT, ..terms() };
	assert_ok!(OtcEscrow::create_advert(RuntimeOrigin::signed(seller), USDT, 20 * USDT_UNIT, t));
	id
}

fn book(asset: AssetKind) -> Vec<AdvertId> {
	page_ids(&OtcEscrow::advert_page(asset, None, SellerFilter::default(), None, 10))
}

#[test]
fn the_open_book_follows_create_pause_resume_and_close() {
	run_test(|| {
		let a = create(SELLER, USDT, 100 * USDT_UNIT);
		let b = create(OTHER, USDT, 100 * USDT_UNIT);
		let n = create(SELLER, NATIVE, 1_000_000_000_000);
		assert_eq!(book(USDT), vec![a, b]);
		assert_eq!(
			OtcEscrow::advert_page(USDT, None, SellerFilter::default(), None, 10).next,
			None
		);
		assert_eq!(book(NATIVE), vec![n]);
		assert_ok!(OtcEscrow::pause_advert(RuntimeOrigin::signed(SELLER), a));
		assert_eq!(book(USDT), vec![b]);
		assert_ok!(OtcEscrow::resume_advert(RuntimeOrigin::signed(SELLER), a));
		assert_eq!(book(USDT), vec![a, b]);
		// Closed with an open order: still stored, no longer in the book.
		open(BUYER, b, 10 * USDT_UNIT);
		close(OTHER, b);
		assert!(Adverts::<Test>::get(b).is_some());
		assert_eq!(book(USDT), vec![a]);
		// A paused advert that closes leaves the book as it was.
		assert_ok!(OtcEscrow::pause_advert(RuntimeOrigin::signed(SELLER), a));
		close(SELLER, a);
		assert!(book(USDT).is_empty());
		assert_eq!(OpenAdverts::<Test>::iter().count(), 1);
	});
}

#[test]
fn pages_go_by_id_with_a_cursor_a_currency_filter_and_a_cap() {
	run_test(|| {
		// 300 adverts with ids across a byte boundary (255 -> 256), every third in USD.
		let (mut eur, mut usd) = (Vec::new(), Vec::new());
		for i in 0..300u64 {
			if i % 3 == 0 {
				usd.push(book_advert(i, 100, "USD"));
			} else {
				eur.push(book_advert(i, 100, "EUR"));
			}
		}
		// Pausing takes an advert out of every page.
		let paused = eur.remove(100);
		assert_ok!(OtcEscrow::pause_advert(RuntimeOrigin::signed(100 + paused / 4), paused));

		// Walk the whole book in pages of 7.
		let (mut seen, mut after) = (Vec::new(), None);
		loop {
			let page = OtcEscrow::advert_page(USDT, None, SellerFilter::default(), after, 7);
			assert!(page.adverts.len() <= 7);
			seen.extend(page_ids(&page));
			match page.next {
				Some(next) => after = Some(next),
				None => break,
			}
		}
		let mut all: Vec<AdvertId> = eur.iter().chain(usd.iter()).copied().collect();
		all.sort();
		assert_eq!(seen, all);

		// Filtered by currency: a full page says the book goes on; the next page ends the walk.
		let page =
			OtcEscrow::advert_page(USDT, Some(cur("USD")), SellerFilter::default(), None, MAX_PAGE);
		assert_eq!(page_ids(&page), usd);
		assert_eq!(page.next, usd.last().copied());
		let rest = OtcEscrow::advert_page(
			USDT,
			Some(cur("USD")),
			SellerFilter::default(),
			page.next,
			MAX_PAGE,
		);
		assert!(rest.adverts.is_empty() && rest.next.is_none());
		let page = OtcEscrow::advert_page(
			USDT,
			Some(cur("USD")),
			SellerFilter::default(),
			Some(usd[9]),
			5,
		);
		assert_eq!(page_ids(&page), usd[10..15].to_vec());
		assert_eq!(page.next, Some(usd[14]));
		assert!(page.adverts.iter().all(|(_, a)| a.terms.currency == cur("USD")));
		// After the last id: empty, no cursor.
		let last = *all.last().unwrap();
		let page = OtcEscrow::advert_page(USDT, None, SellerFilter::default(), Some(last), 10);
		assert!(page.adverts.is_empty() && page.next.is_none());
		// A full page whose last advert ends the book still says so.
		let page = OtcEscrow::advert_page(
			USDT,
			None,
			SellerFilter::default(),
			Some(all[all.len() - 3]),
			2,
		);
		assert_eq!(page_ids(&page), all[all.len() - 2..].to_vec());
		assert_eq!(page.next, None);
		// The limit is capped; zero gives nothing.
		assert_eq!(
			OtcEscrow::advert_page(USDT, None, SellerFilter::default(), None, 10_000)
				.adverts
				.len(),
			MAX_PAGE as usize
		);
		assert!(OtcEscrow::advert_page(USDT, None, SellerFilter::default(), None, 0)
			.adverts
			.is_empty());
		assert!(book(NATIVE).is_empty());
	});
}

#[test]
fn a_filtered_page_stops_at_the_scan_cap_with_a_cursor() {
	run_test(|| {
		let total = MAX_PAGE_SCAN as u64 + 20;
		for i in 0..total {
			// Only the very last advert is in USD.
			book_advert(i, 1_000, if i == total - 1 { "USD" } else { "EUR" });
		}
		let first =
			OtcEscrow::advert_page(USDT, Some(cur("USD")), SellerFilter::default(), None, 10);
		assert!(first.adverts.is_empty());
		assert_eq!(first.next, Some(MAX_PAGE_SCAN as u64 - 1));
		let second =
			OtcEscrow::advert_page(USDT, Some(cur("USD")), SellerFilter::default(), first.next, 10);
		assert_eq!(page_ids(&second), vec![total - 1]);
		assert_eq!(second.next, None);
	});
}

#[test]
fn account_reads_and_escrow_summary() {
	run_test(|| {
		let a = create(SELLER, USDT, 100 * USDT_UNIT);
		let b = create(OTHER, USDT, 100 * USDT_UNIT);
		let o1 = open(BUYER, a, 10 * USDT_UNIT);
		let o2 = open(OTHER, a, 20 * USDT_UNIT);
		let o3 = open(BUYER, b, 30 * USDT_UNIT);
		let ids =
			|v: Vec<(u64, OrderOf<Test>)>| v.into_iter().map(|(id, _)| id).collect::<Vec<_>>();
		assert_eq!(ids(OtcEscrow::account_orders(&BUYER)), vec![o1, o3]);
		assert_eq!(ids(OtcEscrow::account_orders(&SELLER)), vec![o1, o2]);
		// OTHER buys from SELLER and sells to BUYER.
		assert_eq!(ids(OtcEscrow::account_orders(&OTHER)), vec![o2, o3]);
		assert!(OtcEscrow::account_orders(&NO_KYC).is_empty());
		let adverts: Vec<_> =
			OtcEscrow::account_adverts(&SELLER).into_iter().map(|(id, _)| id).collect();
		assert_eq!(adverts, vec![a]);

		let summary = OtcEscrow::escrow_summary();
		assert_eq!(summary.account, OtcEscrow::escrow_account());
		assert_eq!((summary.fee_destination, summary.trade_fee_bps), (TREASURY, 10));
		assert_eq!(summary.holdings.len(), 1);
		let h = &summary.holdings[0];
		assert_eq!((h.asset.clone(), h.owed, h.fees), (USDT, 200 * USDT_UNIT, 0));
		assert_eq!(h.held, bal(USDT, OtcEscrow::escrow_account()));

		assert_ok!(OtcEscrow::release(RuntimeOrigin::signed(SELLER), o1));
		assert_eq!(ids(OtcEscrow::account_orders(&BUYER)), vec![o3]);
		let h = &OtcEscrow::escrow_summary().holdings[0];
		// 10 bps of the 10 USDT released stay in escrow as fees.
		assert_eq!((h.owed, h.fees), (190 * USDT_UNIT, 10 * USDT_UNIT / 1_000));
		assert_eq!(h.held, h.owed + h.fees + USDT_MIN);
	});
}
