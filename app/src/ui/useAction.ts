// Runs one user action: announces its progress, keeps the form busy while it runs, and turns
// any failure into a sentence (clients/typescript/errors.ts) shown next to the form.

import { useCallback, useState } from 'react';
import { explain } from '../../../clients/typescript/errors.ts';
import { useAnnounce } from './status.tsx';

export function useAction() {
  const announce = useAnnounce();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();

  const run = useCallback(
    async <T,>(progress: string, action: (report: (step: string) => void) => Promise<T>, done?: string): Promise<T | undefined> => {
      setPending(true);
      setError(undefined);
      announce(progress);
      try {
        const result = await action(announce);
        if (done) announce(done);
        return result;
      } catch (failure) {
        console.error(failure);
        announce('');
        setError(explain(failure));
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [announce],
  );
  return { run, pending, error, setError };
}
