// The trade steps as a trader's wallet does them: build the call, sign it locally with
// `OfflineSigner`, and hand the signed hex to the platform, which relays it and reports the
// outcome. Used by the end-to-end tests and by `scripts/otc.mjs`.

import { Keyring } from '@polkadot/keyring';
import { blake2AsU8a, cryptoWaitReady, encodeAddress } from '@polkadot/util-crypto';
import { ChainError, Platform } from './platform.mjs';
import { OfflineSigner } from './signer.mjs';

/** A key pair from a secret URI such as `//Alice` (sr25519, SS58 prefix 42). */
export async function pairFromSuri(suri) {
  await cryptoWaitReady();
  return new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(suri);
}

/** An address without a key (the blake2-256 of `seed` as the public key), to fill state. */
export function keylessAddress(seed) {
  return encodeAddress(blake2AsU8a(seed, 256));
}

/**
 * An asset as the runtime's `NativeOrWithId<u32>` takes it from `"native"`, a number, or a
 * decimal string.
 */
export function assetArg(asset) {
  if (typeof asset === 'string' && asset.toLowerCase() === 'native') return 'Native';
  const id = Number(asset);
  if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) {
    throw new Error(`invalid asset ${JSON.stringify(asset)}: expected "native" or an asset id`);
  }
  return { WithId: id };
}

export class Trader {
  /**
   * @param {Platform} platform relays and reads
   * @param {OfflineSigner} signer signs locally
   * @param pair the trader's key pair (stays here)
   */
  constructor(platform, signer, pair) {
    this.platform = platform;
    this.signer = signer;
    this.pair = pair;
    this.address = pair.address;
  }

  /** A trader for `suri` on the chain `platform` is connected to. */
  static async create(platform, suri, signer) {
    const pair = await pairFromSuri(suri);
    return new Trader(platform, signer ?? new OfflineSigner(await platform.signingInfo()), pair);
  }

  /**
   * Signs `section.method(...args)` locally (nonce and a mortal era anchored at the finalized
   * head), returns the signed hex without sending it.
   */
  async signed(section, method, ...args) {
    const [nonce, head] = await Promise.all([
      this.platform.nonce(this.address),
      this.platform.finalizedHead(),
    ]);
    const call = this.signer.call(section, method, ...args);
    return this.signer.sign(this.pair, call, {
      nonce,
      era: { current: head.number, blockHash: head.hash },
    });
  }

  /**
   * Signs and relays `section.method(...args)`; returns the platform's ledger entry. Throws a
   * `ChainError` whose `error` is `pallet.ErrorName` when the call fails on chain.
   */
  async submit(section, method, ...args) {
    const record = await this.platform.relay(await this.signed(section, method, ...args));
    if (!record.ok) {
      throw new ChainError(`${section}.${method} failed: ${record.error}`, {
        error: record.error,
        record,
      });
    }
    return record;
  }

  /** Posts a sell advert and locks `amount` in escrow; returns `{ advertId, record }`. */
  async createAdvert({
    asset,
    amount,
    price,
    currency,
    minOrder,
    maxOrder,
    paymentMethods,
    paymentWindow,
    minBuyerLevel = 'None',
    termsHash = null,
    buyerBond = 0n,
    sellerBond = 0n,
    buyerConditions = { minTrades: 0, maxFailureBps: null, minAccountAge: 0 },
  }) {
    const terms = {
      price,
      currency,
      minOrder,
      maxOrder,
      paymentMethods,
      paymentWindow,
      minBuyerLevel,
      termsHash,
      buyerBond,
      sellerBond,
      buyerConditions,
    };
    const record = await this.submit('otcEscrow', 'createAdvert', assetArg(asset), amount, terms);
    const event = Platform.event(record, 'otcEscrow', 'AdvertCreated');
    return { advertId: event.data.advertId.toNumber(), record };
  }

  /**
   * Opens an order on the advert's terms version `termsVersion` (the `termsVersion` of the
   * advert the buyer saw; refused with `TermsChanged` if the seller changed them since); returns
   * `{ orderId, fiatTotal, feeBps, payBy, record }`.
   */
  async openOrder({ advertId, amount, paymentMethod, termsVersion }) {
    const record = await this.submit(
      'otcEscrow',
      'openOrder',
      advertId,
      amount,
      paymentMethod,
      termsVersion,
    );
    const event = Platform.event(record, 'otcEscrow', 'OrderOpened');
    return {
      orderId: event.data.orderId.toNumber(),
      fiatTotal: event.data.fiatTotal.toString(),
      feeBps: event.data.feeBps.toNumber(),
      payBy: event.data.payBy.toNumber(),
      record,
    };
  }

  /** Marks an order paid, with an optional payment-proof hash. */
  markPaid(orderId, paymentRef = null) {
    return this.submit('otcEscrow', 'markPaid', orderId, paymentRef);
  }

  /** Releases an order; returns `{ settled, record }` (`settled`: the `OrderSettled` event). */
  async release(orderId) {
    const record = await this.submit('otcEscrow', 'release', orderId);
    return { settled: Platform.event(record, 'otcEscrow', 'OrderSettled'), record };
  }

  /** Cancels an order; returns `{ settled, record }`. */
  async cancel(orderId) {
    const record = await this.submit('otcEscrow', 'cancelOrder', orderId);
    return { settled: Platform.event(record, 'otcEscrow', 'OrderSettled'), record };
  }

  /** Opens a dispute with the hash of the evidence. */
  openDispute(orderId, evidence) {
    return this.submit('otcEscrow', 'openDispute', orderId, evidence);
  }

  /** Gives or replaces this party's evidence hash in a dispute. */
  submitEvidence(orderId, evidence) {
    return this.submit('otcEscrow', 'submitEvidence', orderId, evidence);
  }

  /** Decides a dispute as its arbiter: `shareBps` of the amount to the buyer, `fault` one of
   * `Neither`, `Buyer`, `Seller`; returns `{ settled, record }`. */
  async resolveDispute(orderId, shareBps, fault = 'Neither') {
    const record = await this.submit('otcEscrow', 'resolveDispute', orderId, shareBps, fault);
    return { settled: Platform.event(record, 'otcEscrow', 'OrderSettled'), record };
  }

  /** Sweeps the trade fees kept in escrow for `asset` to the fee destination; returns the
   * ledger entry (with `FeesSwept`). */
  sweepFees(asset) {
    return this.submit('otcEscrow', 'sweepFees', assetArg(asset));
  }

  /** Closes an advert; returns the ledger entry. */
  closeAdvert(advertId) {
    return this.submit('otcEscrow', 'closeAdvert', advertId);
  }

  /** Takes `amount` (smallest units) back from an open or paused advert's escrow: what no order
   * holds; returns the ledger entry (with `AdvertWithdrawn`). */
  withdrawFromAdvert(advertId, amount) {
    return this.submit('otcEscrow', 'withdrawFromAdvert', advertId, amount);
  }

  /** Signs and relays `call` wrapped in `sudo.sudo` (the dev chain's governance and arbiter). */
  async sudo(section, method, ...args) {
    const inner = this.signer.call(section, method, ...args);
    const record = await this.submit('sudo', 'sudo', inner);
    const done = Platform.event(record, 'sudo', 'Sudid');
    const result = done?.data.sudoResult;
    if (result && result.isErr) {
      const error = this.platform.decodeError(result.asErr);
      throw new ChainError(`sudo(${section}.${method}) failed: ${error}`, { error, record });
    }
    return record;
  }
}
