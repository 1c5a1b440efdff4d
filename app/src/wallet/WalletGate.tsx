// Shows its children only with a wallet connected on the app's cluster: lists the Wallet
// Standard wallets the browser has, says which cluster the wallet is on when it is another,
// and shows the balance, with an airdrop on localnet.

import { useConnection, useWallet } from '@solana/wallet-adapter-react';
import { LAMPORTS_PER_SOL } from '@solana/web3.js';
import { Fragment, type ReactNode, useEffect, useState } from 'react';
import { chainLabel, chainOf } from '../cluster.ts';
import { rpcUrl } from '../settings.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { useAction } from '../ui/useAction.ts';
import { useChainData } from '../ui/useChainData.ts';

/** The chains the connected standard wallet's account says it is on, if it says. */
function accountChains(adapter: unknown): readonly string[] | undefined {
  const standard = (adapter as { wallet?: { accounts?: { chains: readonly string[] }[] } }).wallet;
  return standard?.accounts?.[0]?.chains;
}

export function WalletGate({ children }: { children: ReactNode }) {
  const { wallets, select, wallet, connected, connecting, publicKey, disconnect } = useWallet();
  const { connection } = useConnection();
  const [chain, setChain] = useState<string>();
  const [chainError, setChainError] = useState<string>();
  useEffect(() => {
    chainOf(connection).then(setChain, () => setChainError(`The chain cannot be reached at ${rpcUrl()}: start it (medshare localnet) or change the RPC URL in Settings.`));
  }, [connection]);

  if (chainError) return <ErrorText error={chainError} />;
  if (!connected || !publicKey || !wallet) {
    return (
      <section aria-labelledby="connect-heading" className="card">
        <h2 id="connect-heading">Connect a wallet</h2>
        {wallets.length === 0 ? (
          <p>No wallet found. Install a Solana wallet that supports the Wallet Standard, then reload this page.</p>
        ) : (
          <ul className="plain">
            {wallets.map(({ adapter }) => (
              <li key={adapter.name}>
                <button type="button" disabled={connecting} onClick={() => select(adapter.name)}>
                  {adapter.icon && <img src={adapter.icon} alt="" width={20} height={20} />} Connect {adapter.name}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    );
  }

  const chains = accountChains(wallet.adapter);
  if (chain && chains && chains.length > 0 && !chains.includes(chain)) {
    return (
      <section className="card">
        <ErrorText
          error={`Your wallet is set to ${chains.map(chainLabel).join(', ')}, but this app is connected to ${chainLabel(chain)} (${rpcUrl()}). Switch your wallet to ${chainLabel(chain)}, or change the RPC URL in Settings. Nothing was sent.`}
        />
        <button type="button" onClick={() => disconnect()}>
          Disconnect
        </button>
      </section>
    );
  }
  return (
    <>
      <WalletSummary chain={chain} onDisconnect={disconnect} name={wallet.adapter.name} address={publicKey.toBase58()} />
      {/* Keyed by the wallet: another wallet starts afresh, with no key of the previous one in memory. */}
      <Fragment key={publicKey.toBase58()}>{children}</Fragment>
    </>
  );
}

function WalletSummary({ chain, name, address, onDisconnect }: { chain?: string; name: string; address: string; onDisconnect: () => void }) {
  const { connection } = useConnection();
  const { publicKey } = useWallet();
  const balance = useChainData(() => connection.getBalance(publicKey!), [connection, publicKey]);
  const airdrop = useAction();
  const fund = () =>
    airdrop.run('Requesting 2 SOL from localnet…', async () => {
      const signature = await connection.requestAirdrop(publicKey!, 2 * LAMPORTS_PER_SOL);
      await connection.confirmTransaction({ signature, ...(await connection.getLatestBlockhash()) }, 'confirmed');
      balance.reload();
    }, 'Received 2 SOL.');
  const sol = balance.data === undefined ? '…' : (balance.data / LAMPORTS_PER_SOL).toLocaleString('en', { maximumFractionDigits: 4 });
  return (
    <section className="wallet-summary" aria-label="Your wallet">
      <p>
        <span>
          {name}: <code data-testid="wallet-address">{address}</code>
        </span>{' '}
        <span>
          Balance: <span data-testid="balance">{sol}</span> SOL on {chain ? chainLabel(chain) : '…'}
        </span>
      </p>
      {balance.data === 0 && chain !== 'solana:localnet' && (
        <p className="notice">Your wallet has no SOL on this cluster: fund it before you sign anything.</p>
      )}
      {chain === 'solana:localnet' && (
        <button type="button" onClick={fund} disabled={airdrop.pending}>
          Get 2 SOL (localnet)
        </button>
      )}{' '}
      <button type="button" onClick={onDisconnect}>
        Disconnect
      </button>
      <ErrorText error={airdrop.error} />
    </section>
  );
}
