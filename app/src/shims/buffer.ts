// @solana/web3.js, Anchor and @arcium-hq/client use Node's Buffer; this module is imported
// first, before any of them is evaluated.
import { Buffer } from 'buffer';

globalThis.Buffer ??= Buffer;
