// The Arcium client, loaded on first use. It is one module of 34 KB gzipped that does not
// tree-shake, and a page that only reads the chain (the compliance page, a patient's grants)
// needs none of it. Loading it also makes the Arcium program's errors nameable (errors.ts):
// every request that can meet one loads it first, through the accounts a computation names.

import type * as ArciumClient from '@arcium-hq/client';
import { knowArciumErrors } from './errors.ts';

let loaded: Promise<typeof ArciumClient> | undefined;

export function arcium(): Promise<typeof ArciumClient> {
  loaded ??= import('@arcium-hq/client').then((client) => {
    knowArciumErrors(client.ARCIUM_IDL.errors);
    return client;
  });
  return loaded;
}
