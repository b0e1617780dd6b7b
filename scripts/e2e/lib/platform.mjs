// The platform side (the design's trade management system): relays extrinsics that users signed
// on their own devices, records their hashes, waits for finality, reads the outcome from the
// events, verifies recorded hashes against finalized blocks, and reads the book over the node's
// `otc_*` / `kyc_*` JSON-RPC. It holds no keys.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { blake2AsHex } from '@polkadot/util-crypto';
import { hexToU8a } from '@polkadot/util';

/** How long `relay` waits for finality before giving up. */
const FINALITY_TIMEOUT_MS = 120_000;

/** The hash a node gives an extrinsic: blake2-256 of its encoding (hex in, hex out). */
export function extrinsicHash(hex) {
  return blake2AsHex(hexToU8a(hex), 256);
}

/** An error the chain or the node gave for a relayed extrinsic. */
export class ChainError extends Error {
  /**
   * @param {string} message what happened
   * @param {object} details `error`: `pallet.ErrorName` for a dispatch error; `rpc`: the
   *   JSON-RPC error of a refused submission; `record`: the ledger entry, if it got into a block.
   */
  constructor(message, details = {}) {
    super(message);
    this.name = 'ChainError';
    Object.assign(this, details);
  }
}

export class Platform {
  constructor(api, provider) {
    this.api = api;
    this.provider = provider;
    /** Relayed extrinsics by hash: what the platform stores. */
    this.ledger = new Map();
  }

  /** Connects to a node's WebSocket JSON-RPC endpoint. */
  static async connect(url) {
    const provider = new WsProvider(url, false);
    await provider.connect();
    await provider.isReadyOrError;
    const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
    return new Platform(api, provider);
  }

  async disconnect() {
    await this.api.disconnect();
  }

  /** Calls a JSON-RPC method of the node, e.g. `rpc('otc_advert', [0])`. */
  rpc(method, params = []) {
    return this.provider.send(method, params);
  }

  /**
   * What a wallet needs to sign offline: metadata, genesis hash, versions, the chain's SS58
   * format and token, and (given an address) the account's next nonce, pending transactions
   * included, plus a recent finalized block to anchor a mortal era.
   */
  async signingInfo(address) {
    const [metadata, genesisHash, version, properties, head] = await Promise.all([
      this.rpc('state_getMetadata'),
      this.rpc('chain_getBlockHash', [0]),
      this.rpc('state_getRuntimeVersion'),
      this.rpc('system_properties'),
      this.finalizedHead(),
    ]);
    const info = {
      metadata,
      genesisHash,
      specVersion: version.specVersion,
      transactionVersion: version.transactionVersion,
      ss58Format: properties.ss58Format,
      tokenDecimals: properties.tokenDecimals,
      tokenSymbol: properties.tokenSymbol,
      era: { current: head.number, blockHash: head.hash },
    };
    if (address) info.nonce = await this.nonce(address);
    return info;
  }

  /** The next nonce of `address`, counting transactions in the pool. */
  nonce(address) {
    return this.rpc('system_accountNextIndex', [address]);
  }

  /** The finalized head: `{ hash, number }`. */
  async finalizedHead() {
    const hash = await this.rpc('chain_getFinalizedHead');
    const header = await this.rpc('chain_getHeader', [hash]);
    return { hash, number: parseInt(header.number, 16) };
  }

  /**
   * Submits a signed extrinsic (hex) with `author_submitAndWatchExtrinsic`, stores its hash,
   * waits until its block is finalized, and returns the ledger entry: `hash`, `blockHash`,
   * `blockNumber`, `index`, `events` (decoded, of this extrinsic only), `ok`, and `error`
   * (`pallet.ErrorName`) when the dispatch failed. Throws a `ChainError` when the node refuses
   * the extrinsic (bad signature, stale nonce, ...) or it is dropped; a dispatch error does not
   * throw: it is in the entry.
   */
  async relay(signedHex) {
    const hash = extrinsicHash(signedHex);
    const record = { hash, submittedAt: Date.now(), status: 'submitted' };
    let finalizedHash;
    try {
      finalizedHash = await this.#watch(signedHex, record);
    } catch (e) {
      if (e instanceof ChainError) throw e;
      throw new ChainError(`submission refused: ${e.message}`, { rpc: e });
    }
    this.ledger.set(hash, record);
    const block = await this.rpc('chain_getBlock', [finalizedHash]);
    const index = block.block.extrinsics.findIndex((x) => extrinsicHash(x) === hash);
    if (index < 0) throw new ChainError(`extrinsic ${hash} not in block ${finalizedHash}`);
    const header = block.block.header;
    Object.assign(record, {
      status: 'finalized',
      blockHash: finalizedHash,
      blockNumber: parseInt(header.number, 16),
      index,
    });
    const at = await this.api.at(finalizedHash);
    const all = await at.query.system.events();
    record.events = all
      .filter(({ phase }) => phase.isApplyExtrinsic && phase.asApplyExtrinsic.toNumber() === index)
      .map(({ event }) => event);
    const failed = record.events.find((e) => this.api.events.system.ExtrinsicFailed.is(e));
    record.ok = !failed;
    if (failed) record.error = this.decodeError(failed.data[0]);
    return record;
  }

  #watch(signedHex, record) {
    return new Promise((resolve, reject) => {
      let subscription;
      const timer = setTimeout(() => {
        done(new ChainError(`not finalized within ${FINALITY_TIMEOUT_MS / 1000} s`));
      }, FINALITY_TIMEOUT_MS);
      const done = (error, value) => {
        clearTimeout(timer);
        if (subscription !== undefined) {
          this.provider
            .unsubscribe('author_extrinsicUpdate', 'author_unwatchExtrinsic', subscription)
            .catch(() => {});
        }
        error ? reject(error) : resolve(value);
      };
      this.provider
        .subscribe('author_extrinsicUpdate', 'author_submitAndWatchExtrinsic', [signedHex], (err, status) => {
          if (err) return done(err);
          if (typeof status === 'string') {
            record.status = status;
            if (status === 'dropped' || status === 'invalid') {
              done(new ChainError(`extrinsic ${record.hash} ${status}`));
            }
            return;
          }
          if (status.inBlock) record.inBlock = status.inBlock;
          if (status.finalized) return done(null, status.finalized);
          // `retracted` is not final: the extrinsic may be in the next best block.
          const bad = ['usurped', 'dropped', 'invalid', 'finalityTimeout'].find((k) => k in status);
          if (bad) done(new ChainError(`extrinsic ${record.hash} ${bad}`));
        })
        .then((id) => {
          subscription = id;
        })
        .catch((e) => done(e));
    });
  }

  /** A dispatch error as `pallet.ErrorName` (module errors) or its kind (`BadOrigin`, ...). */
  decodeError(dispatchError) {
    if (dispatchError.isModule) {
      const { section, name } = this.api.registry.findMetaError(dispatchError.asModule);
      return `${section}.${name}`;
    }
    return dispatchError.type;
  }

  /**
   * The design's sync and verification: for every stored hash, checks that its block is
   * finalized, is the canonical block at its height, and holds the extrinsic at the stored index.
   * Returns `[{ hash, verified, reason? }]`.
   */
  async verifyLedger() {
    const head = await this.finalizedHead();
    const results = [];
    for (const record of this.ledger.values()) {
      results.push({ hash: record.hash, ...(await this.#verify(record, head)) });
    }
    return results;
  }

  async #verify(record, head) {
    if (record.blockNumber === undefined) return { verified: false, reason: 'not in a block' };
    if (record.blockNumber > head.number) return { verified: false, reason: 'not finalized' };
    const canonical = await this.rpc('chain_getBlockHash', [record.blockNumber]);
    if (canonical !== record.blockHash) return { verified: false, reason: 'block not canonical' };
    const block = await this.rpc('chain_getBlock', [record.blockHash]);
    const extrinsic = block.block.extrinsics[record.index];
    if (!extrinsic || extrinsicHash(extrinsic) !== record.hash) {
      return { verified: false, reason: 'extrinsic not at its index' };
    }
    return { verified: true };
  }

  /** The first event `section.method` among `record.events`, or undefined. */
  static event(record, section, method) {
    return record.events.find((e) => e.section === section && e.method === method);
  }
}
