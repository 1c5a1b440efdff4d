// The shell: a page per role chosen by the address's hash (#/patient, #/provider, #/research,
// #/authority, #/compliance), and the settings. Each page is its own chunk, loaded when its role
// is opened, and the wallet roles' pages load the wallet with them: the shell holds no chain,
// wallet or cipher code, so it paints first.

import { Suspense, lazy, useEffect, useState } from 'react';
import { Settings } from './Settings.tsx';
import { rpcUrl } from './settings.ts';
import { StatusProvider } from './ui/status.tsx';

const WalletGate = lazy(() => import('./wallet/WalletGate.tsx'));

const PatientPage = lazy(() => import('./patient/PatientPage.tsx').then((page) => ({ default: page.PatientPage })));
const ProviderPage = lazy(() => import('./provider/ProviderPage.tsx').then((page) => ({ default: page.ProviderPage })));
const ResearchPage = lazy(() => import('./research/ResearchPage.tsx').then((page) => ({ default: page.ResearchPage })));
const AuthorityPage = lazy(() => import('./authority/AuthorityPage.tsx').then((page) => ({ default: page.AuthorityPage })));
const CompliancePage = lazy(() => import('./compliance/CompliancePage.tsx').then((page) => ({ default: page.CompliancePage })));

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
        {role.heading && <h1>{role.heading}</h1>}
        <Suspense fallback={<p>Loading the page…</p>}>{role.heading === undefined ? role.page() : <WalletGate>{role.page()}</WalletGate>}</Suspense>
      </main>
    </StatusProvider>
  );
}
