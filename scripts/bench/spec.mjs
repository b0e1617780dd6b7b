// Chain specs for the benchmarks: the dev preset plus accounts funded with the native token and
// USDT and given KYC level Verified, all in genesis.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The dev chain's USDT asset id, one whole USDT (6 decimals), one whole OTC (12 decimals). */
export const USDT = 1;
export const UNIT = 1_000_000n;
export const OTC = 1_000_000_000_000n;
const KYC_EXPIRY = 4_102_444_800;
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

/**
 * Writes a chain spec (the dev preset of `bin`) in which every address of `addresses` holds
 * 1 000 000 OTC and 10 000 000 USDT and has KYC level Verified from Alice; returns its path
 * (in a new temporary directory).
 */
export function writeBenchSpec(bin, addresses) {
  const spec = JSON.parse(execFileSync(bin, ['build-spec', '--chain', 'dev'], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }));
  const genesis = spec.genesis.runtimeGenesis;
  const patch = genesis.patch ?? genesis.config;
  // Balances go into the JSON as bare integers (JavaScript numbers would round them).
  const big = (n) => `BIGINT:${n}`;
  patch.balances.balances.push(...addresses.map((a) => [a, big(1_000_000n * OTC)]));
  patch.assets.accounts.push(...addresses.map((a) => [USDT, a, big(10_000_000n * UNIT)]));
  patch.kycRegistry.records.push(...addresses.map((a) => [a, ALICE, 'Verified', KYC_EXPIRY]));
  const file = join(mkdtempSync(join(tmpdir(), 'otc-bench-')), 'spec.json');
  writeFileSync(file, JSON.stringify(spec).replace(/"BIGINT:(\d+)"/g, '$1'));
  return file;
}
