// Deterministic test vectors from the reference TypeScript client, @arcium-hq/client 0.14.1.
// tests/vectors.rs checks medshare-crypto against the JSON this prints, byte for byte.
//
//   npm ci && npm run generate
//
// All inputs derive from SHA-256 of fixed labels, so re-running gives the same file.
import { createHash } from 'node:crypto';
import {
  CURVE25519_BASE_FIELD,
  RescueCipher,
  RescuePrimeHash,
  createPacker,
  deserializeLE,
  serializeLE,
  x25519,
} from '@arcium-hq/client';

const P = (1n << 255n) - 19n;

const hex = (bytes) => Buffer.from(bytes).toString('hex');
const fromHex = (s) => Uint8Array.from(Buffer.from(s, 'hex'));
const elementHex = (n) => hex(serializeLE(n, 32));

function seededBytes(label, length) {
  let out = Buffer.alloc(0);
  for (let i = 0; out.length < length; i++) {
    out = Buffer.concat([out, createHash('sha256').update(`medshare/${label}/${i}`).digest()]);
  }
  return Uint8Array.from(out.subarray(0, length));
}

// A uniform-looking canonical field element (rejection sampling on 255 bits).
function seededElement(label) {
  for (let i = 0; ; i++) {
    const bytes = seededBytes(`${label}/${i}`, 32);
    bytes[31] &= 0x7f;
    const n = deserializeLE(bytes);
    if (n < P) return n;
  }
}

// Edge values first, then seeded ones.
function plaintext(label, length) {
  const edges = [0n, 1n, P - 1n, (1n << 128n) - 1n, 1n << 214n];
  return Array.from({ length }, (_, i) => (i < edges.length && label.endsWith('edges')
    ? edges[i]
    : seededElement(`${label}/${i}`)));
}

// --- x25519 -------------------------------------------------------------------------------
const secretPairs = [
  ['alice', 'mxe'],
  ['bob', 'mxe'],
  // Secrets with every bit set / cleared exercise clamping.
  ['ones', 'zeros'],
];
const fixedSecret = (name) => {
  if (name === 'ones') return new Uint8Array(32).fill(0xff);
  if (name === 'zeros') return new Uint8Array(32);
  return seededBytes(`x25519/${name}`, 32);
};
const x25519Cases = secretPairs.map(([a, b]) => {
  const secretA = fixedSecret(a);
  const secretB = fixedSecret(b);
  const publicA = x25519.getPublicKey(secretA);
  const publicB = x25519.getPublicKey(secretB);
  const shared = x25519.getSharedSecret(secretA, publicB);
  if (hex(shared) !== hex(x25519.getSharedSecret(secretB, publicA))) throw new Error('x25519');
  return {
    secret_a: hex(secretA),
    secret_b: hex(secretB),
    public_a: hex(publicA),
    public_b: hex(publicB),
    shared_secret: hex(shared),
  };
});

// --- Rescue-Prime hash ---------------------------------------------------------------------
const hasher = new RescuePrimeHash(CURVE25519_BASE_FIELD);
const hashCases = [0, 1, 3, 6, 7, 8, 13, 14, 15].map((length) => {
  const message = plaintext(`hash/${length}`, length);
  return { message: message.map(elementHex), digest: hasher.digest(message).map(elementHex) };
});

// --- Rescue cipher -------------------------------------------------------------------------
const nonces = [
  new Uint8Array(16),
  new Uint8Array(16).fill(0xff),
  seededBytes('nonce/0', 16),
  seededBytes('nonce/1', 16),
];
const lengths = [0, 1, 2, 4, 5, 6, 10, 11, 23];
const secrets = [
  ...x25519Cases.map((c) => fromHex(c.shared_secret)),
  // Not an x25519 output: >= p, so the client reduces it before hashing.
  new Uint8Array(32).fill(0xff),
];
const cipherCases = [];
secrets.forEach((secret, s) => {
  const cipher = new RescueCipher(secret);
  lengths.forEach((length, l) => {
    const nonce = nonces[(s + l) % nonces.length];
    const label = `cipher/${s}/${length}` + (l % 2 === 0 ? '/edges' : '');
    const pt = plaintext(label, length);
    const ct = cipher.encrypt(pt, nonce);
    const back = cipher.decrypt(ct, nonce);
    if (back.some((x, i) => x !== pt[i])) throw new Error('decrypt');
    cipherCases.push({
      shared_secret: hex(secret),
      key: cipher.cipher.desc.mode.key.map(elementHex),
      nonce: hex(nonce),
      plaintext: pt.map(elementHex),
      ciphertext: ct.map((c) => hex(c)),
    });
  });
});

// --- Packing -------------------------------------------------------------------------------
// Types are "bool", "u<w>", "i<w>" or "full". Only cases where createPacker agrees with Arcis:
// no full field mixed with narrower ones, and narrower ones filling at most two elements.
const fieldInfo = (type, name) => {
  if (type === 'bool') return { name, type: 'Bool' };
  if (type === 'full') return { name, type: 'FullInteger' };
  return { name, type: { Integer: { signed: type[0] === 'i', width: Number(type.slice(1)) } } };
};
const packCase = (fields) => {
  const packer = createPacker(fields.map(([type], i) => fieldInfo(type, `f${i}`)));
  const data = Object.fromEntries(fields.map(([, value], i) => [`f${i}`, value]));
  const packed = packer.pack(data);
  const back = packer.unpack(packed);
  fields.forEach(([, value], i) => {
    if (back[`f${i}`] !== value) throw new Error(`unpack f${i}`);
  });
  return {
    fields: fields.map(([type, value]) => ({
      type,
      value: typeof value === 'boolean' ? value : value.toString(),
    })),
    packed: packed.map(elementHex),
  };
};
const range = (n, f) => Array.from({ length: n }, (_, i) => f(i));
const packCases = [
  [],
  [['bool', true]],
  // A patient record: id, age, sex, blood type, weight (g), height (mm), five allergy flags.
  [
    ['u64', 9007199254740993n], ['u8', 42n], ['bool', true], ['u8', 3n], ['u32', 81500n],
    ['u16', 1780n], ['bool', false], ['bool', true], ['bool', true], ['bool', false], ['bool', true],
  ],
  // Signed extremes (offset binary) across two elements.
  [
    ['i8', -5n], ['i16', -300n], ['i32', -(1n << 31n)], ['i64', (1n << 63n) - 1n],
    ['i128', -1n], ['u128', (1n << 128n) - 1n],
  ],
  [['i8', -128n], ['i8', 127n], ['i8', 0n], ['i16', -1n], ['u16', 65535n]],
  // 26 bytes fill 208 of 214 bits; a 27th opens a second element.
  range(26, (i) => ['u8', BigInt(255 - i)]),
  range(27, (i) => ['u8', BigInt(i * 9)]),
  // Declaration order decides among equal widths; wider goes first.
  [['bool', true], ['u8', 1n], ['u64', 2n], ['u8', 3n], ['u32', 4n], ['bool', true], ['u16', 5n]],
  range(3, (i) => ['u64', BigInt(i + 1) << 60n]),
  // Only full fields.
  [['full', P - 1n], ['full', 0n], ['full', seededElement('pack/full')]],
].map(packCase);

console.log(JSON.stringify({
  generator: '@arcium-hq/client 0.14.1 (vectors/generate.mjs)',
  x25519: x25519Cases,
  rescue_prime_hash: hashCases,
  cipher: cipherCases,
  pack: packCases,
}, null, 1));
