#!/usr/bin/env node
// council: what an operator of otc-chain does on chain, from the command line, printing JSON.
// Council motions (propose, vote, close), a validator's session keys, and runtime upgrades.
// Signs locally with the key of `--suri` and relays through the node at `--url`.
//
// Needs the packages of scripts/e2e (`npm ci --prefix scripts/e2e`). See docs/operations.md.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Trader } from './e2e/lib/otc.mjs';
import { ChainError, Platform } from './e2e/lib/platform.mjs';
import { blake2AsHex, u8aToHex } from './e2e/lib/util.mjs';

const HELP = `usage: node scripts/council.mjs [--url ws://127.0.0.1:9944] [--suri //Alice] COMMAND

Council (the signer is a member):
  propose SECTION.METHOD [JSON_ARGS] [--threshold N]   e.g. propose collatorSelection.addInvulnerable '["5F..."]'
  vote INDEX aye|nay                       vote on the open motion INDEX
  close INDEX                              close a motion once it has its votes (or its time is up)
  motions                                  the open motions with their votes
  authorize-upgrade WASM [--threshold N]   propose: whitelist and dispatch system.authorizeUpgrade
                                           (blake2-256 of WASM) as Root, in one batch

Anyone:
  apply-upgrade WASM                       system.applyAuthorizedUpgrade(WASM) once authorized
  set-keys                                 ask the node at --url for new session keys owned by
                                           --suri (author_rotateKeysWithOwner) and register
                                           them with session.setKeys

--threshold defaults to two thirds of the council, rounded up (and at least 2).`;

const options = {
  url: { type: 'string', default: 'ws://127.0.0.1:9944' },
  suri: { type: 'string', default: '//Alice' },
  threshold: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/** Two thirds of `members`, rounded up, at least two: what a motion needs to pass. */
function qualifiedMajority(members) {
  return Math.max(2, Math.ceil((2 * members) / 3));
}

async function threshold(platform, given) {
  if (given !== undefined) return Number(given);
  const members = await platform.api.query.council.members();
  return qualifiedMajority(members.length);
}

/** Proposes `call` to the council; returns the motion's index, hash and threshold. */
async function propose(trader, platform, call, given) {
  const t = await threshold(platform, given);
  const { method } = call;
  const record = await trader.submit('council', 'propose', t, method.toHex(), method.encodedLength);
  const proposed = Platform.event(record, 'council', 'Proposed');
  if (!proposed) return { executed: Platform.event(record, 'council', 'Executed')?.toHuman() };
  return {
    index: proposed.data.proposalIndex.toNumber(),
    hash: proposed.data.proposalHash.toHex(),
    threshold: t,
    block: record.blockNumber,
  };
}

async function motionHash(platform, index) {
  for (const hash of await platform.api.query.council.proposals()) {
    const voting = (await platform.api.query.council.voting(hash)).unwrap();
    if (voting.index.toNumber() === index) return { hash: hash.toHex(), voting };
  }
  throw new Error(`no open motion ${index}`);
}

async function main() {
  const { values, positionals } = parseArgs({ options, allowPositionals: true });
  const [command, ...args] = positionals;
  if (values.help || !command || command === 'help') {
    console.log(HELP);
    return;
  }
  const platform = await Platform.connect(values.url);
  try {
    const trader = await Trader.create(platform, values.suri);
    const tx = platform.api.tx;
    let out;
    switch (command) {
      case 'propose': {
        const [name, json = '[]'] = args;
        const [section, method] = (name ?? '').split('.');
        if (!tx[section]?.[method]) throw new Error(`unknown call ${name}`);
        out = await propose(trader, platform, tx[section][method](...JSON.parse(json)), values.threshold);
        break;
      }
      case 'vote': {
        const index = Number(args[0]);
        const { hash } = await motionHash(platform, index);
        await trader.submit('council', 'vote', hash, index, args[1] === 'aye');
        out = { index, hash, aye: args[1] === 'aye' };
        break;
      }
      case 'close': {
        const index = Number(args[0]);
        const { hash } = await motionHash(platform, index);
        const call = (await platform.api.query.council.proposalOf(hash)).unwrap();
        // An upper bound of the motion's weight: half a second; the unused part is refunded.
        const weight = { refTime: 500_000_000_000n, proofSize: 5n * 1024n * 1024n };
        const record = await trader.submit('council', 'close', hash, index, weight, call.encodedLength);
        const executed = Platform.event(record, 'council', 'Executed');
        out = {
          index,
          closed: Platform.event(record, 'council', 'Closed') !== undefined,
          approved: Platform.event(record, 'council', 'Approved') !== undefined,
          result: executed ? executed.data.result.toHuman() : null,
        };
        break;
      }
      case 'motions': {
        out = [];
        for (const hash of await platform.api.query.council.proposals()) {
          const voting = (await platform.api.query.council.voting(hash)).unwrap();
          const call = (await platform.api.query.council.proposalOf(hash)).unwrap();
          out.push({
            index: voting.index.toNumber(),
            hash: hash.toHex(),
            call: `${call.section}.${call.method}`,
            args: call.toHuman().args,
            threshold: voting.threshold.toNumber(),
            ayes: voting.ayes.map((a) => a.toString()),
            nays: voting.nays.map((a) => a.toString()),
            end: voting.end.toNumber(),
          });
        }
        break;
      }
      case 'authorize-upgrade': {
        const code = readFileSync(args[0]);
        const codeHash = blake2AsHex(code, 256);
        const authorize = tx.system.authorizeUpgrade(codeHash);
        const batch = tx.utility.batchAll([
          tx.whitelist.whitelistCall(blake2AsHex(authorize.method.toU8a(), 256)),
          tx.whitelist.dispatchWhitelistedCallWithPreimage(authorize.method),
        ]);
        out = { codeHash, motion: await propose(trader, platform, batch, values.threshold) };
        break;
      }
      case 'apply-upgrade': {
        const code = readFileSync(args[0]);
        const record = await trader.submit('system', 'applyAuthorizedUpgrade', u8aToHex(code));
        out = { block: record.blockNumber, codeUpdated: Platform.event(record, 'system', 'CodeUpdated') !== undefined };
        break;
      }
      case 'set-keys': {
        const owner = u8aToHex(trader.pair.publicKey);
        const generated = await platform.rpc('author_rotateKeysWithOwner', [owner]);
        const record = await trader.submit('session', 'setKeys', generated.keys, generated.proof);
        out = { account: trader.address, keys: generated.keys, block: record.blockNumber };
        break;
      }
      default:
        throw new Error(`unknown command ${command}\n\n${HELP}`);
    }
    console.log(JSON.stringify(out, null, 2));
  } finally {
    await platform.disconnect();
  }
}

main().catch((e) => {
  console.error(e instanceof ChainError ? `error: ${e.message}` : e);
  process.exit(1);
});
