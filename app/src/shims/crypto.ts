// What @arcium-hq/client takes from Node's `crypto`, from the browser's CSPRNG and
// @noble/hashes. The AES ciphers it also imports are not used by medshare.

import { sha256 } from '@noble/hashes/sha2';
import { sha3_256 } from '@noble/hashes/sha3';
import { Buffer } from 'buffer';

export function randomBytes(length: number): Buffer {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(length)));
}

const HASHES = { sha256, 'sha3-256': sha3_256 } as const;

export function createHash(algorithm: keyof typeof HASHES) {
  const hash = HASHES[algorithm];
  if (!hash) throw new Error(`hash ${algorithm} is not available in the browser`);
  const state = hash.create();
  return {
    update(data: Uint8Array | string) {
      state.update(typeof data === 'string' ? new TextEncoder().encode(data) : data);
      return this;
    },
    digest: () => Buffer.from(state.digest()),
  };
}

const unavailable = () => {
  throw new Error('AES is not available in the medshare web app');
};
export const createCipheriv = unavailable;
export const createDecipheriv = unavailable;
