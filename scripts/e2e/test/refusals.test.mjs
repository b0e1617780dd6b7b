// End to end against a real `otc-node --dev` (lib/fixture.mjs): what the chain refuses, as a
// client sees it: wrong signer, replayed or tampered extrinsics, a token governance did not
// list, a suspended seller, terms changed under the buyer, a buyer who cancels again and again.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compactFromU8a, hexToU8a, u8aToHex } from '@polkadot/util';
import { ChainError, extrinsicHash, Platform } from '../lib/platform.mjs';
import { advertTerms, order, rejects, startChain, UNIT, USDT } from '../lib/fixture.mjs';

let chain, platform, alice, bob, charlie, dave, escrow;

before(async () => {
  chain = await startChain();
  ({ platform, alice, bob, charlie, dave, escrow } = chain);
});

after(async () => {
  await chain?.stop();
});

describe('refusals', { concurrency: 1, timeout: 1_800_000 }, () => {
  test('refusals as a client sees them', async () => {
    const { advertId } = await alice.createAdvert(advertTerms(100n * UNIT));

    // No KYC: decoded by polkadot.js from the metadata.
    await assert.rejects(dave.openOrder(order(advertId, 10n * UNIT)), (e) => {
      assert.ok(e instanceof ChainError);
      assert.equal(e.error, 'otcEscrow.BuyerKycTooLow');
      return true;
    });
    assert.equal((await platform.rpc('otc_advert', [advertId])).openOrders, 0);

    // A buyer cannot release.
    const { orderId } = await bob.openOrder(order(advertId, 10n * UNIT));
    await assert.rejects(bob.release(orderId), (e) => e.error === 'otcEscrow.NotSeller');
    assert.equal((await platform.rpc('otc_order', [orderId])).status, 'AwaitingPayment');

    // A replayed signed hex is refused by the node: the pool still knows it ("Already
    // Imported"), and once it forgets, the nonce is spent ("outdated").
    const hex = await bob.signed('otcEscrow', 'markPaid', orderId, null);
    assert.equal((await platform.relay(hex)).ok, true);
    await rejects(platform.relay(hex), /submission refused: (1013: Transaction Already Imported|1010: Invalid Transaction: Transaction is outdated)/);
    assert.equal(platform.ledger.get(extrinsicHash(hex)).blockNumber > 0, true);

    // A tampered signature is refused at submission.
    const fresh = hexToU8a(await bob.signed('otcEscrow', 'cancelOrder', orderId));
    const [prefix] = compactFromU8a(fresh);
    // length prefix, version byte, MultiAddress::Id (1 + 32), MultiSignature tag (1), signature
    fresh[prefix + 1 + 33 + 1 + 5] ^= 0xff;
    await rejects(platform.relay(u8aToHex(fresh)), /submission refused: .*bad signature/i);
    assert.equal((await platform.rpc('otc_order', [orderId])).status, 'Paid');
  });

  test('a rogue issuer\'s token named Tether USD is refused at createAdvert', async () => {
    // Anyone may create an asset: Bob issues one that calls itself USDT and mints it to himself.
    const FAKE = 77;
    await bob.submit('assets', 'create', FAKE, bob.address, 1);
    await bob.submit('assets', 'setMetadata', FAKE, 'Tether USD', 'USDT', 6);
    await bob.submit('assets', 'mint', FAKE, bob.address, 1_000n * UNIT);
    // The attack ends here: the escrow sells listed assets only, so no buyer can be paid in it
    // and Bob never gets to take it back from escrow with his issuer's powers.
    await assert.rejects(bob.createAdvert(advertTerms(100n * UNIT, { asset: FAKE })), (e) => {
      assert.equal(e.error, 'otcEscrow.AssetNotListed');
      return true;
    });
    assert.equal(await platform.api.query.assets.account(FAKE, escrow).then((a) => a.isSome), false);
    assert.deepEqual((await platform.rpc('otc_adverts', [String(FAKE), null, null, 100])).adverts, []);
    // USDT is listed by governance; its issuer is a dedicated account, not a trader's key.
    const listing = await platform.api.query.otcEscrow.listings({ WithId: USDT });
    assert.equal(listing.unwrap().decimals.toNumber(), 6);
    const details = (await platform.api.query.assets.asset(USDT)).unwrap();
    for (const trader of [alice, bob, charlie, dave]) assert.notEqual(details.owner.toString(), trader.address);
  });

  test('a suspended seller\'s advert leaves otc_adverts and refuses openOrder', async () => {
    // Bob sells, Charlie tries to buy.
    const { advertId } = await bob.createAdvert(advertTerms(100n * UNIT));
    const listed = async () =>
      (await platform.rpc('otc_adverts', ['1', null, null, 100])).adverts.some((a) => a.id === advertId);
    assert.equal(await listed(), true);
    await alice.sudo('kycRegistry', 'suspend', bob.address, 1);
    assert.equal(await listed(), false, 'off the book while the seller is suspended');
    await assert.rejects(charlie.openOrder(order(advertId, 10n * UNIT)), (e) => {
      assert.equal(e.error, 'otcEscrow.SellerKycTooLow');
      return true;
    });
    // The seller still takes its assets back.
    await bob.submit('otcEscrow', 'closeAdvert', advertId);
    assert.equal(await platform.rpc('otc_advert', [advertId]), null);
    await alice.sudo('kycRegistry', 'unsuspend', bob.address);
  });

  test('an order on terms that changed since the buyer saw them is refused', async () => {
    const { advertId } = await alice.createAdvert(advertTerms(100n * UNIT));
    const seen = (await platform.rpc('otc_advert', [advertId])).termsVersion;
    assert.equal(seen, 0);
    const { minBuyerLevel, termsHash, asset, amount, ...rest } = advertTerms(0n, { paymentWindow: 1200 });
    await alice.submit('otcEscrow', 'updateAdvert', advertId, {
      ...rest, minBuyerLevel: 'None', termsHash: null, buyerBond: 0, sellerBond: 0,
    });
    await assert.rejects(bob.openOrder(order(advertId, 10n * UNIT)), (e) => {
      assert.equal(e.error, 'otcEscrow.TermsChanged');
      return true;
    });
    const now = (await platform.rpc('otc_advert', [advertId])).termsVersion;
    assert.equal(now, 1);
    await bob.openOrder({ ...order(advertId, 10n * UNIT), termsVersion: now });
  });

  test('a buyer who cancels again and again cools down', async () => {
    const { advertId } = await alice.createAdvert(advertTerms(100n * UNIT));
    const { maxStrikes } = (await platform.api.query.otcEscrow.rules()).toJSON();
    let cooled = null;
    for (let i = 0; i <= maxStrikes && !cooled; i += 1) {
      const { orderId } = await bob.openOrder(order(advertId, 10n * UNIT));
      const { record } = await bob.cancel(orderId);
      cooled = Platform.event(record, 'otcEscrow', 'BuyerCooledDown');
    }
    assert.ok(cooled, `cooled down within ${maxStrikes + 1} cancellations`);
    assert.equal(cooled.data.who.toString(), bob.address);
    await assert.rejects(bob.openOrder(order(advertId, 10n * UNIT)), (e) => {
      assert.equal(e.error, 'otcEscrow.CoolingDown');
      return true;
    });
    // Others trade on.
    await charlie.openOrder(order(advertId, 10n * UNIT));
  });
});
