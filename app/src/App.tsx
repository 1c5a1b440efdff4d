// The shell: the cluster connection and the Wallet Standard wallets, a page per role chosen by
// the address's hash (#/patient, #/provider, #/research, #/authority, #/compliance), and the RPC
// setting.

import { ConnectionProvider, WalletProvider } from '@solana/wallet-adapter-react';
import { useEffect, useState } from 'react';
import { AuthorityPage } from './authority/AuthorityPage.tsx';
import { CompliancePage } from './compliance/CompliancePage.tsx';
import { PatientPage } from './patient/PatientPage.tsx';
import { ProviderPage } from './provider/ProviderPage.tsx';
import { ResearchPage } from './research/ResearchPage.tsx';
import { Settings } from './Settings.tsx';
import { rpcUrl, websocketUrl } from './settings.ts';
import { StatusProvider } from './ui/status.tsx';
import { WalletGate } from './wallet/WalletGate.tsx';

/** Each role's page: its heading, and whether it needs a connected wallet. */
const ROLES = [
  { path: '#/patient', label: 'Patient', heading: 'Your medical record', page: () => <PatientPage /> },
  { path: '#/provider', label: 'Provider', heading: 'Provider workspace', page: () => <ProviderPage /> },
  { path: '#/research', label: 'Research', heading: 'Research studies', page: () => <ResearchPage /> },
  { path: '#/authority', label: 'Authority', heading: 'Access configuration authority', page: () => <AuthorityPage /> },
  { path: '#/compliance', label: 'Compliance', heading: undefined, page: () => <CompliancePage /> },
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
            {role.heading === undefined ? (
              role.page()
            ) : (
              <>
                <h1>{role.heading}</h1>
                <WalletGate>{role.page()}</WalletGate>
              </>
            )}
          </main>
        </StatusProvider>
      </WalletProvider>
    </ConnectionProvider>
  );
}
