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

import { peakRssMiB, startNode } from './node.mjs';
import { writeBenchSpec } from './spec.mjs';
import { benchAccounts, Workload } from './workload.mjs';

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

const bin = process.env.OTC_NODE_BIN;
if (!bin) throw new Error('OTC_NODE_BIN must name the otc-node binary (scripts/bench.sh sets it)');
const log = (...m) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...m);

// ---------------------------------------------------------------------------------------------
// Accounts and genesis

const orders = N * P;
const { buyers, sellers } = await benchAccounts(N, orders);
const sellerCount = sellers.length;
log(`${N} accounts, ${sellerCount} sellers`);

// ---------------------------------------------------------------------------------------------
// Measurement

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

const spec = writeBenchSpec(bin, [...buyers, ...sellers].map((p) => p.address));
const { child, platform } = await startNode(bin, spec);
const { api } = platform;
const work = await Workload.create(platform, { inFlight: IN_FLIGHT, log });
const limits = api.consts.system.blockWeights;
const maxNormal = limits.perClass.normal.maxTotal.unwrap().refTime.toBigInt();
const maxLength = api.consts.system.blockLength.max.normal.toNumber();
const slotMs = api.consts.aura.slotDuration.toNumber();

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

const transfers = await work.transfers(buyers, T);
const transferResult = summary('balances.transfer_keep_alive', transfers.result);
// Adverts (set-up, not timed), then the trades: open, mark paid, release.
const advertIds = await work.adverts(sellers, orders);
const { open: openRaw, mark: markRaw, release: releaseRaw, settled: settledCount } =
  await work.trades(buyers, sellers, P, advertIds);

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
console.log(`\nAccounts: ${N}; transfers: ${transfers.signed.length}; trades: ${orders} (${settledCount} released); sellers: ${sellerCount}\n`);
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
