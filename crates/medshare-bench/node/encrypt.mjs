// Encrypts and decrypts one record with @arcium-hq/client, as a client does before
// `store_record` and after a disclosure: x25519 with the MXE key, the Rescue key derived from the
// shared secret, then CTR over the packed record. Reads the inputs as JSON on stdin, prints the
// rates of each round and the ciphertexts (so the Rust side can check both did the same work) as JSON.
import { RescueCipher, deserializeLE, serializeLE, x25519 } from '@arcium-hq/client';

const fromHex = (s) => Uint8Array.from(Buffer.from(s, 'hex'));
const hex = (bytes) => Buffer.from(bytes).toString('hex');

const input = JSON.parse(await new Promise((resolve) => {
  let text = '';
  process.stdin.on('data', (chunk) => { text += chunk; });
  process.stdin.on('end', () => resolve(text));
}));
const secret = fromHex(input.secret);
const mxe = fromHex(input.mxe_public_key);
const nonce = fromHex(input.nonce);
const plaintext = input.plaintext.map((element) => deserializeLE(fromHex(element)));

const encrypt = () => new RescueCipher(x25519.getSharedSecret(secret, mxe)).encrypt(plaintext, nonce);
const decrypt = (ciphertexts) =>
  new RescueCipher(x25519.getSharedSecret(secret, mxe)).decrypt(ciphertexts, nonce);

// Records per second over `iterations`, after a warm-up for the JIT.
function rate(operation) {
  for (let i = 0; i < Math.min(50, input.iterations); i++) operation();
  const start = process.hrtime.bigint();
  for (let i = 0; i < input.iterations; i++) operation();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return input.iterations / seconds;
}

const ciphertexts = encrypt();
const opened = decrypt(ciphertexts);
if (opened.some((element, i) => element !== plaintext[i])) throw new Error('round trip failed');
// One rate per round, so that the Rust side can pair them with its own rounds.
const rounds = Array.from({ length: input.rounds }, () => ({
  encrypt: rate(encrypt),
  decrypt: rate(() => decrypt(ciphertexts)),
}));
console.log(JSON.stringify({
  encrypt_per_second: rounds.map((round) => round.encrypt),
  decrypt_per_second: rounds.map((round) => round.decrypt),
  ciphertexts: ciphertexts.map((c) => hex(Uint8Array.from(c))),
  opened: opened.map((element) => hex(serializeLE(element, 32))),
}));
