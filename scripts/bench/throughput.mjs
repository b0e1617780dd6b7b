// Throughput of otc-chain on a real node: plain transfers against full OTC trade cycles, in one
// run, as included extrinsics per second. Run by scripts/bench.sh (not by CI); see
// docs/performance.md for the method.
//
//   node scripts/bench/throughput.mjs [--accounts 1000] [--transfers-per-account 12]
//                                     [--orders-per-buyer 6]
//
// 1. Writes a chain spec: the dev preset plus N funded accounts with KYC level Verified, and
//    sellers, in genesis. Starts `otc-node` on it (Alice authoring), loopback, free ports.
// 2. Transfers: N x T `balances.transfer_keep_alive` from N distinct accounts, all signed before
//    the clock starts, submitted over JSON-RPC as fast as the pool takes them.
// 3. Trades: sellers post adverts (not timed); then three timed phases, each signed before its
//    clock starts (order ids are only known once the orders exist): `open_order` (N x P orders),
//    `mark_paid`, `release`.
// 4. Prints one table: included extrinsics/s, the OTC/transfer ratio, trade cycles/s, block
//    fullness (weight used / max normal weight; length used / max), pool refusals, node peak RSS.

import { parseArgs } from 'node:util';

import { assetArg, pairFromSuri } from '../e2e/lib/otc.mjs';
import { Platform, extrinsicHash } from '../e2e/lib/platform.mjs';
import { OfflineSigner } from '../e2e/lib/signer.mjs';
import { peakRssMiB, startNode } from './node.mjs';
import { OTC, UNIT, USDT, writeBenchSpec } from './spec.mjs';

const { values: args } = parseArgs({
  options: {
    accounts: { type: 'string', default: '1000' },
    'transfers-per-account': { type: 'string', default: '12' },
    'orders-per-buyer': { type: 'string', default: '6' },
    'in-flight': { type: 'string', default: '256' },
  },
});
const N = Number(args.accounts);
const T = Number(args['transfers-per-account']);
const P = Number(args['orders-per-buyer']);
const IN_FLIGHT = Number(args['in-flight']);
const ORDERS_PER_ADVERT = 64; // the runtime's MaxOrdersPerAdvert
const ADVERTS_PER_SELLER = 32; // the runtime's MaxAdvertsPerAccount

const bin = process.env.OTC_NODE_BIN;
if (!bin) throw new Error('OTC_NODE_BIN must name the otc-node binary (scripts/bench.sh sets it)');
const log = (...m) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...m);

// ---------------------------------------------------------------------------------------------
// Accounts and genesis

const buyers = [];
for (let i = 0; i < N; i++) buyers.push(await pairFromSuri(`//bench//${i}`));
const orders = N * P;
const advertCount = Math.ceil(orders / ORDERS_PER_ADVERT);
const sellerCount = Math.ceil(advertCount / ADVERTS_PER_SELLER);
const sellers = [];
for (let j = 0; j < sellerCount; j++) sellers.push(await pairFromSuri(`//bench//seller//${j}`));
log(`${N} accounts, ${sellerCount} sellers with ${advertCount} adverts`);

function chainSpec() {
  return writeBenchSpec(bin, [...buyers, ...sellers].map((p) => p.address));
}

// ---------------------------------------------------------------------------------------------
// Submission and measurement

/**
 * Submits `signed` (hex) over `author_submitExtrinsic`, at most IN_FLIGHT requests at once,
 * while recording every new best block; returns when every accepted extrinsic is in a block (or
 * nothing was included for 5 blocks). Returns `{ accepted, refused, blocks }`, `blocks` holding
 * the number, timestamp, extrinsic count, weight and length of each block with any of them.
 */
async function submitAndMeasure(platform, signed, label) {
  const { api } = platform;
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
        timestamp: now.toNumber(),
        count: ours,
        refTime: weight.normal.refTime.toBigInt() + weight.mandatory.refTime.toBigInt() + weight.operational.refTime.toBigInt(),
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
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  submitting = false;
  log(`${label}: ${accepted} accepted, ${refused} refused in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const [k, v] of refusals) log(`  refused ${v}x: ${k}`);
  if (included >= accepted) done();
  await finished;
  unsubscribe();
  return { accepted, refused, blocks };
}

/**
 * Included extrinsics per second over the blocks that carried them: their count over the time
 * those blocks cover (from the block before the first to the last: last timestamp - first
 * timestamp + one slot).
 */
function rate(blocks, slotMs) {
  const count = blocks.reduce((s, b) => s + b.count, 0);
  if (blocks.length === 0) return { perSecond: NaN, count, seconds: NaN, blocks: 0 };
  const seconds = (blocks.at(-1).timestamp - blocks[0].timestamp + slotMs) / 1000;
  return { perSecond: count / seconds, count, seconds, blocks: blocks.length };
}

// ---------------------------------------------------------------------------------------------
// The run

const spec = chainSpec();
const { child, platform } = await startNode(bin, spec);
const { api } = platform;
const signer = new OfflineSigner(await platform.signingInfo());
const limits = api.consts.system.blockWeights;
const maxNormal = limits.perClass.normal.maxTotal.unwrap().refTime.toBigInt();
const maxLength = api.consts.system.blockLength.max.normal.toNumber();
const slotMs = api.consts.aura.slotDuration.toNumber();

const nonces = new Map();
async function nonceOf(pair) {
  if (!nonces.has(pair.address)) nonces.set(pair.address, Number(await platform.nonce(pair.address)));
  const n = nonces.get(pair.address);
  nonces.set(pair.address, n + 1);
  return n;
}

function sign(pair, nonce, section, method, ...params) {
  const hex = signer.sign(pair, signer.call(section, method, ...params), { nonce });
  return { hex, hash: extrinsicHash(hex) };
}

function summary(name, result) {
  const r = rate(result.blocks, slotMs);
  // Fullness of the blocks the pool kept busy: all but the last, which takes what is left.
  const fill = result.blocks.length > 1 ? result.blocks.slice(0, -1) : result.blocks;
  const avg = (f) => (fill.length ? fill.reduce((s, b) => s + f(b), 0) / fill.length : NaN);
  return {
    name,
    ...r,
    accepted: result.accepted,
    refused: result.refused,
    perBlock: avg((b) => b.count),
    weightUsed: avg((b) => Number((b.refTime * 10_000n) / maxNormal) / 100),
    lengthUsed: avg((b) => (b.length * 100) / maxLength),
  };
}

// Transfers.
log(`signing ${N * T} transfers`);
const transfers = [];
for (let t = 0; t < T; t++) {
  for (let i = 0; i < N; i++) {
    transfers.push(sign(buyers[i], await nonceOf(buyers[i]), 'balances', 'transferKeepAlive', buyers[(i + 1) % N].address, OTC));
  }
}
const transferResult = summary('balances.transfer_keep_alive', await submitAndMeasure(platform, transfers, 'transfers'));

// Adverts (set-up, not timed): windows differ between adverts so that the orders of one block
// fall due in several blocks, as orders of a real book do.
log(`creating ${advertCount} adverts`);
const setup = [];
for (let a = 0; a < advertCount; a++) {
  const seller = sellers[Math.floor(a / ADVERTS_PER_SELLER)];
  setup.push(sign(
    seller, await nonceOf(seller), 'otcEscrow', 'createAdvert', assetArg(USDT),
    BigInt(ORDERS_PER_ADVERT) * 10n * UNIT, 92n, 'EUR', 10n * UNIT, 10n * UNIT, ['SEPA'],
    600 + 10 * (a % 32), 'None', null,
  ));
}
const setupResult = await submitAndMeasure(platform, setup, 'adverts');
const advertIds = [];
const orderOwners = new Map(); // order id -> { buyer, seller }
async function eventsOf(blocks, section, method) {
  const out = [];
  for (const b of blocks) {
    const hash = await platform.rpc('chain_getBlockHash', [b.number]);
    const events = await (await api.at(hash)).query.system.events();
    for (const { event } of events) if (event.section === section && event.method === method) out.push(event);
  }
  return out;
}
for (const e of await eventsOf(setupResult.blocks, 'otcEscrow', 'AdvertCreated')) advertIds.push(e.data.advertId.toNumber());
advertIds.sort((x, y) => x - y);
if (advertIds.length !== advertCount) throw new Error(`only ${advertIds.length} of ${advertCount} adverts were created`);

// Trades: open, mark paid, release.
log(`signing ${orders} open_order`);
const opens = [];
for (let p = 0; p < P; p++) {
  for (let i = 0; i < N; i++) {
    const k = i * P + p;
    const advertId = advertIds[Math.floor(k / ORDERS_PER_ADVERT)];
    opens.push(sign(buyers[i], await nonceOf(buyers[i]), 'otcEscrow', 'openOrder', advertId, 10n * UNIT, 'SEPA', 92n));
  }
}
const openRaw = await submitAndMeasure(platform, opens, 'open_order');
const byAddress = new Map([...buyers, ...sellers].map((p) => [p.address, p]));
for (const e of await eventsOf(openRaw.blocks, 'otcEscrow', 'OrderOpened')) {
  orderOwners.set(e.data.orderId.toNumber(), { buyer: byAddress.get(e.data.buyer.toString()), seller: byAddress.get(e.data.seller.toString()) });
}
log(`signing ${orderOwners.size} mark_paid`);
const marks = [];
for (const [id, { buyer }] of orderOwners) marks.push(sign(buyer, await nonceOf(buyer), 'otcEscrow', 'markPaid', id, null));
const markRaw = await submitAndMeasure(platform, marks, 'mark_paid');
log(`signing ${orderOwners.size} release`);
const releases = [];
for (const [id, { seller }] of orderOwners) releases.push(sign(seller, await nonceOf(seller), 'otcEscrow', 'release', id));
const releaseRaw = await submitAndMeasure(platform, releases, 'release');
const settledCount = (await eventsOf(releaseRaw.blocks, 'otcEscrow', 'OrderSettled')).length;

const phases = [
  summary('otc_escrow.open_order', openRaw),
  summary('otc_escrow.mark_paid', markRaw),
  summary('otc_escrow.release', releaseRaw),
];
const otcCount = phases.reduce((s, p) => s + p.count, 0);
const otcSeconds = phases.reduce((s, p) => s + p.seconds, 0);
const otcRate = otcCount / otcSeconds;
const rss = peakRssMiB(child.pid);

await platform.disconnect();
child.kill('SIGINT');

const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const rows = [transferResult, ...phases];
console.log(`\nAccounts: ${N}; transfers: ${transfers.length}; trades: ${orders} (${settledCount} released); sellers: ${sellerCount}\n`);
console.log('| workload | included ext/s | measured blocks | ext per block | block weight used | block length used | refused by pool |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.name} | ${f(r.perSecond)} | ${r.blocks} | ${f(r.perBlock, 0)} | ${f(r.weightUsed)} % | ${f(r.lengthUsed)} % | ${r.refused} |`);
}
console.log(`| OTC trade extrinsics (3 phases) | ${f(otcRate)} | ${phases.reduce((s, p) => s + p.blocks, 0)} | | | | |`);
console.log('');
console.log(`OTC extrinsics/s / transfers/s = ${f(otcRate / transferResult.perSecond, 2)}`);
console.log(`Trade cycles/s (open + mark paid + release) = ${f(settledCount / otcSeconds, 1)}`);
console.log(`Node peak RSS = ${f(rss, 0)} MiB`);
process.exit(0);
