// What every end-to-end test file shares: its own fresh `otc-node --dev --tmp`, the dev
// accounts as traders, and the terms and helpers the tests use. Each test file starts its own
// chain, so the files run side by side (`node --test --test-concurrency=3`).
//
// Dev genesis: Alice, Bob and Charlie hold KYC level Verified, Dave and Eve none; everyone has
// 1,000,000 USDT (asset 1, 6 decimals); the trade fee is 10 bps; payment windows are 50..14400
// blocks of 6 s; Eve and Ferdie are the arbiters; bonds are held in OTC (12 decimals), half of a
// slashed bond goes to the wronged party.

import assert from 'node:assert/strict';

import { startDevNode } from './devnode.mjs';
import { Trader } from './otc.mjs';
import { Platform } from './platform.mjs';
import { OfflineSigner } from './signer.mjs';

export const USDT = 1;
export const UNIT = 1_000_000n; // one USDT
export const PRICE = 92n; // 0.92 EUR per USDT, in cents
export const FEE_BPS = 10n;
export const MIN_WINDOW = 50; // blocks
export const OTC = 1_000_000_000_000n; // one OTC, the native token

/**
 * Starts a dev node and connects the platform and the six dev traders to it. Returns
 * `{ platform, alice, bob, charlie, dave, eve, ferdie, escrow, treasury, usdt, balances, stop }`.
 */
export async function startChain() {
  const node = await startDevNode();
  const platform = await Platform.connect(node.url);
  const signer = new OfflineSigner(await platform.signingInfo());
  const [alice, bob, charlie, dave, eve, ferdie] = await Promise.all(
    ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie'].map((s) => Trader.create(platform, s, signer)),
  );
  const { account: escrow, feeDestination: treasury } = await platform.rpc('otc_escrowTotals');

  /** `address`'s USDT balance (0 without an account). */
  async function usdt(address) {
    const account = await platform.api.query.assets.account(USDT, address);
    return account.isSome ? account.unwrap().balance.toBigInt() : 0n;
  }

  /** The USDT of Alice, Bob, the fee destination and the escrow. */
  async function balances() {
    const [a, b, t, e] = await Promise.all([alice.address, bob.address, treasury, escrow].map(usdt));
    return { alice: a, bob: b, treasury: t, escrow: e };
  }

  /** Disconnects and stops the node; it must exit cleanly. */
  async function stop() {
    await platform.disconnect();
    const exit = await node.stop();
    if (exit) assert.equal(exit.code, 0, `otc-node exits cleanly on SIGINT; log: ${node.log}`);
  }

  return { platform, alice, bob, charlie, dave, eve, ferdie, escrow, treasury, usdt, balances, stop };
}

export function feeOf(amount) {
  return (amount * FEE_BPS) / 10_000n;
}

/** An advert's arguments of 0.92 EUR per USDT, `overrides` on top. */
export function advertTerms(amount, overrides = {}) {
  return {
    asset: USDT,
    amount,
    price: PRICE,
    currency: 'EUR',
    minOrder: 10n * UNIT,
    maxOrder: 1_000n * UNIT,
    paymentMethods: ['SEPA', 'REVOLUT'],
    paymentWindow: 600,
    ...overrides,
  };
}

/** An order's arguments on the advert's first terms. */
export function order(advertId, amount) {
  return { advertId, amount, paymentMethod: 'SEPA', termsVersion: 0 };
}

/** `promise` rejects with a message that matches `pattern`. */
export async function rejects(promise, pattern) {
  await assert.rejects(promise, (e) => {
    assert.match(String(e.message), pattern);
    return true;
  });
}

/** A rejection predicate for `assert.rejects`: the chain refused with `error`. */
export const refusedWith = (error) => (e) => {
  assert.equal(e.error, error);
  return true;
};
