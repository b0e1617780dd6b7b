// Prints the weights table of docs/performance.md from the generated weights files: every call
// of otc-escrow and kyc-registry next to balances.transfer_keep_alive (benchmarked on the same
// machine by scripts/benchmark.sh), with the runtime's database weights added, as ratios. Rows of
// calls that move a pallet-assets token (USDT) are also compared with assets.transfer_keep_alive
// when runtime/src/weights/pallet_assets.rs exists.
//
//   node scripts/bench/weights-table.mjs             # the weights of the working tree
//   node scripts/bench/weights-table.mjs --rev REV   # our pallets' weights and DB weights as of
//                                                    # git revision REV (transfer: current file)

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const revAt = process.argv.indexOf('--rev');
const rev = revAt > 0 ? process.argv[revAt + 1] : null;
const readNow = (path) => readFileSync(join(root, path), 'utf8');
const read = (path) =>
  rev ? execFileSync('git', ['show', `${rev}:${path}`], { cwd: root, encoding: 'utf8' }) : readNow(path);

// The runtime's database weights, in picoseconds: measured on the node's database
// (runtime/src/weights/paritydb_weights.rs, written by `scripts/benchmark.sh db`) if the runtime
// uses them, else frame-support's constants. `--db-weights frame-support` prints the table with
// frame-support's ParityDB constants instead, for comparison.
const FRAME_SUPPORT = {
  RocksDbWeight: { read: 25_000_000, write: 100_000_000 },
  ParityDbWeight: { read: 8_000_000, write: 50_000_000 },
};
const config = read('runtime/src/configs/mod.rs');
const dbName = /type DbWeight = (\w+);/.exec(config)?.[1];
const forceFrameSupport = process.argv.includes('--db-weights') &&
  process.argv[process.argv.indexOf('--db-weights') + 1] === 'frame-support';
let db = FRAME_SUPPORT[dbName];
let dbSource = `frame-support's ${dbName}`;
if (!forceFrameSupport && config.includes('weights::paritydb_weights::constants::ParityDbWeight')) {
  const measured = read('runtime/src/weights/paritydb_weights.rs');
  const ns = (what) => Number(new RegExp(`${what}: ([\\d_]+) \\* constants::WEIGHT_REF_TIME_PER_NANOS`).exec(measured)[1].replaceAll('_', ''));
  db = { read: ns('read') * 1000, write: ns('write') * 1000 };
  dbSource = 'ParityDbWeight measured on this machine (runtime/src/weights/paritydb_weights.rs)';
}
if (!db) throw new Error(`unknown DbWeight ${dbName}`);

/**
 * The weights of the first `impl ... WeightInfo for ...` block of a weights file: for each
 * function its components and `at(values)`, its base ref_time (ps), proof_size (bytes), reads and
 * writes with the components at `values` (0 where not given).
 */
function parse(path, reader = read) {
  const text = reader(path);
  const start = text.search(/impl<T: frame_system::Config> [\w:]*WeightInfo for /);
  const body = text.slice(start, text.indexOf('\n}\n', start));
  const weights = {};
  const fnRe = /fn (\w+)\(([^)]*)\) -> Weight \{([\s\S]*?)\n\t\}/g;
  const num = (s) => Number(s.replaceAll('_', ''));
  for (const [, name, params, code] of body.matchAll(fnRe)) {
    // Each term is a line: a constant, or one multiplied by a component (`.saturating_mul(c.into())`).
    const terms = code.split('\n').flatMap((line) => {
      const per = /saturating_mul\((\w+)\.into\(\)\)/.exec(line)?.[1] ?? null;
      const parts = /Weight::from_parts\(([\d_]+), ([\d_]+)\)/.exec(line);
      const reads = /reads\(\(?([\d_]+?)(?:_u64)?\)/.exec(line);
      const writes = /writes\(\(?([\d_]+?)(?:_u64)?\)/.exec(line);
      if (!parts && !reads && !writes) return [];
      return [{
        per,
        refTime: parts ? num(parts[1]) : 0,
        proof: parts ? num(parts[2]) : 0,
        reads: reads ? num(reads[1]) : 0,
        writes: writes ? num(writes[1]) : 0,
      }];
    });
    const components = params.split(',').map((p) => p.split(':')[0].trim()).filter(Boolean);
    const minimum = /Minimum execution time: ([\d_]+) picoseconds/.exec(code);
    const at = (values = {}) =>
      terms.reduce(
        (w, t) => {
          const k = t.per ? (values[t.per] ?? 0) : 1;
          return {
            refTime: w.refTime + k * t.refTime,
            proof: w.proof + k * t.proof,
            reads: w.reads + k * t.reads,
            writes: w.writes + k * t.writes,
          };
        },
        { refTime: 0, proof: 0, reads: 0, writes: 0 },
      );
    weights[name] = { components, at, minExec: minimum ? num(minimum[1]) : null };
  }
  return weights;
}

const transferFn = parse('runtime/src/weights/pallet_balances.rs', readNow).transfer_keep_alive;
const transfer = transferFn.at();
const total = (w) => w.refTime + w.reads * db.read + w.writes * db.write;
const us = (ps) => (ps / 1e6).toFixed(1);
// Total ref_time with the minimum execution time in place of the weight's execution.
const totalMin = (fn) => total({ ...fn.at(), refTime: fn.minExec });
let assetTransferFn = null;
try {
  assetTransferFn = parse('runtime/src/weights/pallet_assets.rs', readNow).transfer_keep_alive ?? null;
} catch {
  // No pallet-assets weights measured here: USDT rows are compared with the native transfer only.
}

if (rev) console.log(`Our pallets' weights as of ${rev}.`);
console.log(`Database weights: ${dbSource} (read ${us(db.read)} us, write ${us(db.write)} us).`);
console.log('Calls whose cost depends on the asset have two rows: a pallet-assets token (USDT, a hot asset: its');
console.log('escrow-side keys are charged once a block) and the native token (`<call>_native`); each call is charged');
console.log('the row of the asset it moved, a token that is not hot its escrow-side keys on top. Components');
console.log('(n, b) are at 0: the per-item terms are in the weights files.\n');
console.log('The calls that settle an order (release, cancel_order, resolve_dispute, an expiry) are benchmarked on');
console.log('their dearest path (every payout opens an account, the closed advert goes with its last order, both');
console.log('bonds move) and charged one storage item less for each of those that did not happen, a payee\'s System');
console.log('account only when no bond moved (pallets/otc-escrow/src/weight.rs): the rows "charged: ..." are those paths.\n');
console.log('"x transfer, min" puts the minimum execution time of each benchmark (the weights use the median or the');
console.log('fit) in place of the execution, for the call and for the transfer alike: a steadier ratio from run to run.');
if (assetTransferFn) {
  console.log('"x assets transfer, min" compares a USDT row with assets.transfer_keep_alive the same way.');
}
console.log('');
console.log('| call | execution | reads / writes | total ref_time | x transfer | x transfer, min | x assets transfer, min | proof_size | x transfer |');
console.log('|---|---|---|---|---|---|---|---|---|');
// The ratio to `yardstick` with minimum execution times (database weights added to both); only
// for calls without components.
const minRatio = (fn, yardstick) =>
  !yardstick || fn.minExec === null || fn.components.length
    ? ''
    : (totalMin(fn) / totalMin(yardstick)).toFixed(2);
const row = (name, fn, usdt = false) => {
  const w = fn.at();
  console.log(
    `| ${name} | ${us(w.refTime)} us | ${w.reads} / ${w.writes} | ${us(total(w))} us | ` +
      `${(total(w) / total(transfer)).toFixed(2)} | ${minRatio(fn, transferFn)} | ${usdt ? minRatio(fn, assetTransferFn) : ''} | ` +
      `${w.proof} B | ${(w.proof / transfer.proof).toFixed(2)} |`,
  );
};
row('balances.transfer_keep_alive', transferFn);
if (assetTransferFn) row('assets.transfer_keep_alive', assetTransferFn, true);
const escrow = parse('pallets/otc-escrow/src/weights.rs');
// Paths charged by the benchmark less `n` storage items (a read and a write each).
const CHARGED = {
  release: [
    ['charged: the buyer\'s bond back, the advert stays', 2],
    ['charged: no bonds, to a buyer who holds USDT, the advert stays', 4],
  ],
  cancel_order: [['charged: the buyer\'s bond slashed, back to an open advert', 3]],
  resolve_dispute: [['charged: the buyer\'s bond back, both hold USDT, the advert stays', 2]],
};
const less = (fn, n) => ({
  ...fn,
  at: (values) => {
    const w = fn.at(values);
    return { ...w, reads: w.reads - n, writes: w.writes - n };
  },
});
for (const [pallet, weights] of [
  ['otcEscrow', escrow],
  ['kycRegistry', parse('pallets/kyc-registry/src/weights.rs')],
]) {
  for (const [name, w] of Object.entries(weights)) {
    if (name.endsWith('_native')) continue;
    const native = weights[`${name}_native`];
    // `update_advert` depends on the asset but moves none: no assets transfer to compare with.
    const movesAsset = !!native && name !== 'update_advert';
    row(`${pallet}.${name}${native ? ' (USDT)' : ''}${w.components.length ? ' (base)' : ''}`, w, movesAsset);
    for (const [label, n] of pallet === 'otcEscrow' ? (CHARGED[name] ?? []) : []) {
      row(`${pallet}.${name} (USDT, ${label})`, less(w, n), true);
    }
    if (native) row(`${pallet}.${name} (native)`, native);
  }
}
// A whole trade: the trade's share of its advert's creation (an advert serves up to 64 orders at
// once, `MaxOrdersPerAdvert`), open_order, mark_paid and release as charged (the advert stays):
// with bonds (the buyer's comes back, which writes its account whether or not it held the
// token), and without (a buyer who holds the token is spared its account).
const ORDERS_PER_ADVERT = 64;
const share = (fn) => ({ ...fn, minExec: fn.minExec / ORDERS_PER_ADVERT, at: () => {
  const w = fn.at();
  return { ...w, refTime: w.refTime / ORDERS_PER_ADVERT, reads: w.reads / ORDERS_PER_ADVERT, writes: w.writes / ORDERS_PER_ADVERT };
} });
const trades = [
  ['USDT with bonds', [share(escrow.create_advert), escrow.open_order, escrow.mark_paid, less(escrow.release, 2)]],
  ['the native token with bonds', [share(escrow.create_advert_native), escrow.open_order, escrow.mark_paid, less(escrow.release_native, 2)]],
  ['USDT without bonds, a buyer who holds some', [share(escrow.create_advert), escrow.open_order, escrow.mark_paid, less(escrow.release, 4)]],
];
for (const [label, calls] of trades) {
  const trade = calls.reduce((s, fn) => s + total(fn.at()), 0);
  const tradeMin = calls.reduce((s, fn) => s + totalMin(fn), 0);
  console.log(
    `\nA whole trade of ${label} (1/${ORDERS_PER_ADVERT} create_advert + open_order + mark_paid + release): ` +
      `${us(trade)} us = ${(trade / total(transfer)).toFixed(2)} x transfer_keep_alive; with minimum ` +
      `execution times ${(tradeMin / totalMin(transferFn)).toFixed(2)} x.`,
  );
}
