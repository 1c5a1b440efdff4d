// Opens a key file written by `medshare keys new` (format medshare-keystore/1): Argon2id
// stretches the passphrase into an XChaCha20-Poly1305 key that seals the x25519 secret. The web
// app uses it to take over a key made on the command line.

import { xchacha20poly1305 } from '@noble/ciphers/chacha';
import { argon2idAsync } from '@noble/hashes/argon2';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils';
import { type EncryptionKey, encryptionKeyFrom } from './medshare.ts';

const FORMAT = 'medshare-keystore/1';

export class KeystoreError extends Error {}

interface KeystoreFile {
  format: string;
  public_key: string;
  kdf: { algorithm: string; memory_kib: number; passes: number; lanes: number; salt: string };
  nonce: string;
  ciphertext: string;
}

/** The public key a key file declares, without its passphrase. */
export function keystorePublicKey(text: string): string {
  return parse(text).public_key;
}

/** Decrypts the key in `text` with `passphrase`; `onProgress` sees Argon2id's progress (0 to 1). */
export async function openKeystore(text: string, passphrase: string, onProgress?: (done: number) => void): Promise<EncryptionKey> {
  const file = parse(text);
  const { memory_kib: m, passes: t, lanes: p } = file.kdf;
  const stretched = await argon2idAsync(new TextEncoder().encode(passphrase), hexToBytes(file.kdf.salt), {
    m,
    t,
    p,
    dkLen: 32,
    onProgress,
  });
  let secret: Uint8Array;
  try {
    secret = xchacha20poly1305(stretched, hexToBytes(file.nonce)).decrypt(hexToBytes(file.ciphertext));
  } catch {
    throw new KeystoreError('wrong passphrase for this key file');
  }
  const key = encryptionKeyFrom(secret);
  if (bytesToHex(key.public) !== file.public_key) {
    throw new KeystoreError('the key file is damaged: its public key does not match its secret');
  }
  return key;
}

function parse(text: string): KeystoreFile {
  let file: KeystoreFile;
  try {
    file = JSON.parse(text);
  } catch {
    throw new KeystoreError('this is not a medshare key file: it is not JSON');
  }
  if (file?.format !== FORMAT) throw new KeystoreError(`this is not a medshare key file (format ${FORMAT} expected)`);
  if (file.kdf?.algorithm !== 'argon2id') throw new KeystoreError(`the key file uses ${file.kdf?.algorithm}, not argon2id`);
  return file;
}
