// Cost at scale on a real node: the `otc_adverts` page and the execution of `open_order`,
// `mark_paid` and `release`, with SMALL and with LARGE adverts and orders in the genesis state,
// two nodes in one run. Run by `scripts/bench.sh scale` (not by CI); see
// docs/performance.md.
//
//   node scripts/bench/scale-node.mjs [--small 100] [--large 100000] [--rounds 200]
//                                     [--trades 1000] [--block-rounds 20]
//
// The book (adverts and paid orders of a keyless seller and buyer) is written straight into a
// raw chain spec, as the pallet stores it: `Adverts` (each with its order's id), `OpenAdverts`,
// `Orders` and the id counters (not the escrow's balance and totals for them, nor the keyless accounts'
// records: nothing measured reads those, and `try_state` would not hold on this state). Then, on the node (its database, its caches):
// - pages of `otc_adverts` (100 adverts, at the start of the book and from its middle);
// - `system_dryRun` of a signed `open_order` (Bob, on an advert Alice created), `mark_paid`
//   (Charlie) and `release` (Alice), each applied to the best block's state without being
//   included, and of a `transfer_keep_alive` (the floor: the same RPC work, no OTC state).
// - blocks: TRADES accounts (funded, KYC'd in genesis) each make a transfer, then a full trade
//   cycle on new adverts (each phase in its own blocks, as scripts/bench/throughput.mjs does);
//   then every block that carried them is executed again on its parent's state
//   (`state_call` of `Core_execute_block`, the runtime's import of the block: signatures, calls,
//   hooks, state root) BLOCK_ROUNDS times: the calls' own execution with the node's database and
//   caches, per extrinsic, with the transfer as the control (it reads no OTC state).
// Both nodes run at once, called in turn.
// Each RPC figure is the median of ROUNDS calls over JSON-RPC on HTTP with keep-alive (the same RPC
// work at either size). Not over the WebSocket: there, a response of several TCP segments (a
// page) waits about 40 ms for the client's delayed acknowledgement, whatever the node does.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

import { rpc as http, startDevNode } from '../e2e/lib/devnode.mjs';
import { assetArg, keylessAddress, Trader } from '../e2e/lib/otc.mjs';
import { Platform } from '../e2e/lib/platform.mjs';
import { startNode, stopNode } from './node.mjs';
import { UNIT, USDT, writeBenchSpec } from './spec.mjs';
import { benchAccounts, blockRefTime, Workload } from './workload.mjs';

const { values: args } = parseArgs({
  options: {
    small: { type: 'string', default: '100' },
    large: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '200' },
    trades: { type: 'string', default: '1000' },
    'block-rounds': { type: 'string', default: '20' },
  },
});
const SIZES = [Number(args.small), Number(args.large)];
const ROUNDS = Number(args.rounds);
const TRADES = Number(args.trades);
const BLOCK_ROUNDS = Number(args['block-rounds']);
for (const n of [...SIZES, ROUNDS, TRADES, BLOCK_ROUNDS]) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`sizes and rounds must be positive integers, not ${n}`);
}
const bin = process.env.OTC_NODE_BIN;
if (!bin) throw new Error('OTC_NODE_BIN must name the otc-node binary (scripts/bench.sh sets it)');
const log = (...m) => console.error(`[scale ${new Date().toISOString().slice(11, 19)}]`, ...m);

// ---------------------------------------------------------------------------------------------
// The runtime's types and storage keys, from a dev node's metadata

log('reading the metadata of a dev node');
const dev = await startDevNode();
const registryPlatform = await Platform.connect(dev.url);
const { api } = registryPlatform;
await registryPlatform.disconnect();
await dev.stop();

const valueType = (entry) => api.registry.createLookupType(entry.creator.meta.type.asMap.value);
const encode = (entry, value) => api.createType(valueType(entry), value).toU8a();
const hex = (u8a) => `0x${Buffer.from(u8a).toString('hex')}`;
const u64 = (n) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};
const q = api.query.otcEscrow;
const asset = assetArg(USDT);
const seller = keylessAddress('otc-bench-book-seller');
const buyer = keylessAddress('otc-bench-book-buyer');
// The traders whose blocks are measured (the same keys at both sizes).
const { buyers: traders, sellers: traderSellers } = await benchAccounts(TRADES, TRADES);

// Advert `id` holds order `id`: every advert is the same but for that order id (its key is its
// own id, not in the value); every order differs only in its advert id, its first 8 bytes.
const MARK = 0x0102030405060708n;
const advertTemplate = encode(q.adverts, {
  seller, asset,
  terms: {
    price: 92, currency: 'EUR', minOrder: UNIT, maxOrder: UNIT, paymentMethods: ['SEPA'],
    paymentWindow: 100, minBuyerLevel: 'None', termsHash: null, buyerBond: 0, sellerBond: 0,
    buyerConditions: { minTrades: 0, maxFailureBps: null, minAccountAge: 0 },
  },
  available: UNIT, inOrders: UNIT, status: 'Open', bond: 0, orders: [MARK], createdAt: 0,
});
const orderIdAt = Buffer.from(advertTemplate).indexOf(Buffer.from(u64(MARK)));
if (orderIdAt < 0) throw new Error('cannot find the order id in the encoded advert');
const orderTemplate = encode(q.orders, {
  advertId: 0, seller, buyer, asset, amount: UNIT, price: 92, currency: 'EUR', fiatTotal: 92,
  feeBps: 10, paymentMethod: 'SEPA', openedAt: 0, payBy: 100,
  // Paid long after the measured blocks' deadlines: the chain does not dispute them meanwhile.
  bond: 0, status: { Paid: { at: 1, paymentRef: null, disputeFrom: 1_000_000 } },
});

/**
 * A raw chain spec: the dev preset plus `n` adverts of the book, each with a paid order, and the
 * traders funded with KYC.
 */
function rawSpec(n) {
  const plain = writeBenchSpec(bin, [...traders, ...traderSellers].map((p) => p.address));
  const raw = JSON.parse(execFileSync(bin, ['build-spec', '--chain', plain, '--raw'], {
    maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'],
  }));
  const top = raw.genesis.raw.top;
  for (let id = 0; id < n; id++) {
    const advert = Uint8Array.from(advertTemplate);
    advert.set(u64(id), orderIdAt);
    // Adverts and orders are keyed by their ids; the book by the id's big-endian bytes.
    const bookKey = Buffer.alloc(8);
    bookKey.writeBigUInt64BE(BigInt(id));
    top[q.adverts.key(id)] = hex(advert);
    top[q.openAdverts.key(asset, bookKey)] = '0x';
    const order = Uint8Array.from(orderTemplate);
    order.set(u64(id), 0);
    top[q.orders.key(id)] = hex(order);
  }
  top[q.nextAdvertId.key()] = hex(u64(n));
  top[q.nextOrderId.key()] = hex(u64(n));
  const file = join(dirname(plain), `raw-${n}.json`);
  writeFileSync(file, JSON.stringify(raw));
  return file;
}

// ---------------------------------------------------------------------------------------------
// Measurement

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** Checks that the signed `hex` would succeed on the node at `url`. */
async function checkDryRun(url, signedHex, what) {
  const outcome = api.createType('ApplyExtrinsicResult', await http(url, 'system_dryRun', [signedHex]));
  if (!outcome.isOk || !outcome.asOk.isOk) throw new Error(`${what} would fail: ${outcome.toString()}`);
}

/**
 * Starts a node on a state with `n` adverts and orders and prepares what is measured on it:
 * Alice's advert (id `n`), Charlie's two orders on it (the second paid), and signed, not
 * submitted: Bob opening an order, Charlie marking the first paid, Alice releasing the second,
 * Bob's transfer. Returns the node and the RPC requests to time on it.
 */
async function prepare(n) {
  log(`${n} adverts and orders: writing the chain spec`);
  const spec = rawSpec(n);
  log(`${n}: starting the node (${(readFileSync(spec).length / 1e6).toFixed(0)} MB spec)`);
  const node = await startNode(bin, spec, ['--rpc-methods', 'unsafe']);
  const { platform, httpUrl: url } = node;
  const page = (after) => ['otc_adverts', [String(USDT), null, after, 100]];
  const first = await http(url, ...page(null));
  if (first.adverts.length !== Math.min(100, n)) throw new Error('a short first page');

  const alice = await Trader.create(platform, '//Alice');
  const bob = await Trader.create(platform, '//Bob', alice.signer);
  const charlie = await Trader.create(platform, '//Charlie', alice.signer);
  const { advertId } = await alice.createAdvert({
    asset: USDT, amount: 1_000n * UNIT, price: 92n, currency: 'EUR', minOrder: UNIT,
    maxOrder: 100n * UNIT, paymentMethods: ['SEPA'], paymentWindow: 100,
  });
  if (advertId !== n) throw new Error(`Alice's advert got id ${advertId}, not ${n}`);
  const order = { advertId, amount: UNIT, paymentMethod: 'SEPA', termsVersion: 0 };
  const unpaid = (await charlie.openOrder(order)).orderId;
  const paid = (await charlie.openOrder(order)).orderId;
  await charlie.markPaid(paid);
  const signed = {
    openOrder: await bob.signed('otcEscrow', 'openOrder', advertId, UNIT, 'SEPA', 0),
    markPaid: await charlie.signed('otcEscrow', 'markPaid', unpaid, null),
    release: await alice.signed('otcEscrow', 'release', paid),
    // The same RPC work on a call that reads no OTC state: the floor of a dry run.
    transfer: await bob.signed('balances', 'transferKeepAlive', alice.address, UNIT),
  };
  const requests = {
    pageStart: page(null),
    // From the middle: a full page of 100 when the book has at least 200 adverts.
    pageMiddle: page(Math.max(0, Math.floor(n / 2) - 100)),
  };
  for (const [what, hex] of Object.entries(signed)) {
    await checkDryRun(url, hex, what);
    requests[what] = ['system_dryRun', [hex]];
  }
  return { n, node, url, requests, blocks: await tradeBlocks(n, platform) };
}

/**
 * Puts the traders' transfers and trade cycles on the node of `platform` and returns, for each
 * phase, its blocks, each unsealed and encoded for `Core_execute_block` with its parent's hash.
 */
async function tradeBlocks(n, platform) {
  const work = await Workload.create(platform, { log: (...m) => log(`${n}:`, ...m) });
  const transfers = (await work.transfers(traders, 1)).result;
  const advertIds = await work.adverts(traderSellers, TRADES);
  const trades = await work.trades(traders, traderSellers, 1, advertIds);
  if (trades.settled !== TRADES) throw new Error(`${n}: ${trades.settled} of ${TRADES} trades settled`);
  const phases = { transfer: transfers, openOrder: trades.open, markPaid: trades.mark, release: trades.release };
  const out = {};
  for (const [phase, { blocks, accepted }] of Object.entries(phases)) {
    if (accepted !== TRADES) throw new Error(`${n}: ${phase}: ${accepted} of ${TRADES} accepted`);
    out[phase] = [];
    for (const b of blocks) out[phase].push({ ...b, ...(await unsealed(platform.api, b.hash)) });
  }
  // The first block after the trades that carries nothing but the inherents: what every block
  // costs (inherents, hooks, state root) whatever it carries.
  const { api } = platform;
  for (let number = trades.release.blocks.at(-1).number + 1; ; ) {
    const hash = await api.rpc.chain.getBlockHash(number);
    if (hash.isEmpty) {
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    const { block } = await api.rpc.chain.getBlock(hash);
    if (block.extrinsics.length === 1) {
      const refTime = blockRefTime(await (await api.at(hash)).query.system.blockWeight());
      out.empty = [{ count: 1, refTime, ...(await unsealed(api, hash.toHex())) }];
      return out;
    }
    number++;
  }
}

/** Block `hash` without its seal (the runtime checks every other digest item), and its parent. */
async function unsealed(api, hash) {
  const { header, extrinsics } = (await api.rpc.chain.getBlock(hash)).block;
  const block = api.createType('Block', {
    header: {
      parentHash: header.parentHash, number: header.number, stateRoot: header.stateRoot,
      extrinsicsRoot: header.extrinsicsRoot, digest: { logs: header.digest.logs.filter((l) => !l.isSeal) },
    },
    extrinsics,
  });
  return { encoded: block.toHex(), parent: header.parentHash.toHex() };
}

// Both nodes run at once and every round calls one, then the other: the machine's slow and fast
// phases (docs/performance.md, section 5) fall on both alike.
const prepared = [];
try {
  for (const n of SIZES) prepared.push(await prepare(n));
  const results = prepared.map(({ n }) => ({ n }));
  for (const key of Object.keys(prepared[0].requests)) {
    const ms = prepared.map(() => []);
    for (let round = -5; round < ROUNDS; round++) {
      for (const [i, { url, requests }] of prepared.entries()) {
        const t = process.hrtime.bigint();
        await http(url, ...requests[key]);
        if (round >= 0) ms[i].push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }
    ms.forEach((xs, i) => { results[i][key] = median(xs); });
  }
  report(results);
  reportBlocks(await timeBlocks());
} finally {
  for (const { node } of prepared) await stopNode(node);
}

function report([small, large]) {
  const f = (ms) => ms.toFixed(3);
  console.log(`\nMedian of ${ROUNDS} JSON-RPC calls each (HTTP, the two nodes in turn), on a node (ParityDB, its caches), ms:\n`);
  console.log(`| measured | ${small.n} adverts + orders | ${large.n} adverts + orders | ratio |`);
  console.log('|---|---|---|---|');
  for (const [label, key] of [
    ['otc_adverts, first page of 100', 'pageStart'],
    ['otc_adverts, page of 100 from the middle', 'pageMiddle'],
    ['system_dryRun open_order', 'openOrder'],
    ['system_dryRun mark_paid', 'markPaid'],
    ['system_dryRun release', 'release'],
    ['system_dryRun transfer_keep_alive (floor)', 'transfer'],
  ]) {
    console.log(`| ${label} | ${f(small[key])} | ${f(large[key])} | ${(large[key] / small[key]).toFixed(2)} |`);
  }
}

/**
 * Executes every measured block of both nodes again, BLOCK_ROUNDS times, the nodes in turn;
 * returns, for each node and phase, the extrinsics, the median milliseconds of each block summed
 * over the phase, and the weight the blocks consumed (ms).
 */
async function timeBlocks() {
  const times = prepared.map(({ blocks }) => Object.fromEntries(Object.entries(blocks).map(([k, bs]) => [k, bs.map(() => [])])));
  for (let round = -1; round < BLOCK_ROUNDS; round++) {
    for (const phase of Object.keys(times[0])) {
      for (const [i, { url, blocks }] of prepared.entries()) {
        for (const [j, b] of blocks[phase].entries()) {
          const t = process.hrtime.bigint();
          await http(url, 'state_call', ['Core_execute_block', b.encoded, b.parent]);
          if (round >= 0) times[i][phase][j].push(Number(process.hrtime.bigint() - t) / 1e6);
        }
      }
    }
  }
  return prepared.map(({ n, blocks }, i) => ({
    n,
    phases: Object.fromEntries(Object.entries(blocks).map(([phase, bs]) => [phase, {
      count: bs.reduce((s, b) => s + b.count, 0),
      blocks: bs.length,
      ms: bs.reduce((s, _, j) => s + median(times[i][phase][j]), 0),
      // The phase's time in each round (its blocks' times summed), and an empty block's.
      rounds: times[i][phase][0].map((_, r) => bs.reduce((s, _b, j) => s + times[i][phase][j][r], 0)),
      emptyRounds: times[i].empty[0],
      weightMs: bs.reduce((s, b) => s + Number(b.refTime) / 1e9, 0),
    }])),
  }));
}

/**
 * The ratio large / small of a phase's time per extrinsic (less an empty block's time for each
 * of its blocks) round by round: both nodes ran the round within a second or two of each other,
 * so a slow or fast phase of the machine falls on both. Returns the quartiles of the ratios.
 */
function pairedRatios(small, large, key) {
  const perExtrinsic = (p, r) => (p.rounds[r] - p.blocks * p.emptyRounds[r]) / p.count;
  const [a, b] = [small.phases[key], large.phases[key]];
  const ratios = a.rounds.map((_, r) => perExtrinsic(b, r) / perExtrinsic(a, r)).sort((x, y) => x - y);
  const at = (q) => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))];
  return [at(0.25), median(ratios), at(0.75)];
}

function reportBlocks([small, large]) {
  // A phase's time less its blocks' share of an empty block's, per extrinsic.
  const us = (r, key) => {
    const p = r.phases[key];
    return ((p.ms - p.blocks * r.phases.empty.ms) * 1000) / p.count;
  };
  const share = (p) => `${((p.ms / p.weightMs) * 100).toFixed(0)} %`;
  console.log(`\nBlocks executed again on their parent's state (state_call Core_execute_block, the median of ${BLOCK_ROUNDS} rounds, the two nodes in turn); per extrinsic of the ${TRADES} of each phase, less an empty block's time for each block of the phase:\n`);
  console.log(`| block of (blocks at ${small.n} / ${large.n}) | ${small.n} adverts + orders, us per extrinsic | ${large.n} adverts + orders | ratio | ratio round by round: median (quartiles) | beyond the transfer's, us, ${small.n} / ${large.n} | execution / weight, ${small.n} / ${large.n} |`);
  console.log('|---|---|---|---|---|---|---|');
  for (const [label, key] of [
    ['transfer_keep_alive (the control)', 'transfer'],
    ['open_order', 'openOrder'],
    ['mark_paid', 'markPaid'],
    ['release', 'release'],
  ]) {
    const [a, b] = [small.phases[key], large.phases[key]];
    const beyond = (r) => (us(r, key) - us(r, 'transfer')).toFixed(1);
    const [q1, q2, q3] = pairedRatios(small, large, key).map((x) => x.toFixed(2));
    console.log(`| ${label} (${a.blocks} / ${b.blocks}) | ${us(small, key).toFixed(1)} | ${us(large, key).toFixed(1)} | ${(us(large, key) / us(small, key)).toFixed(2)} | ${q2} (${q1}-${q3}) | ${key === 'transfer' ? '' : `${beyond(small)} / ${beyond(large)}`} | ${share(a)} / ${share(b)} |`);
  }
  const [a, b] = [small.phases.empty, large.phases.empty];
  console.log(`| an empty block (inherents, hooks, state root), ms | ${a.ms.toFixed(2)} | ${b.ms.toFixed(2)} | ${(b.ms / a.ms).toFixed(2)} | | | ${share(a)} / ${share(b)} |`);
}
process.exit(0);
