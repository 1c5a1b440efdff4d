// Failures in words: medshare's own errors by their message, Anchor's known ones in words, the
// Arcium program's by its message (their code ranges do not overlap), and never a bare number
// for a code any of them names.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arcium } from '../../clients/typescript/arcium.ts';
import { explain, refusalName } from '../../clients/typescript/errors.ts';
import idl from '../../idl/share_medical_records.json';

const failed = (code: number) => new Error(`Transaction simulation failed: Error processing Instruction 0: custom program error: 0x${code.toString(16)}`);

test("a code names medshare's error, Anchor's or Arcium's, in words", async () => {
  // The Arcium client hands over its program's errors when it loads, before any computation.
  await arcium();
  const first = idl.errors.find(({ code }) => code === 7000)!;
  assert.equal(refusalName(failed(7000)), first.name);
  assert.equal(explain(failed(7000)), `The program refused: ${first.msg.replace(/\.$/, '')}. Nothing was changed.`);
  assert.match(explain(failed(3012)), /^The program refused: the account it needs does not exist on chain\. Nothing was changed\.$/);
  assert.equal(refusalName(failed(6203)), 'AlreadyInitializedComputation');
  assert.equal(explain(failed(6203)), 'The Arcium network refused the computation: The computation is already initialized. Nothing was changed.');
  assert.doesNotMatch(explain(failed(7001)), /error \d+/);
});
