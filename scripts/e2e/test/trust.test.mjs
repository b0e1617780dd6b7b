// End to end against a real `otc-node --dev` (lib/fixture.mjs): deadlines that act by
// themselves with an assigned arbiter, and the trade record the chain keeps.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blake2AsHex } from '@polkadot/util-crypto';
import { Platform } from '../lib/platform.mjs';
import { advertTerms, feeOf, order, OTC, refusedWith, startChain, UNIT, USDT } from '../lib/fixture.mjs';

let chain, platform, alice, bob, dave, eve, ferdie;

before(async () => {
  chain = await startChain();
  ({ platform, alice, bob, dave, eve, ferdie } = chain);
});

after(async () => {
  await chain?.stop();
});

describe('deadlines, arbiters and records', { concurrency: 1, timeout: 1_800_000 }, () => {
  test('a seller who ignores a payment is disputed by the chain; the assigned arbiter decides', async () => {
    // Governance shortens the release window to 3 blocks for this test.
    const rules = (await platform.api.query.otcEscrow.rules()).toJSON();
    await alice.sudo('otcEscrow', 'setRules', { ...rules, releaseWindow: 3 });
    try {
      const sellerBond = 100n * OTC;
      const { advertId } = await alice.createAdvert(advertTerms(100n * UNIT, { sellerBond }));
      assert.equal((await platform.rpc('otc_advert', [advertId])).bond, sellerBond.toString());
      const amount = 50n * UNIT;
      const { orderId } = await bob.openOrder(order(advertId, amount));
      await bob.markPaid(orderId, blake2AsHex('transfer receipt', 256));
      // Alice does nothing: the chain opens the dispute, then draws an arbiter.
      let dispute;
      const deadline = Date.now() + 120_000;
      do {
        assert.ok(Date.now() < deadline, 'the chain disputed the order and drew an arbiter in time');
        await new Promise((r) => setTimeout(r, 3000));
        dispute = (await platform.rpc('otc_order', [orderId])).dispute;
      } while (!dispute || dispute.stage !== 'Assigned');
      assert.equal(dispute.openedBy, null);
      assert.ok([eve.address, ferdie.address].includes(dispute.arbiter), dispute.arbiter);
      const arbiter = dispute.arbiter === eve.address ? eve : ferdie;
      const bystander = arbiter === eve ? ferdie : eve;
      // Both sides give evidence; only the assigned arbiter decides.
      await bob.submitEvidence(orderId, blake2AsHex('bank statement', 256));
      const { dispute: withEvidence } = await platform.rpc('otc_order', [orderId]);
      assert.equal(withEvidence.buyerEvidence, blake2AsHex('bank statement', 256));
      await assert.rejects(bystander.resolveDispute(orderId, 10_000, 'Seller'), (e) => {
        assert.equal(e.error, 'otcEscrow.NotAssignedArbiter');
        return true;
      });
      const before = await chain.balances();
      const { settled, record } = await arbiter.resolveDispute(orderId, 10_000, 'Seller');
      assert.equal(settled.data.outcome.type, 'Resolved');
      assert.equal(settled.data.outcome.asResolved.fault.type, 'Seller');
      const after = await chain.balances();
      assert.equal(after.bob, before.bob + amount - feeOf(amount));
      // The seller at fault loses its advert's bond: half to the buyer, half to the treasury.
      const slashed = Platform.event(record, 'otcEscrow', 'BondSlashed');
      assert.equal(slashed.data.who.toString(), alice.address);
      assert.equal(slashed.data.wronged.toString(), bob.address);
      assert.equal(slashed.data.toWronged.toBigInt(), sellerBond / 2n);
      assert.equal(slashed.data.toFees.toBigInt(), sellerBond / 2n);
      const advert = await platform.rpc('otc_advert', [advertId]);
      assert.equal(advert.status, 'Paused');
      assert.equal(advert.bond, '0');
    } finally {
      await alice.sudo('otcEscrow', 'setRules', rules);
    }
  });

  test('the chain keeps the record: a sale counts at once, adverts and limits read it', async () => {
    const usdtAsset = { WithId: USDT };
    // Dave is verified now: a new account, on the first step of the genesis ramp (4 % of its
    // level's limits for 30 days).
    const inAYear = Math.floor(Date.now() / 1000) + 365 * 24 * 3600;
    await alice.sudo('kycRegistry', 'forceSetLevel', dave.address, 'Verified', inAYear);
    const ramp = (await platform.api.query.otcEscrow.buyerRamp()).toJSON();
    assert.equal(ramp[0].shareBps, 400);
    await alice.sudo('otcEscrow', 'setLimit', usdtAsset, 'Verified', {
      maxOrder: 1_000n * UNIT,
      maxOpen: 1_000_000n * UNIT,
    });
    try {
      const { advertId } = await alice.createAdvert(advertTerms(500n * UNIT));
      await assert.rejects(dave.openOrder(order(advertId, 41n * UNIT)), refusedWith('otcEscrow.AboveOrderLimit'));
      const { orderId } = await dave.openOrder(order(advertId, 40n * UNIT));
      const before = await platform.rpc('otc_tradeStats', [alice.address]);
      const { record } = await alice.release(orderId);
      // The seller's sale is in its record in the block of the release, as the RPC reads it.
      const after = await platform.rpc('otc_tradeStats', [alice.address, record.blockHash]);
      assert.equal(after.sold, before.sold + 1);
      assert.equal(after.lastTrade, record.blockNumber);
      assert.equal(after.recent.completed, before.recent.completed + 1);
      const sold = (s) => BigInt(s.assets.find((a) => a.asset === '1')?.sold ?? 0);
      assert.equal(sold(after) - sold(before), 40n * UNIT);
      const buyer = await platform.rpc('otc_tradeStats', [dave.address, record.blockHash]);
      assert.deepEqual(
        [buyer.bought, buyer.firstTrade, buyer.recent.completionRate, buyer.assets[0].bought, buyer.assets[0].buying],
        [1, record.blockNumber, 10_000, (40n * UNIT).toString(), '0'],
      );

      // An advert asking 5 completed trades refuses Dave (1 trade); one asking 1 takes him.
      const picky = await alice.createAdvert(advertTerms(100n * UNIT, { buyerConditions: { minTrades: 5, maxFailureBps: null, minAccountAge: 0 } }));
      await assert.rejects(dave.openOrder(order(picky.advertId, 10n * UNIT)), refusedWith('otcEscrow.BuyerTooFewTrades'));
      const shown = await platform.rpc('otc_advert', [picky.advertId]);
      assert.deepEqual(shown.buyerConditions, { minTrades: 5, maxFailureRate: null, minAccountAge: 0 });
      const easy = await alice.createAdvert(advertTerms(100n * UNIT, { buyerConditions: { minTrades: 1, maxFailureBps: null, minAccountAge: 0 } }));
      await dave.openOrder(order(easy.advertId, 10n * UNIT));

      // The book filtered by the seller's record.
      const page = (sellers) => platform.rpc('otc_adverts', ['1', null, null, 100, sellers]);
      const proven = await page({ minTrades: after.bought + after.sold, minCompletionRate: 1 });
      assert.ok(proven.adverts.some((a) => a.id === picky.advertId), 'Alice passes her own record');
      assert.deepEqual((await page({ minTrades: 1_000_000 })).adverts, []);
    } finally {
      await alice.sudo('otcEscrow', 'setLimit', usdtAsset, 'Verified', null);
    }
  });
});
