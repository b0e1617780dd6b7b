// Writes a chain spec whose genesis state is large enough to measure the database on: the dev
// preset plus N keyless accounts, each with a native balance, a USDT balance and a KYC record
// (3 storage items per account). Prints the spec's path. Used by `scripts/benchmark.sh db`.
//
//   node scripts/bench/state-spec.mjs [--accounts 100000]

import { parseArgs } from 'node:util';

import { keylessAddress } from '../e2e/lib/otc.mjs';
import { writeBenchSpec } from './spec.mjs';

const { values: args } = parseArgs({ options: { accounts: { type: 'string', default: '100000' } } });
const n = Number(args.accounts);
if (!Number.isInteger(n) || n < 1) throw new Error(`--accounts must be a positive integer, not ${args.accounts}`);
const bin = process.env.OTC_NODE_BIN;
if (!bin) throw new Error('OTC_NODE_BIN must name the otc-node binary');

const addresses = [];
for (let i = 0; i < n; i++) addresses.push(keylessAddress(`otc-bench-state-${i}`));
console.log(writeBenchSpec(bin, addresses));
