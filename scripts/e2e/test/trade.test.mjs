// End to end against a real `otc-node --dev` (lib/fixture.mjs): the design's trade flow with
// locally signed extrinsics relayed by the platform, the other settlement paths, the `otc_*` /
// `kyc_*` RPC methods, and an unpaid order that expires by itself while the others run.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hexToU8a } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { Platform } from '../lib/platform.mjs';
import { OfflineSigner } from '../lib/signer.mjs';
import {
  advertTerms, FEE_BPS, feeOf, MIN_WINDOW, order, OTC, PRICE, rejects, startChain, UNIT, USDT,
} from '../lib/fixture.mjs';

let chain, platform, alice, bob, charlie, dave, escrow, treasury;
// The bond the buyer of the order left to expire puts up.
const EXPIRING_BOND = 5n * OTC;
// The order left unpaid at the start, to expire by itself while the other tests run.
let expiring;

before(async () => {
  chain = await startChain();
  ({ platform, alice, bob, charlie, dave, escrow, treasury } = chain);

  // Unpaid order with the shortest window and a buyer bond: it expires while the other tests
  // run, and its buyer loses the bond.
  const { advertId } = await alice.createAdvert(
    advertTerms(100n * UNIT, { paymentWindow: MIN_WINDOW, buyerBond: EXPIRING_BOND }),
  );
  const opened = await charlie.openOrder(order(advertId, 40n * UNIT));
  expiring = { advertId, ...opened };
});

after(async () => {
  await chain?.stop();
});

describe('the trade paths', { concurrency: 1, timeout: 1_800_000 }, () => {
  test('the design flow: locally signed, relayed, released, balances exact, hashes verified', async () => {
    // The wallet signs with nothing but what it was given: metadata, genesis, versions, nonce,
    // era. It is a fresh signer built from plain JSON, with no connection.
    const info = JSON.parse(JSON.stringify(await platform.signingInfo(alice.address)));
    const wallet = new OfflineSigner(info);
    const advertAmount = 500n * UNIT;
    // The terms as a trader types them in polkadot.js apps: the currency and the payment
    // methods as text.
    const terms = {
      price: PRICE, currency: 'EUR', minOrder: 10n * UNIT, maxOrder: 400n * UNIT,
      paymentMethods: ['SEPA', 'WISE'], paymentWindow: 600, minBuyerLevel: 'None', termsHash: null,
      buyerBond: 0, sellerBond: 0,
    };
    const call = wallet.call('otcEscrow', 'createAdvert', { WithId: USDT }, advertAmount, terms);
    const signedHex = wallet.sign(alice.pair, call, { nonce: info.nonce, era: info.era });
    assert.match(signedHex, /^0x[0-9a-f]+$/);

    const before = await chain.balances();
    const created = await platform.relay(signedHex);
    assert.equal(created.ok, true);
    assert.equal(created.hash, blake2AsHex(hexToU8a(signedHex), 256));
    assert.ok(platform.ledger.has(created.hash), 'the platform stored the hash');
    const advertId = Platform.event(created, 'otcEscrow', 'AdvertCreated').data.advertId.toNumber();

    const advert = await platform.rpc('otc_advert', [advertId]);
    assert.equal(advert.seller, alice.address);
    assert.equal(advert.asset, '1');
    assert.equal(advert.available, advertAmount.toString());
    assert.equal(advert.status, 'Open');
    assert.deepEqual(advert.paymentMethods, ['SEPA', 'WISE']);
    const book = await platform.rpc('otc_adverts', ['1', 'EUR', null, 100]);
    assert.ok(book.adverts.some((a) => a.id === advertId));
    const afterCreate = await chain.balances();
    assert.equal(afterCreate.alice, before.alice - advertAmount);
    assert.equal(afterCreate.escrow, before.escrow + advertAmount);

    // The buyer opens an order, also signed locally and relayed.
    const amount = 250n * UNIT;
    const opened = await bob.openOrder(order(advertId, amount));
    assert.equal(opened.fiatTotal, ((amount * PRICE + UNIT - 1n) / UNIT).toString());
    const o = await platform.rpc('otc_order', [opened.orderId]);
    assert.equal(o.status, 'AwaitingPayment');
    assert.equal(o.buyer, bob.address);
    assert.equal(o.seller, alice.address);
    assert.equal(o.fiatTotal, opened.fiatTotal);
    // The order keeps the trade fee of its opening, whatever the fee is when it settles.
    assert.equal(opened.feeBps, Number(FEE_BPS));
    assert.equal(o.feeBps, opened.feeBps);
    assert.equal(o.payBy, opened.payBy);
    const bobsOrders = await platform.rpc('otc_accountOrders', [bob.address]);
    assert.ok(bobsOrders.some((x) => x.id === opened.orderId));
    const alicesOrders = await platform.rpc('otc_accountOrders', [alice.address]);
    assert.ok(alicesOrders.some((x) => x.id === opened.orderId), 'the seller sees it too');
    assert.ok((await platform.rpc('otc_advert', [advertId])).orders.includes(opened.orderId));

    // Fiat is paid off chain; the buyer marks the order paid with a hash of the proof.
    const proof = blake2AsHex('bank transfer reference 42', 256);
    await bob.markPaid(opened.orderId, proof);
    const paid = await platform.rpc('otc_order', [opened.orderId]);
    assert.equal(paid.status, 'Paid');
    assert.equal(paid.paymentRef, proof);

    // The seller confirms and releases.
    const { settled } = await alice.release(opened.orderId);
    assert.equal(settled.data.outcome.type, 'Released');
    const fee = feeOf(amount);
    assert.equal(settled.data.fee.toBigInt(), fee);
    assert.equal(settled.data.toBuyer.toBigInt(), amount - fee);

    // The fee stays in escrow, with the fees of earlier trades, until someone sweeps them.
    const end = await chain.balances();
    assert.equal(end.bob, afterCreate.bob + amount - fee);
    assert.equal(end.treasury, afterCreate.treasury);
    assert.equal(end.alice, afterCreate.alice);
    assert.equal(end.escrow, afterCreate.escrow - amount + fee);
    const waiting = BigInt((await platform.rpc('otc_escrowTotals')).holdings.find((h) => h.asset === '1').fees);
    assert.ok(waiting >= fee);

    // Anyone (here the buyer) sweeps them to the fee destination.
    const swept = Platform.event(await bob.sweepFees(USDT), 'otcEscrow', 'FeesSwept');
    assert.equal(swept.data.to.toString(), treasury);
    const sweptAmount = swept.data.amount.toBigInt();
    assert.ok(sweptAmount >= fee);
    const afterSweep = await chain.balances();
    assert.equal(afterSweep.treasury, end.treasury + sweptAmount);
    assert.equal(afterSweep.escrow, end.escrow - sweptAmount);
    const holding = (await platform.rpc('otc_escrowTotals')).holdings.find((h) => h.asset === '1');
    assert.equal(holding.fees, '0');
    await assert.rejects(bob.sweepFees(USDT), (e) => e.error === 'otcEscrow.NoFeesToSweep');
    assert.equal(await platform.rpc('otc_order', [opened.orderId]), null);
    const left = await platform.rpc('otc_advert', [advertId]);
    assert.equal(left.available, (advertAmount - amount).toString());
    assert.equal(left.openOrders, 0);

    // Sync and verification: every stored hash is in a finalized, canonical block.
    const verified = await platform.verifyLedger();
    assert.ok(verified.length >= 4);
    for (const v of verified) assert.deepEqual(v, { hash: v.hash, verified: true });
  });

  test('the buyer cancels: the amount goes back to the advert', async () => {
    const { advertId } = await alice.createAdvert(advertTerms(100n * UNIT));
    const before = await chain.balances();
    const { orderId } = await bob.openOrder(order(advertId, 30n * UNIT));
    assert.equal((await platform.rpc('otc_advert', [advertId])).available, (70n * UNIT).toString());
    const { settled } = await bob.cancel(orderId);
    assert.equal(settled.data.outcome.type, 'Cancelled');
    assert.equal(settled.data.toAdvert.toBigInt(), 30n * UNIT);
    assert.equal((await platform.rpc('otc_advert', [advertId])).available, (100n * UNIT).toString());
    assert.deepEqual(await chain.balances(), before);
  });

  test('a dispute resolved by sudo 60/40', async () => {
    const { advertId } = await alice.createAdvert(advertTerms(200n * UNIT));
    const amount = 100n * UNIT;
    const { orderId } = await bob.openOrder(order(advertId, amount));
    await bob.markPaid(orderId, null);
    // The seller says the fiat never arrived and disputes at once.
    const evidence = blake2AsHex('bank statement without the transfer', 256);
    await alice.openDispute(orderId, evidence);
    const disputed = await platform.rpc('otc_order', [orderId]);
    assert.equal(disputed.status, 'Disputed');
    assert.equal(disputed.dispute.openedBy, alice.address);
    assert.equal(disputed.dispute.sellerEvidence, evidence);
    assert.equal(disputed.dispute.buyerEvidence, null);

    const before = await chain.balances();
    const recordBefore = await platform.rpc('otc_tradeStats', [alice.address]);
    const record = await alice.sudo('otcEscrow', 'resolveDispute', orderId, 6000, 'Neither');
    const settled = Platform.event(record, 'otcEscrow', 'OrderSettled');
    assert.equal(settled.data.outcome.type, 'Resolved');
    assert.equal(settled.data.outcome.asResolved.buyerShareBps.toNumber(), 6000);
    const toBuyerGross = (amount * 6000n) / 10_000n;
    const fee = feeOf(toBuyerGross);
    const after = await chain.balances();
    assert.equal(after.bob, before.bob + toBuyerGross - fee);
    assert.equal(after.alice, before.alice + (amount - toBuyerGross));
    assert.equal(after.treasury, before.treasury);
    assert.equal(after.escrow, before.escrow - amount + fee);
    assert.equal(await platform.rpc('otc_order', [orderId]), null);
    // A sale for Alice (60 % to the buyer), in her record at once; a dispute she opened, not
    // lost: nobody was at fault.
    const recordAfter = await platform.rpc('otc_tradeStats', [alice.address, record.blockHash]);
    assert.deepEqual(
      [recordAfter.sold, recordAfter.disputesOpened, recordAfter.disputesLost],
      [recordBefore.sold + 1, recordBefore.disputesOpened + 1, recordBefore.disputesLost],
    );
  });

  test('a buyer who holds no USDT gets it in the seller\'s release', async () => {
    // Charlie (KYC Verified) gives all its USDT away: it holds none, no account of it.
    await charlie.submit('assets', 'transferAll', USDT, bob.address, false);
    assert.equal(await chain.usdt(charlie.address), 0n);
    const { advertId } = await alice.createAdvert(advertTerms(100n * UNIT));
    const amount = 40n * UNIT;
    const { orderId } = await charlie.openOrder(order(advertId, amount));
    await charlie.markPaid(orderId, null);
    const before = await chain.balances();
    const { settled } = await alice.release(orderId);
    const payout = amount - feeOf(amount);
    assert.equal(settled.data.toBuyer.toBigInt(), payout);
    // The release opened Charlie's USDT account and paid it: no step of its own.
    assert.equal(await chain.usdt(charlie.address), payout);
    assert.equal((await chain.balances()).escrow, before.escrow - payout);
    assert.equal(await platform.rpc('otc_order', [orderId]), null);
    assert.deepEqual((await platform.rpc('otc_accountOrders', [charlie.address])).filter((o) => o.id === orderId), []);
  });

  test('an advert closed while an order is open', async () => {
    const { advertId } = await alice.createAdvert(advertTerms(50n * UNIT));
    const { orderId } = await bob.openOrder(order(advertId, 20n * UNIT));
    const before = await chain.balances();
    const closed = await alice.closeAdvert(advertId);
    const event = Platform.event(closed, 'otcEscrow', 'AdvertClosed');
    assert.equal(event.data.returned.toBigInt(), 30n * UNIT);
    assert.equal(event.data.openOrders.toNumber(), 1);
    const stored = await platform.rpc('otc_advert', [advertId]);
    assert.equal(stored.status, 'Closed');
    assert.equal(stored.available, '0');
    assert.deepEqual(stored.orders, [orderId]);
    const book = await platform.rpc('otc_adverts', ['1', null, null, 100]);
    assert.ok(!book.adverts.some((a) => a.id === advertId), 'a closed advert is not in the book');
    assert.equal((await chain.balances()).alice, before.alice + 30n * UNIT);
    await rejects(alice.withdrawFromAdvert(advertId, 1n), /otcEscrow\.AdvertClosed/);

    // The open order goes on; cancelled, it pays the seller back at once, and the advert is
    // gone with it.
    const { settled, record } = await bob.cancel(orderId);
    assert.equal(settled.data.toSeller.toBigInt(), 20n * UNIT);
    assert.equal(settled.data.toAdvert.toBigInt(), 0n);
    assert.equal(Platform.event(record, 'otcEscrow', 'AdvertRemoved').data.advertId.toNumber(), advertId);
    assert.equal(await platform.rpc('otc_advert', [advertId]), null);
    const after = await chain.balances();
    assert.equal(after.alice, before.alice + 50n * UNIT);
    assert.equal(after.escrow, before.escrow - 50n * UNIT);
  });

  test('the RPC methods agree with the events and refuse bad parameters', async () => {
    const created = await alice.createAdvert(
      advertTerms(80n * UNIT, { currency: 'USD', paymentMethods: ['ACH'] }),
    );
    const event = Platform.event(created.record, 'otcEscrow', 'AdvertCreated').data;
    const advert = await platform.rpc('otc_advert', [created.advertId]);
    assert.equal(advert.id, event.advertId.toNumber());
    assert.equal(advert.seller, event.seller.toString());
    assert.equal(advert.available, event.amount.toString());
    // The terms, one struct in the event, with the currency and the methods as text.
    const { terms } = event;
    assert.equal(advert.price, terms.price.toString());
    assert.equal(advert.currency, 'USD');
    assert.equal(terms.currency.toUtf8(), 'USD');
    assert.deepEqual(terms.paymentMethods.map((m) => m.toUtf8()), ['ACH']);
    assert.equal(advert.minOrder, terms.minOrder.toString());
    assert.equal(advert.maxOrder, terms.maxOrder.toString());
    assert.equal(advert.paymentWindow, terms.paymentWindow.toNumber());
    assert.equal(advert.minBuyerLevel, terms.minBuyerLevel.type);
    assert.equal(advert.createdAt, created.record.blockNumber);

    // The book by currency, paged by cursor.
    const usd = await platform.rpc('otc_adverts', [USDT, 'USD']);
    assert.deepEqual(usd.adverts.map((a) => a.id), [created.advertId]);
    const all = [];
    let cursor = null;
    do {
      const page = await platform.rpc('otc_adverts', ['1', null, cursor, 2]);
      assert.ok(page.adverts.length <= 2);
      all.push(...page.adverts.map((a) => a.id));
      cursor = page.next;
    } while (cursor !== null);
    assert.deepEqual(all, [...all].sort((x, y) => x - y));
    assert.ok(all.includes(created.advertId));
    assert.deepEqual((await platform.rpc('otc_adverts', ['native'])).adverts, []);

    // At the block before the advert existed.
    const parent = (await platform.rpc('chain_getHeader', [created.record.blockHash])).parentHash;
    assert.equal(await platform.rpc('otc_advert', [created.advertId, parent]), null);
    assert.equal((await platform.rpc('otc_advert', [created.advertId, created.record.blockHash])).id, created.advertId);

    const mine = await platform.rpc('otc_accountAdverts', [alice.address]);
    assert.ok(mine.some((a) => a.id === created.advertId));
    assert.ok(mine.every((a) => a.seller === alice.address));

    const totals = await platform.rpc('otc_escrowTotals');
    assert.equal(totals.tradeFeeBps, Number(FEE_BPS));
    const holding = totals.holdings.find((h) => h.asset === '1');
    assert.equal(BigInt(holding.held), await chain.usdt(escrow));
    assert.ok(BigInt(holding.held) >= BigInt(holding.owed) + BigInt(holding.fees));

    // Bob bought in the trades before (the design flow, the dispute he won 60/40).
    const stats = await platform.rpc('otc_tradeStats', [bob.address]);
    assert.ok(stats.bought >= 1);
    assert.deepEqual(Object.keys(stats).sort(), [
      'accountAge', 'assets', 'avgTimeToPay', 'avgTimeToRelease', 'bought', 'cancelled',
      'disputesLost', 'disputesOpened', 'expired', 'firstTrade', 'lastTrade', 'recent', 'sold',
    ]);
    // Alice sold in the design flow and in the dispute she lost 60/40 (no fault): both count
    // as sales at once, with her record's recent window and volumes.
    const sold = await platform.rpc('otc_tradeStats', [alice.address]);
    assert.ok(sold.sold >= 2 && sold.recent.completed >= 2, JSON.stringify(sold));
    assert.ok(BigInt(sold.assets.find((a) => a.asset === '1').sold) > 0n, JSON.stringify(sold));
    const fresh = await platform.rpc('otc_tradeStats', [dave.address]);
    assert.deepEqual(
      [fresh.bought, fresh.sold, fresh.recent.completionRate, fresh.firstTrade, fresh.assets],
      [0, 0, null, null, []],
    );

    const kyc = await platform.rpc('kyc_status', [bob.address]);
    assert.equal(kyc.level, 'Verified');
    assert.equal(kyc.expiresAt, 4102444800);
    assert.equal(kyc.suspended, false);
    assert.equal((await platform.rpc('kyc_status', [dave.address])).level, 'None');

    // Unknown ids are null; bad parameters are JSON-RPC errors.
    assert.equal(await platform.rpc('otc_advert', [987654321]), null);
    assert.equal(await platform.rpc('otc_order', [987654321]), null);
    await rejects(platform.rpc('otc_adverts', ['1', null, null, 1000]), /-32602.*limit 1000 is outside 1..=100/);
    await rejects(platform.rpc('otc_adverts', ['gold']), /-32602.*invalid asset/);
    await rejects(platform.rpc('otc_adverts', ['1', 'euro']), /-32602.*invalid currency/);
    await rejects(
      platform.rpc('otc_adverts', ['1', null, null, 10, { minCompletionRate: 10001 }]),
      /-32602.*minCompletionRate 10001 is outside/,
    );
    await rejects(platform.rpc('otc_adverts', ['1', null, null, 10, { minTrade: 1 }]), /-32602/);
    await rejects(platform.rpc('kyc_status', ['not-an-address']), /-32602.*invalid SS58 address/);
    await rejects(platform.rpc('otc_accountOrders', ['5Grw']), /-32602.*invalid SS58 address/);
    await rejects(platform.rpc('otc_tradeStats', ['5Grw']), /-32602.*invalid SS58 address/);
    await rejects(platform.rpc('otc_advert', [0, `0x${'11'.repeat(32)}`]), /-32602.*unknown block/);
    await rejects(platform.rpc('otc_advert', ['zero']), /-32602/);
  });

  test('an unpaid order expires by itself after its window', async () => {
    const { orderId, payBy, advertId } = expiring;
    const slot = payBy + 1;
    const deadline = Date.now() + 600_000;
    while ((await platform.finalizedHead()).number < slot) {
      assert.ok(Date.now() < deadline, 'the expiry block was finalized in time');
      await new Promise((r) => setTimeout(r, 3000));
    }
    assert.equal(await platform.rpc('otc_order', [orderId]), null);
    const at = await platform.api.at(await platform.rpc('chain_getBlockHash', [slot]));
    const events = (await at.query.system.events()).map((r) => r.event);
    const settled = events.find(
      (e) => e.section === 'otcEscrow' && e.method === 'OrderSettled' && e.data.orderId.toNumber() === orderId,
    );
    assert.ok(settled, `OrderSettled for order ${orderId} in block ${slot}`);
    assert.equal(settled.data.outcome.type, 'Expired');
    assert.equal(settled.data.toAdvert.toBigInt(), 40n * UNIT);
    assert.equal((await platform.rpc('otc_advert', [advertId])).available, (100n * UNIT).toString());
    // The buyer who never paid lost its bond by the expiry alone: half to the seller, half to
    // the treasury, nothing left on hold.
    const slashed = events.find(
      (e) => e.section === 'otcEscrow' && e.method === 'BondSlashed' && e.data.orderId.toNumber() === orderId,
    );
    assert.ok(slashed, `BondSlashed for order ${orderId} in block ${slot}`);
    assert.equal(slashed.data.who.toString(), charlie.address);
    assert.equal(slashed.data.wronged.toString(), alice.address);
    assert.equal(slashed.data.amount.toBigInt(), EXPIRING_BOND);
    assert.equal(slashed.data.toWronged.toBigInt(), EXPIRING_BOND / 2n);
    assert.equal(slashed.data.toFees.toBigInt(), EXPIRING_BOND / 2n);
    const held = async (block, who) => {
      const api = await platform.api.at(await platform.rpc('chain_getBlockHash', [block]));
      return (await api.query.system.account(who)).data.reserved.toBigInt();
    };
    assert.equal(await held(slot - 1, charlie.address) - await held(slot, charlie.address), EXPIRING_BOND);
  });
});
