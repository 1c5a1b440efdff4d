// Shows its children only with a wallet connected on the app's cluster: lists the Wallet
// Standard wallets the browser has, says which cluster the wallet is on when it is another,
// and shows the balance, with an airdrop on localnet. The wallet roles' pages load it with
// them; the shell and the compliance page never do.

import { LAMPORTS_PER_SOL } from '@solana/web3.js';
import { Fragment, type ReactNode, useEffect, useState } from 'react';
import { chainLabel, chainOf } from '../cluster.ts';
import { connection } from '../connection.ts';
import { rpcUrl } from '../settings.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { useAction } from '../ui/useAction.ts';
import { useChainData } from '../ui/useChainData.ts';
import { WalletProvider, useWallet } from './wallets.tsx';

export default function WalletGate({ children }: { children: ReactNode }) {
  return (
    <WalletProvider>
      <Gate>{children}</Gate>
    </WalletProvider>
  );
}

function Gate({ children }: { children: ReactNode }) {
  const { wallets, connect, connected, connecting, disconnect } = useWallet();
  const [chain, setChain] = useState<string>();
  const [chainError, setChainError] = useState<string>();
  const [connectError, setConnectError] = useState<string>();
  useEffect(() => {
    chainOf(connection).then(setChain, () => setChainError(`The chain cannot be reached at ${rpcUrl()}: start it (medshare localnet) or change the RPC URL in Settings.`));
  }, []);

  if (chainError) return <ErrorText error={chainError} />;
  if (!connected) {
    return (
      <section aria-labelledby="connect-heading" className="card">
        <h2 id="connect-heading">Connect a wallet</h2>
        {wallets.length === 0 ? (
          <p>No wallet found. Install a Solana wallet that supports the Wallet Standard, then reload this page.</p>
        ) : (
          <ul className="plain">
            {wallets.map((wallet) => (
              <li key={wallet.name}>
                <button
                  type="button"
                  disabled={connecting}
                  onClick={() => connect(wallet).then(() => setConnectError(undefined), () => setConnectError(`${wallet.name} did not connect: approve the connection in the wallet, then try again.`))}
                >
                  <img src={wallet.icon} alt="" width={20} height={20} /> Connect {wallet.name}
                </button>
              </li>
            ))}
          </ul>
        )}
        <ErrorText error={connectError} />
      </section>
    );
  }

  const chains: readonly string[] = connected.account.chains;
  if (chain && chains.length > 0 && !chains.includes(chain)) {
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
      <WalletSummary chain={chain} onDisconnect={disconnect} name={connected.name} address={connected.publicKey.toBase58()} />
      {/* Keyed by the wallet: another wallet starts afresh, with no key of the previous one in memory. */}
      <Fragment key={connected.publicKey.toBase58()}>{children}</Fragment>
    </>
  );
}

function WalletSummary({ chain, name, address, onDisconnect }: { chain?: string; name: string; address: string; onDisconnect: () => void }) {
  const publicKey = useWallet().connected!.publicKey;
  const balance = useChainData(() => connection.getBalance(publicKey), [publicKey]);
  const airdrop = useAction();
  const fund = () =>
    airdrop.run('Requesting 2 SOL from localnet…', async () => {
      const signature = await connection.requestAirdrop(publicKey, 2 * LAMPORTS_PER_SOL);
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
