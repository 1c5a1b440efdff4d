// Where the app reads and writes the chain: localnet unless a saved setting names another
// JSON-RPC URL (devnet, a clinic's node). The node is trusted for what it returns, so a link
// may name one (`?rpc=`) only on this machine: a link cannot move a patient to a stranger's node.

export const DEFAULT_RPC = 'http://127.0.0.1:8899';
const STORAGE_KEY = 'medshare.rpc';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function rpcUrl(): string {
  const fromPage = new URLSearchParams(location.search).get('rpc');
  if (fromPage && isLoopback(fromPage)) return fromPage;
  return localStorage.getItem(STORAGE_KEY) ?? DEFAULT_RPC;
}

function isLoopback(url: string): boolean {
  try {
    return LOOPBACK.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** Saves `url` (or forgets it, for the default) and reloads, so every connection uses it. */
export function saveRpcUrl(url: string): void {
  if (url === DEFAULT_RPC) localStorage.removeItem(STORAGE_KEY);
  else localStorage.setItem(STORAGE_KEY, url);
  const page = new URL(location.href);
  page.searchParams.delete('rpc');
  location.assign(page.toString());
}

/** The RPC's websocket: localnet serves it on the next port, as web3.js assumes for any URL. */
export function websocketUrl(rpc: string): string {
  const url = new URL(rpc);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (url.port) url.port = String(Number(url.port) + 1);
  return url.toString();
}
