// One polite live region for progress and outcomes, so a screen reader hears what the page is
// doing while the wallet and the cluster work; errors are announced where they occur (role=alert).

import { type ReactNode, createContext, useContext, useState } from 'react';

const AnnounceContext = createContext<(message: string) => void>(() => {});

export function StatusProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  return (
    <AnnounceContext.Provider value={setMessage}>
      <div className="status-bar" role="status" aria-live="polite" data-testid="status">
        {message}
      </div>
      {children}
    </AnnounceContext.Provider>
  );
}

export const useAnnounce = () => useContext(AnnounceContext);
