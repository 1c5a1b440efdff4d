// The steps of one story, each a test: once a step fails, the later ones are skipped, since
// they build on what it would have left and could only time out.

import { test } from 'node:test';

export function storySteps() {
  let broken = false;
  return (name: string, body: () => Promise<void>) =>
    test(name, async (t) => {
      if (broken) return t.skip('an earlier step failed');
      await body().catch((error) => {
        broken = true;
        throw error;
      });
    });
}
