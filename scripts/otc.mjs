#!/usr/bin/env node
// otc: a small command-line client of otc-chain for people and backends, printing JSON.
// Reads go through the node's `otc_*` / `kyc_*` JSON-RPC; writes are signed locally with the
// key of `--suri` and relayed by the same platform module the end-to-end tests use.
//
// Needs the packages of scripts/e2e (`npm ci --prefix scripts/e2e`). See `node scripts/otc.mjs help`.

import { parseArgs } from 'node:util';
import { Trader, pairFromSuri } from './e2e/lib/otc.mjs';
import { ChainError, Platform } from './e2e/lib/platform.mjs';

const HELP = `usage: node scripts/otc.mjs [--url ws://127.0.0.1:9944] [--suri //Alice] [--at BLOCK_HASH] COMMAND

Reads (no key needed):
  adverts [--asset 1|native] [--currency EUR] [--after ID] [--limit N]
          [--seller-trades N] [--seller-rate BPS]   a page of the open book, of sellers with at
                                             least N trades / a 30-day completion rate of BPS
  advert ID                                  one advert
  order ID                                   one open order
  orders [ADDRESS]                           open orders of an account (default: --suri's)
  my-adverts [ADDRESS]                       adverts of an account (default: --suri's)
  escrow                                     escrow account, fee, owed, fees kept and held per asset
  kyc-status [ADDRESS]                       KYC level, expiry, provider (default: --suri's)
  stats [ADDRESS]                            the account's trade record kept by the chain: trades,
                                             cancellations, disputes, times to pay and release,
                                             30-day rates, account age, volumes (default: --suri's)
  limits [--asset 1|native]                  governance's limits per KYC level, and the ramp for
                                             new buyers
  rules                                      governance's trade rules: bond bounds, slash share,
                                             cancel grace, strikes a day, release/arbiter windows

Writes (signed locally with --suri, relayed, printed once finalized):
  create-advert --asset 1 --amount 500 --price 92 --currency EUR --min 10 --max 400
                --methods SEPA,WISE [--window 600] [--min-level None|Basic|Verified|Enhanced]
                [--buyer-bond 5] [--seller-bond 100]      bonds in whole OTC (default 0)
                [--buyer-trades 5] [--buyer-max-failure 2000] [--buyer-age 14400]
                                             buyers must have 5 completed trades, at most 20 % of
                                             their 30-day orders cancelled or expired, and be known
                                             to the chain for 14 400 blocks (a day)
  order --advert ID --amount 100 --method SEPA [--terms-version N]   open an order on the advert's terms (default: its current version)
  mark-paid ID [--ref 0xHASH]
  release ID                                 the buyer gets the tokens (less the fee) at once
  cancel ID                                  within the grace period free, after it the
                                             buyer's bond is slashed
  dispute ID --evidence 0xHASH               open a dispute (the seller at once, the buyer after
                                             the release window)
  evidence ID --evidence 0xHASH              give or replace your evidence hash in a dispute
  decide ID --share 6000 --fault Neither|Buyer|Seller
                                             decide a dispute as its assigned arbiter (share:
                                             basis points of the amount to the buyer)
  close-advert ID                            what no order holds comes back; open orders go on,
                                             and what they give back goes to the seller at once
  withdraw ID --amount 50                    take back from an open or paused advert what no
                                             order holds
  sweep-fees [--asset 1|native]              send the fees kept in escrow to the fee destination

Amounts are in whole tokens with decimals ("12.5"), converted with the asset's decimals; prices
are minor fiat units per whole token (92 = 0.92 EUR); windows are in blocks (6 s each).`;

const options = {
  url: { type: 'string', default: 'ws://127.0.0.1:9944' },
  suri: { type: 'string', default: '//Alice' },
  at: { type: 'string' },
  asset: { type: 'string', default: '1' },
  currency: { type: 'string' },
  after: { type: 'string' },
  limit: { type: 'string' },
  amount: { type: 'string' },
  price: { type: 'string' },
  'terms-version': { type: 'string' },
  min: { type: 'string' },
  max: { type: 'string' },
  methods: { type: 'string' },
  method: { type: 'string' },
  window: { type: 'string', default: '600' },
  'min-level': { type: 'string', default: 'None' },
  advert: { type: 'string' },
  ref: { type: 'string' },
  'buyer-bond': { type: 'string', default: '0' },
  'seller-bond': { type: 'string', default: '0' },
  'buyer-trades': { type: 'string', default: '0' },
  'buyer-max-failure': { type: 'string' },
  'buyer-age': { type: 'string', default: '0' },
  'seller-trades': { type: 'string' },
  'seller-rate': { type: 'string' },
  evidence: { type: 'string' },
  share: { type: 'string' },
  fault: { type: 'string', default: 'Neither' },
  help: { type: 'boolean', short: 'h' },
};

class UsageError extends Error {}

function need(values, name) {
  if (values[name] === undefined) throw new UsageError(`--${name} is required`);
  return values[name];
}

function id(positionals, what) {
  const value = positionals[1];
  if (value === undefined || !/^\d+$/.test(value)) throw new UsageError(`${what} ID (a number) is required`);
  return Number(value);
}

function integer(value, name) {
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number, got ${JSON.stringify(value)}`);
  return BigInt(value);
}

/** "12.5" whole tokens to smallest units with `decimals`. */
function units(value, decimals, name) {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value ?? '');
  if (!match) throw new UsageError(`--${name} must be a decimal amount such as 12.5, got ${JSON.stringify(value)}`);
  const [, whole, frac = ''] = match;
  if (frac.length > decimals) throw new UsageError(`--${name} has more than ${decimals} decimals`);
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0');
}

/** A 32-byte hash as 0x-prefixed hex. */
function hash(value) {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) throw new UsageError(`--evidence must be a 32-byte hash (0x and 64 hex digits), got ${JSON.stringify(value)}`);
  return value;
}

async function decimals(platform, asset) {
  if (String(asset).toLowerCase() === 'native') {
    const { tokenDecimals } = await platform.rpc('system_properties');
    return Array.isArray(tokenDecimals) ? tokenDecimals[0] : tokenDecimals;
  }
  const meta = await platform.api.query.assets.metadata(Number(asset));
  return meta.decimals.toNumber();
}

/** An event's fields by name; numbers beyond 2^53 as decimal strings. */
function eventData(event) {
  const names = event.data.names ?? [];
  return Object.fromEntries(event.data.map((value, i) => [names[i] ?? String(i), value.toPrimitive()]));
}

/** A ledger entry as JSON: where it landed and what it emitted. */
function receipt(record, extra = {}) {
  return {
    hash: record.hash,
    blockHash: record.blockHash,
    blockNumber: record.blockNumber,
    ...extra,
    events: record.events.map((e) => ({ event: `${e.section}.${e.method}`, data: eventData(e) })),
  };
}

async function run(values, positionals, platform) {
  const at = values.at ?? null;
  const own = async () => positionals[1] ?? (await pairFromSuri(values.suri)).address;
  const trader = () => Trader.create(platform, values.suri);
  const orderId = () => id(positionals, 'order');
  switch (positionals[0]) {
    case 'adverts': {
      const limit = values.limit === undefined ? null : Number(integer(values.limit, 'limit'));
      const after = values.after === undefined ? null : Number(integer(values.after, 'after'));
      const filtered = values['seller-trades'] !== undefined || values['seller-rate'] !== undefined;
      const sellers = filtered
        ? {
            minTrades: Number(integer(values['seller-trades'] ?? '0', 'seller-trades')),
            minCompletionRate: values['seller-rate'] === undefined ? null : Number(integer(values['seller-rate'], 'seller-rate')),
          }
        : null;
      return platform.rpc('otc_adverts', [values.asset, values.currency ?? null, after, limit, sellers, at]);
    }
    case 'advert':
      return platform.rpc('otc_advert', [id(positionals, 'advert'), at]);
    case 'order':
      if (positionals[1] !== undefined) return platform.rpc('otc_order', [orderId(), at]);
      break;
    case 'orders':
      return platform.rpc('otc_accountOrders', [await own(), at]);
    case 'my-adverts':
      return platform.rpc('otc_accountAdverts', [await own(), at]);
    case 'escrow':
      return platform.rpc('otc_escrowTotals', [at]);
    case 'kyc-status':
      return platform.rpc('kyc_status', [await own(), at]);
    case 'stats':
      return platform.rpc('otc_tradeStats', [await own(), at]);
    case 'limits': {
      const api = at ? await platform.api.at(at) : platform.api;
      const asset = String(values.asset).toLowerCase() === 'native' ? 'Native' : { WithId: Number(values.asset) };
      const levels = {};
      for (const level of ['Basic', 'Verified', 'Enhanced']) {
        const limit = await api.query.otcEscrow.limits(asset, level);
        levels[level] = limit.isSome ? limit.unwrap().toPrimitive() : null;
      }
      return { asset: values.asset, levels, ramp: (await api.query.otcEscrow.buyerRamp()).toPrimitive() };
    }
    case 'rules': {
      const api = at ? await platform.api.at(at) : platform.api;
      return (await api.query.otcEscrow.rules()).toPrimitive();
    }
    case 'create-advert': {
      const d = await decimals(platform, values.asset);
      const t = await trader();
      const { advertId, record } = await t.createAdvert({
        asset: values.asset,
        amount: units(need(values, 'amount'), d, 'amount'),
        price: integer(need(values, 'price'), 'price'),
        currency: need(values, 'currency'),
        minOrder: units(need(values, 'min'), d, 'min'),
        maxOrder: units(need(values, 'max'), d, 'max'),
        paymentMethods: need(values, 'methods').split(','),
        paymentWindow: Number(integer(values.window, 'window')),
        minBuyerLevel: values['min-level'],
        buyerBond: units(values['buyer-bond'], await decimals(platform, 'native'), 'buyer-bond'),
        sellerBond: units(values['seller-bond'], await decimals(platform, 'native'), 'seller-bond'),
        buyerConditions: {
          minTrades: Number(integer(values['buyer-trades'], 'buyer-trades')),
          maxFailureBps: values['buyer-max-failure'] === undefined ? null : Number(integer(values['buyer-max-failure'], 'buyer-max-failure')),
          minAccountAge: Number(integer(values['buyer-age'], 'buyer-age')),
        },
      });
      return receipt(record, { advertId });
    }
    case 'close-advert':
      return receipt(await (await trader()).closeAdvert(id(positionals, 'advert')));
    case 'withdraw': {
      const advertId = id(positionals, 'advert');
      const advert = await platform.rpc('otc_advert', [advertId]);
      if (!advert) throw new UsageError(`no advert ${advertId}`);
      const amount = units(need(values, 'amount'), await decimals(platform, advert.asset), 'amount');
      return receipt(await (await trader()).withdrawFromAdvert(advertId, amount));
    }
    case 'sweep-fees':
      return receipt(await (await trader()).sweepFees(values.asset));
    case 'mark-paid':
      return receipt(await (await trader()).markPaid(orderId(), values.ref ?? null));
    case 'release':
      return receipt((await (await trader()).release(orderId())).record);
    case 'cancel':
      return receipt((await (await trader()).cancel(orderId())).record);
    case 'dispute':
      return receipt(await (await trader()).openDispute(orderId(), hash(need(values, 'evidence'))));
    case 'evidence':
      return receipt(await (await trader()).submitEvidence(orderId(), hash(need(values, 'evidence'))));
    case 'decide': {
      const share = Number(integer(need(values, 'share'), 'share'));
      if (share > 10_000) throw new UsageError('--share is basis points: 0..=10000');
      if (!['Neither', 'Buyer', 'Seller'].includes(values.fault)) {
        throw new UsageError('--fault is Neither, Buyer or Seller');
      }
      return receipt((await (await trader()).resolveDispute(orderId(), share, values.fault)).record);
    }
    case undefined:
    case 'help':
      return null;
    default:
      throw new UsageError(`unknown command ${JSON.stringify(positionals[0])}`);
  }
  // `order` without an id: open one.
  const advertId = Number(integer(need(values, 'advert'), 'advert'));
  const advert = await platform.rpc('otc_advert', [advertId]);
  if (!advert) throw new UsageError(`no advert ${advertId}`);
  const t = await trader();
  const opened = await t.openOrder({
    advertId,
    amount: units(need(values, 'amount'), await decimals(platform, advert.asset), 'amount'),
    paymentMethod: need(values, 'method'),
    termsVersion: values['terms-version'] === undefined ? advert.termsVersion : Number(integer(values['terms-version'], 'terms-version')),
  });
  return receipt(opened.record, { orderId: opened.orderId, fiatTotal: opened.fiatTotal, feeBps: opened.feeBps, payBy: opened.payBy });
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({ options, allowPositionals: true });
  } catch (e) {
    console.error(`${e.message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0 || positionals[0] === 'help') {
    console.log(HELP);
    return 0;
  }
  let platform;
  try {
    platform = await Platform.connect(values.url);
    const result = await run(values, positionals, platform);
    console.log(JSON.stringify(result, null, 2));
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`error: ${e.message}\n\n${HELP}`);
      return 2;
    }
    const out = { error: e instanceof ChainError && e.error ? e.error : e.message };
    if (e.record) Object.assign(out, receipt(e.record));
    console.log(JSON.stringify(out, null, 2));
    return 1;
  } finally {
    await platform?.disconnect();
  }
}

process.exitCode = await main();
