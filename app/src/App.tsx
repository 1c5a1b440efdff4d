// The shell: the cluster connection and the Wallet Standard wallets, a page per role chosen by
// the address's hash (#/patient, #/provider, #/compliance), and the RPC setting.

import { ConnectionProvider, WalletProvider } from '@solana/wallet-adapter-react';
import { useEffect, useState } from 'react';
import { CompliancePage } from './compliance/CompliancePage.tsx';
import { PatientPage } from './patient/PatientPage.tsx';
import { ProviderPage } from './provider/ProviderPage.tsx';
import { Settings } from './Settings.tsx';
import { rpcUrl, websocketUrl } from './settings.ts';
import { StatusProvider } from './ui/status.tsx';
import { WalletGate } from './wallet/WalletGate.tsx';

const ROLES = [
  { path: '#/patient', label: 'Patient' },
  { path: '#/provider', label: 'Provider' },
  { path: '#/compliance', label: 'Compliance' },
] as const;

function useRoute(): string {
  const [hash, setHash] = useState(location.hash || '#/patient');
  useEffect(() => {
    const follow = () => setHash(location.hash || '#/patient');
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  return hash;
}

export function App() {
  const rpc = rpcUrl();
  const route = useRoute();
  const role = ROLES.find(({ path }) => path === route) ?? ROLES[0];
  useEffect(() => {
    document.title = `${role.label} · medshare`;
  }, [role]);
  return (
    <ConnectionProvider endpoint={rpc} config={{ commitment: 'confirmed', wsEndpoint: websocketUrl(rpc) }}>
      <WalletProvider wallets={[]} autoConnect>
        <StatusProvider>
          <header>
            <p className="brand">medshare</p>
            <nav aria-label="Roles">
              <ul>
                {ROLES.map(({ path, label }) => (
                  <li key={path}>
                    <a href={path} aria-current={path === role.path ? 'page' : undefined}>
                      {label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <Settings rpc={rpc} />
          </header>
          <main>
            {role.path === '#/compliance' ? (
              <CompliancePage />
            ) : (
              <>
                <h1>{role.path === '#/patient' ? 'Your medical record' : 'Provider workspace'}</h1>
                <WalletGate>{role.path === '#/patient' ? <PatientPage /> : <ProviderPage />}</WalletGate>
              </>
            )}
          </main>
        </StatusProvider>
      </WalletProvider>
    </ConnectionProvider>
  );
}
