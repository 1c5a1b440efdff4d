// The page's one connection to the chain, at the RPC URL the settings name (changing them
// reloads the page). Only the role pages import it, so the shell paints without web3.js.

import { Connection } from '@solana/web3.js';
import { rpcUrl, websocketUrl } from './settings.ts';

export const connection = new Connection(rpcUrl(), { commitment: 'confirmed', wsEndpoint: websocketUrl(rpcUrl()) });
