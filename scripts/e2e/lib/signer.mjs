// The wallet side: builds and signs extrinsics locally, with no connection to a node.
//
// A wallet is given what a signature commits to (the runtime metadata, the genesis hash, the
// spec and transaction versions) plus the account's nonce and the era, and returns the signed
// extrinsic as hex. The platform relays that hex; it never sees the key.

import { Metadata, TypeRegistry, expandMetadata } from '@polkadot/types';

/** Blocks a mortal extrinsic stays valid for by default. */
export const DEFAULT_PERIOD = 64;

export class OfflineSigner {
  /**
   * @param {object} chain what the signature commits to, as `Platform.signingInfo()` returns it:
   *   `metadata` (hex of `state_getMetadata`), `genesisHash`, `specVersion`, `transactionVersion`,
   *   and optionally `ss58Format`, `tokenDecimals`, `tokenSymbol`.
   */
  constructor(chain) {
    for (const field of ['metadata', 'genesisHash', 'specVersion', 'transactionVersion']) {
      if (chain[field] === undefined) throw new Error(`OfflineSigner: ${field} is required`);
    }
    this.chain = chain;
    this.registry = new TypeRegistry();
    const metadata = new Metadata(this.registry, chain.metadata);
    this.registry.setMetadata(metadata);
    this.registry.setChainProperties(
      this.registry.createType('ChainProperties', {
        ss58Format: chain.ss58Format ?? 42,
        tokenDecimals: chain.tokenDecimals ?? 12,
        tokenSymbol: chain.tokenSymbol ?? 'OTC',
      }),
    );
    this.tx = expandMetadata(this.registry, metadata).tx;
  }

  /** The call `section.method(...args)`, e.g. `call('otcEscrow', 'release', 7)`. */
  call(section, method, ...args) {
    const fn = this.tx[section]?.[method];
    if (!fn) throw new Error(`unknown call ${section}.${method}`);
    return fn(...args);
  }

  /**
   * Signs `call` with `pair` and returns the signed extrinsic as hex.
   *
   * @param {object} opts `nonce` (required); `era`: `{ current, blockHash, period }` for a mortal
   *   extrinsic (valid `period` blocks from block `current` whose hash is `blockHash`), or omitted
   *   for an immortal one; `tip` in the native token's smallest units.
   */
  sign(pair, call, { nonce, era, tip = 0 }) {
    if (nonce === undefined || nonce === null) throw new Error('sign: nonce is required');
    const { genesisHash, specVersion, transactionVersion } = this.chain;
    const extrinsic = this.registry.createType('Extrinsic', call, { version: 4 });
    const mortal = era !== undefined && era !== null;
    extrinsic.sign(pair, {
      blockHash: mortal ? era.blockHash : genesisHash,
      era: mortal
        ? this.registry.createType('ExtrinsicEra', {
            current: era.current,
            period: era.period ?? DEFAULT_PERIOD,
          })
        : this.registry.createType('ExtrinsicEra', '0x00'),
      genesisHash,
      nonce,
      runtimeVersion: { specVersion, transactionVersion },
      signedExtensions: this.registry.signedExtensions,
      tip,
    });
    return extrinsic.toHex();
  }
}
