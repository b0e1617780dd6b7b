// Hashing and hex helpers of @polkadot, for the scripts outside this package (scripts/*.mjs
// resolve packages from here only through these modules).

export { u8aToHex } from '@polkadot/util';
export { blake2AsHex } from '@polkadot/util-crypto';
