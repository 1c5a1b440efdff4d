// What a build of the app knows about its deployment, from the environment at build time:
//   VITE_MEDSHARE_CLUSTER_OFFSET  the Arcium cluster the MXE runs on (0, localnet's, if unset)
//   VITE_MEDSHARE_MXE_KEY         the MXE's x25519 key in hex; when set, the app encrypts to no
//                                 other key, whatever the RPC node says

export const CLUSTER_OFFSET = Number(import.meta.env.VITE_MEDSHARE_CLUSTER_OFFSET ?? 0);

function hexBytes(hex: string | undefined): Uint8Array | undefined {
  if (!hex) return undefined;
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error('VITE_MEDSHARE_MXE_KEY must be 64 hex digits');
  return Uint8Array.from(hex.match(/../g)!, (pair) => parseInt(pair, 16));
}

export const PINNED_MXE_KEY = hexBytes(import.meta.env.VITE_MEDSHARE_MXE_KEY);
