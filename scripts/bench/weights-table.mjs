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
console.log('The calls that settle an order (release, cancel_order, resolve_dispute) touch the same items whatever');
console.log('becomes of the advert: a closed advert keeps what its orders give back, and once they have ended');
console.log('waits for `reap_advert`, which pays its seller what waits (`reap_advert_empty` when nothing does).\n');
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
// Paths charged by the benchmark less one storage item per payee that held the token already.
const TO_HOLDERS = {
  reap_advert: [['to a seller who holds some', 1]],
  resolve_dispute: [['the seller holds some', 1]],
  claim_payout: [['the buyer holds some by then', 1]],
};
const lessHolders = (fn, n) => ({
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
    if (name.endsWith('_empty')) {
      // What a call is charged after dispatch when it had nothing to pay out.
      row(`${pallet}.${name.slice(0, -'_empty'.length)} (nothing to pay)`, w);
      continue;
    }
    if (name.endsWith('_payout_waits')) {
      // What a call is charged after dispatch when the buyer's payout waits for its claim.
      const call = name.slice(0, -'_payout_waits'.length);
      row(`${pallet}.${call} (USDT, the buyer holds none: its payout waits)`, w, true);
      continue;
    }
    const native = weights[`${name}_native`];
    // `claim_payout` moves a token other than the native one only.
    const usdt = !!native || name === 'claim_payout';
    // `update_advert` depends on the asset but moves none: no assets transfer to compare with.
    const movesAsset = usdt && name !== 'update_advert';
    row(`${pallet}.${name}${usdt ? ' (USDT)' : ''}${w.components.length ? ' (base)' : ''}`, w, movesAsset);
    // Charged one read and one write less for each payee that already held the token
    // (`Pallet::less_holders`): the benchmark pays accounts that hold none.
    for (const [label, n] of pallet === 'otcEscrow' ? (TO_HOLDERS[name] ?? []) : []) {
      row(`${pallet}.${name} (USDT, ${label})`, lessHolders(w, n), true);
    }
    if (native) row(`${pallet}.${name} (native)`, native);
  }
}
const fnOf = (name, kind) => escrow[`${name}_${kind}`] ?? escrow[name];
const trades = [
  ['USDT (open_order + mark_paid + release)', 'asset', ['open_order', 'mark_paid', 'release']],
  ['the native token (open_order + mark_paid + release)', 'native', ['open_order', 'mark_paid', 'release']],
];
if (escrow.release_payout_waits && escrow.claim_payout) {
  trades.splice(1, 0, [
    'USDT to a buyer who holds none (open_order + mark_paid + release, its payout waiting, + claim_payout)',
    'asset',
    ['open_order', 'mark_paid', 'release_payout_waits', 'claim_payout'],
  ]);
}
for (const [label, kind, names] of trades) {
  const calls = names.map((n) => fnOf(n, kind));
  const trade = calls.reduce((s, fn) => s + total(fn.at()), 0);
  const tradeMin = calls.reduce((s, fn) => s + totalMin(fn), 0);
  const assets = kind !== 'native' && assetTransferFn
    ? `; ${(tradeMin / totalMin(assetTransferFn)).toFixed(2)} x assets.transfer_keep_alive`
    : '';
  console.log(
    `\nA whole trade of ${label}: ${us(trade)} us = ` +
      `${(trade / total(transfer)).toFixed(2)} x transfer_keep_alive; with minimum execution times ` +
      `${(tradeMin / totalMin(transferFn)).toFixed(2)} x${assets}.`,
  );
}
