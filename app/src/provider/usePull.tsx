// One pull, granted or break-glass: the wallet signs the request, the cluster computes (the
// elapsed time is shown and announced), and the receipt's verdict comes back.

import type { BN } from '@anchor-lang/core';
import { useState } from 'react';
import { statusWords, variant } from '../../../clients/typescript/audit.ts';
import { type Medshare, NotAnswered } from '../../../clients/typescript/medshare.ts';
import { useAction } from '../ui/useAction.ts';

export type PullStep = 'idle' | 'signing' | 'computing' | 'done';

export function usePull(medshare: Medshare, onReceived: (offset: BN) => void) {
  const action = useAction();
  const [step, setStep] = useState<PullStep>('idle');
  const [elapsed, setElapsed] = useState(0);

  const pull = (request: () => Promise<BN>) =>
    action.run('Sign the request in your wallet…', async (report) => {
      setStep('signing');
      try {
        const offset = await request();
        setStep('computing');
        report(`Request ${offset} queued: the Arcium cluster is re-encrypting the record for your key…`);
        const started = Date.now();
        setElapsed(0);
        const timer = setInterval(() => setElapsed(Math.floor((Date.now() - started) / 1000)), 500);
        const receipt = await medshare
          .awaitDisclosure(offset)
          .catch((failure: unknown) => {
            if (!(failure instanceof NotAnswered)) throw failure;
            throw new Error(`The cluster has not answered request ${offset} yet; it may still. The inbox shows the request while it waits, and closes it out once it has waited 180 slots unanswered.`);
          })
          .finally(() => clearInterval(timer));
        if (!variant(receipt.status).startsWith('delivered')) throw new Error(`the cluster did not deliver: ${statusWords(receipt.status)}`);
        setStep('done');
        onReceived(offset);
        report('Delivered: the record is decrypted below.');
      } finally {
        setStep((current) => (current === 'done' ? 'done' : 'idle'));
      }
    });

  return { pull, step, elapsed, pending: action.pending, error: action.error, setError: action.setError };
}

export function PullProgress({ step, elapsed }: { step: PullStep; elapsed: number }) {
  if (step === 'idle' || step === 'done') return null;
  return (
    <ol className="progress" aria-label="Progress">
      <li aria-current={step === 'signing' ? 'step' : undefined}>{step === 'signing' ? 'Waiting for your wallet…' : 'Request signed'}</li>
      <li aria-current={step === 'computing' ? 'step' : undefined}>
        {step === 'computing' ? `The cluster is computing (${elapsed} s)…` : 'The cluster computes'}
      </li>
      <li>Decrypt with your key</li>
    </ol>
  );
}
