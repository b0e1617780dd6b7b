// Prints the weights table of docs/performance.md from the generated weights files: every call
// of otc-escrow and kyc-registry next to balances.transfer_keep_alive (benchmarked on the same
// machine by scripts/benchmark.sh), with the runtime's database weights added, as ratios.
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
 * function its base ref_time (ps), proof_size (bytes), reads and writes (component terms left
 * out: they are per item, given separately).
 */
function parse(path, reader = read) {
  const text = reader(path);
  const start = text.search(/impl<T: frame_system::Config> [\w:]*WeightInfo for /);
  const body = text.slice(start, text.indexOf('\n}\n', start));
  const weights = {};
  const fnRe = /fn (\w+)\(([^)]*)\) -> Weight \{([\s\S]*?)\n\t\}/g;
  for (const [, name, params, code] of body.matchAll(fnRe)) {
    const num = (s) => Number(s.replaceAll('_', ''));
    // Base terms only: a term multiplied by a component (`.saturating_mul(n.into())`) is per item.
    const base = code
      .split('\n')
      .filter((line) => !line.includes('saturating_mul'))
      .join('\n');
    const parts = [...base.matchAll(/Weight::from_parts\(([\d_]+), ([\d_]+)\)/g)];
    const reads = /reads\(([\d_]+?)(?:_u64)?\)\)/.exec(base);
    const writes = /writes\(([\d_]+?)(?:_u64)?\)\)/.exec(base);
    weights[name] = {
      component: params.trim() !== '',
      refTime: parts.reduce((s, p) => s + num(p[1]), 0),
      proof: parts.reduce((s, p) => s + num(p[2]), 0),
      reads: reads ? num(reads[1]) : 0,
      writes: writes ? num(writes[1]) : 0,
    };
  }
  return weights;
}

const transfer = parse('runtime/src/weights/pallet_balances.rs', readNow).transfer_keep_alive;
const total = (w) => w.refTime + w.reads * db.read + w.writes * db.write;
const us = (ps) => (ps / 1e6).toFixed(1);

if (rev) console.log(`Our pallets' weights as of ${rev}.`);
console.log(`Database weights: ${dbSource} (read ${us(db.read)} us, write ${us(db.write)} us).\n`);
console.log('| call | execution | reads / writes | total ref_time | x transfer | proof_size | x transfer |');
console.log('|---|---|---|---|---|---|---|');
const row = (name, w) =>
  console.log(
    `| ${name}${w.component ? ' (base)' : ''} | ${us(w.refTime)} us | ${w.reads} / ${w.writes} | ${us(total(w))} us | ` +
      `${(total(w) / total(transfer)).toFixed(2)} | ${w.proof} B | ${(w.proof / transfer.proof).toFixed(2)} |`,
  );
row('balances.transfer_keep_alive', transfer);
for (const [pallet, path] of [
  ['otcEscrow', 'pallets/otc-escrow/src/weights.rs'],
  ['kycRegistry', 'pallets/kyc-registry/src/weights.rs'],
]) {
  for (const [name, w] of Object.entries(parse(path))) row(`${pallet}.${name}`, w);
}
const escrow = parse('pallets/otc-escrow/src/weights.rs');
const trade = ['open_order', 'mark_paid', 'release'].reduce((s, n) => s + total(escrow[n]), 0);
console.log(`\nA whole trade (open_order + mark_paid + release): ${us(trade)} us = ${(trade / total(transfer)).toFixed(2)} x transfer_keep_alive.`);
