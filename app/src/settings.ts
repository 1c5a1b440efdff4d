// Where the app reads and writes the chain: localnet unless a saved setting names another
// JSON-RPC URL (devnet, a clinic's node); and the indexer the compliance page reads from, if
// any. Both are trusted for what they return, so a link may name one (`?rpc=`, `?indexer=`)
// only on this machine: a link cannot move a patient or an officer to a stranger's server.

export const DEFAULT_RPC = 'http://127.0.0.1:8899';
const STORAGE_KEY = 'medshare.rpc';
const INDEXER_KEY = 'medshare.indexer';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function rpcUrl(): string {
  const fromPage = new URLSearchParams(location.search).get('rpc');
  if (fromPage && isLoopback(fromPage)) return fromPage;
  return localStorage.getItem(STORAGE_KEY) ?? DEFAULT_RPC;
}

/** The `medshare indexer` the compliance page reads from; none: the chain's receipts. */
export function indexerUrl(): string | undefined {
  const fromPage = new URLSearchParams(location.search).get('indexer');
  if (fromPage && isLoopback(fromPage)) return fromPage;
  return localStorage.getItem(INDEXER_KEY) ?? undefined;
}

function isLoopback(url: string): boolean {
  try {
    return LOOPBACK.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** Saves `rpc` (or forgets it, for the default) and the indexer (none: forgotten), then
 * reloads, so every connection uses them. */
export function saveSettings(rpc: string, indexer: string): void {
  if (rpc === DEFAULT_RPC) localStorage.removeItem(STORAGE_KEY);
  else localStorage.setItem(STORAGE_KEY, rpc);
  if (indexer) localStorage.setItem(INDEXER_KEY, indexer);
  else localStorage.removeItem(INDEXER_KEY);
  const page = new URL(location.href);
  page.searchParams.delete('rpc');
  page.searchParams.delete('indexer');
  location.assign(page.toString());
}

/** The RPC's websocket: localnet serves it on the next port, as web3.js assumes for any URL. */
export function websocketUrl(rpc: string): string {
  const url = new URL(rpc);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (url.port) url.port = String(Number(url.port) + 1);
  return url.toString();
}
