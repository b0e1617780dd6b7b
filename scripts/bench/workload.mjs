// The workloads the benchmarks put on a node: plain transfers, adverts, and OTC trade cycles
// (`open_order`, `mark_paid`, `release`), each phase signed before it is submitted and submitted
// over JSON-RPC as fast as the pool takes it. Used by throughput.mjs (rates) and scale-node.mjs
// (the blocks' execution at two sizes of state).

import { assetArg, pairFromSuri } from '../e2e/lib/otc.mjs';
import { extrinsicHash } from '../e2e/lib/platform.mjs';
import { OfflineSigner } from '../e2e/lib/signer.mjs';
import { OTC, UNIT, USDT } from './spec.mjs';

export const ORDERS_PER_ADVERT = 64; // the runtime's MaxOrdersPerAdvert
export const ADVERTS_PER_SELLER = 32; // the runtime's MaxAdvertsPerAccount
/** What each order buys, and each advert offers per order. */
const ORDER_AMOUNT = 10n * UNIT;
// Each advert holds a seller bond and asks each buyer for one: every trade measured holds and
// releases both, as a bonded trade does.
const BUYER_BOND = OTC;
const SELLER_BOND = 10n * OTC;

/** How many sellers `orders` orders need, at most ORDERS_PER_ADVERT an advert. */
function sellersFor(orders) {
  return Math.ceil(Math.ceil(orders / ORDERS_PER_ADVERT) / ADVERTS_PER_SELLER);
}

/**
 * The benchmarks' key pairs: `n` buyers and the sellers of `orders` orders, the same keys in
 * every run (their addresses go into the chain spec).
 */
export async function benchAccounts(n, orders) {
  const buyers = [];
  for (let i = 0; i < n; i++) buyers.push(await pairFromSuri(`//bench//${i}`));
  const sellers = [];
  for (let j = 0; j < sellersFor(orders); j++) sellers.push(await pairFromSuri(`//bench//seller//${j}`));
  return { buyers, sellers };
}

/** The ref_time a block used, all dispatch classes (its `System::BlockWeight`). */
export function blockRefTime(weight) {
  return ['normal', 'operational', 'mandatory'].reduce((t, c) => t + weight[c].refTime.toBigInt(), 0n);
}

export class Workload {
  /** `platform` connected to the node; `log(...)` reports progress. */
  static async create(platform, { inFlight = 256, log = () => {} } = {}) {
    return new Workload(platform, new OfflineSigner(await platform.signingInfo()), inFlight, log);
  }

  constructor(platform, signer, inFlight, log) {
    this.platform = platform;
    this.api = platform.api;
    this.signer = signer;
    this.inFlight = inFlight;
    this.log = log;
    this.nonces = new Map();
  }

  async nonceOf(pair) {
    if (!this.nonces.has(pair.address)) {
      this.nonces.set(pair.address, Number(await this.platform.nonce(pair.address)));
    }
    const n = this.nonces.get(pair.address);
    this.nonces.set(pair.address, n + 1);
    return n;
  }

  /** `pair`'s next extrinsic calling `section.method(...params)`, signed: `{ hex, hash }`. */
  async sign(pair, section, method, ...params) {
    const hex = this.signer.sign(pair, this.signer.call(section, method, ...params), { nonce: await this.nonceOf(pair) });
    return { hex, hash: extrinsicHash(hex) };
  }

  /**
   * Submits `signed` (hex) over `author_submitExtrinsic`, at most `inFlight` requests at once,
   * while recording every new best block; returns when every accepted extrinsic is in a block
   * (or nothing was included for 5 blocks). Returns `{ accepted, refused, blocks }`, `blocks`
   * holding the number, timestamp, extrinsic count, weight and length of each block with any of
   * them.
   */
  async submit(signed, label) {
    const { api, platform, log } = this;
    const wanted = new Set(signed.map((x) => x.hash));
    const blocks = [];
    let included = 0;
    let idle = 0;
    let accepted = 0;
    let refused = 0;
    const refusals = new Map();
    let done;
    const finished = new Promise((r) => (done = r));
    let submitting = true;

    const unsubscribe = await api.rpc.chain.subscribeNewHeads(async (header) => {
      const hash = header.hash.toHex();
      const [block, at] = await Promise.all([api.rpc.chain.getBlock(hash), api.at(hash)]);
      const [weight, now] = await Promise.all([at.query.system.blockWeight(), at.query.timestamp.now()]);
      let ours = 0;
      let length = 0;
      for (const x of block.block.extrinsics) {
        length += x.encodedLength;
        if (wanted.has(x.hash.toHex())) ours++;
      }
      included += ours;
      if (ours > 0) {
        blocks.push({
          number: header.number.toNumber(),
          hash,
          timestamp: now.toNumber(),
          count: ours,
          extrinsics: block.block.extrinsics.length,
          refTime: blockRefTime(weight),
          length,
        });
        idle = 0;
        log(`${label}: block #${header.number} ${ours} extrinsics (${included}/${accepted} accepted so far)`);
      } else if (!submitting) {
        idle++;
      }
      if (!submitting && (included >= accepted || idle >= 5)) done();
    });

    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < signed.length) {
        const x = signed[next++];
        try {
          await platform.rpc('author_submitExtrinsic', [x.hex]);
          accepted++;
        } catch (e) {
          refused++;
          const key = String(e.message).slice(0, 80);
          refusals.set(key, (refusals.get(key) ?? 0) + 1);
        }
      }
    };
    await Promise.all(Array.from({ length: this.inFlight }, worker));
    submitting = false;
    log(`${label}: ${accepted} accepted, ${refused} refused in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const [k, v] of refusals) log(`  refused ${v}x: ${k}`);
    if (included >= accepted) done();
    await finished;
    unsubscribe();
    return { accepted, refused, blocks };
  }

  /** The events `section.method` of `blocks`, in block order. */
  async eventsOf(blocks, section, method) {
    const out = [];
    for (const b of blocks) {
      const events = await (await this.api.at(b.hash)).query.system.events();
      for (const { event } of events) if (event.section === section && event.method === method) out.push(event);
    }
    return out;
  }

  /** `perAccount` rounds of one `transfer_keep_alive` of 1 OTC from each of `accounts` to the next. */
  async transfers(accounts, perAccount) {
    const n = accounts.length;
    this.log(`signing ${n * perAccount} transfers`);
    const signed = [];
    for (let t = 0; t < perAccount; t++) {
      for (let i = 0; i < n; i++) {
        signed.push(await this.sign(accounts[i], 'balances', 'transferKeepAlive', accounts[(i + 1) % n].address, OTC));
      }
    }
    return { signed, result: await this.submit(signed, 'transfers') };
  }

  /**
   * USDT adverts for `orders` orders (ORDERS_PER_ADVERT each) from `sellers`, ADVERTS_PER_SELLER
   * each; their payment windows differ so that the orders of one block fall due in several
   * blocks, as orders of a real book do. Returns their ids, ascending.
   */
  async adverts(sellers, orders) {
    const count = Math.ceil(orders / ORDERS_PER_ADVERT);
    if (sellers.length < sellersFor(orders)) throw new Error(`${orders} orders need ${sellersFor(orders)} sellers`);
    this.log(`creating ${count} adverts`);
    const signed = [];
    for (let a = 0; a < count; a++) {
      signed.push(await this.sign(
        sellers[Math.floor(a / ADVERTS_PER_SELLER)], 'otcEscrow', 'createAdvert', assetArg(USDT),
        BigInt(ORDERS_PER_ADVERT) * ORDER_AMOUNT,
        {
          price: 92n, currency: 'EUR', minOrder: ORDER_AMOUNT, maxOrder: ORDER_AMOUNT,
          paymentMethods: ['SEPA'], paymentWindow: 600 + 10 * (a % 32), minBuyerLevel: 'None',
          termsHash: null, buyerBond: BUYER_BOND, sellerBond: SELLER_BOND,
          buyerConditions: { minTrades: 0, maxFailureBps: null, minAccountAge: 0 },
        },
      ));
    }
    const result = await this.submit(signed, 'adverts');
    const ids = (await this.eventsOf(result.blocks, 'otcEscrow', 'AdvertCreated')).map((e) => e.data.advertId.toNumber());
    if (ids.length !== count) throw new Error(`only ${ids.length} of ${count} adverts were created`);
    return ids.sort((x, y) => x - y);
  }

  /**
   * Full trade cycles: `perBuyer` orders from each of `buyers` on `advertIds` (ORDERS_PER_ADVERT
   * each), then each marked paid by its buyer, then released by its seller (one of `sellers`);
   * each phase signed before it is submitted (an order's id is only known once it exists).
   * Returns the three phases' `submit` results and the count of settled orders.
   */
  async trades(buyers, sellers, perBuyer, advertIds) {
    const n = buyers.length;
    this.log(`signing ${n * perBuyer} open_order`);
    const opens = [];
    for (let p = 0; p < perBuyer; p++) {
      for (let i = 0; i < n; i++) {
        const advertId = advertIds[Math.floor((i * perBuyer + p) / ORDERS_PER_ADVERT)];
        opens.push(await this.sign(buyers[i], 'otcEscrow', 'openOrder', advertId, ORDER_AMOUNT, 'SEPA', 0));
      }
    }
    const open = await this.submit(opens, 'open_order');
    const byAddress = new Map([...buyers, ...sellers].map((p) => [p.address, p]));
    const owners = new Map(); // order id -> { buyer, seller }
    for (const e of await this.eventsOf(open.blocks, 'otcEscrow', 'OrderOpened')) {
      owners.set(e.data.orderId.toNumber(), { buyer: byAddress.get(e.data.buyer.toString()), seller: byAddress.get(e.data.seller.toString()) });
    }
    this.log(`signing ${owners.size} mark_paid`);
    const marks = [];
    for (const [id, { buyer }] of owners) marks.push(await this.sign(buyer, 'otcEscrow', 'markPaid', id, null));
    const mark = await this.submit(marks, 'mark_paid');
    this.log(`signing ${owners.size} release`);
    const releases = [];
    for (const [id, { seller }] of owners) releases.push(await this.sign(seller, 'otcEscrow', 'release', id));
    const release = await this.submit(releases, 'release');
    const settled = (await this.eventsOf(release.blocks, 'otcEscrow', 'OrderSettled')).length;
    return { open, mark, release, settled };
  }
}
