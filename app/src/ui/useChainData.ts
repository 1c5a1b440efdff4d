// Reads something from the chain when its inputs change, and again on `reload()`.

import { type DependencyList, useCallback, useEffect, useState } from 'react';
import { explain } from '../../../clients/typescript/errors.ts';

export function useChainData<T>(read: () => Promise<T>, inputs: DependencyList) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  // The caller names the inputs `read` depends on.
  const stableRead = useCallback(read, inputs);
  useEffect(() => {
    let current = true;
    setLoading(true);
    stableRead()
      .then((value) => current && (setData(value), setError(undefined)))
      .catch((failure) => current && setError(explain(failure)))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [stableRead, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { data, error, loading, reload };
}
